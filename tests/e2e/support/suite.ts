// What every browser test file sets up: the built web app served by a real server on the demo
// data, one Chromium, and a fresh browser context (no cookies) per page asked for.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, MISSING_CHROMIUM } from './chromium.ts';
import { type RunningServer, startSeededServer } from './server.ts';

export interface BrowserSuite {
  /** The server's address, once it runs. */
  base(): string;
  /** A page in a new context; closes the previous context. */
  freshPage(viewport?: { width: number; height: number }, isMobile?: boolean): Promise<Page>;
  /** Uncaught errors of every page so far (a test asserts there are none). */
  pageErrors: string[];
}

/**
 * Registers the file's beforeAll and afterAll; `onPage` watches each new page (console, …);
 * `serverEnv` adds to the server's environment.
 */
export function browserSuite(
  chromiumPath: string | null,
  opts: { onPage?: (page: Page) => void; serverEnv?: Record<string, string> } = {},
): BrowserSuite {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!chromiumPath) throw new Error(`CI=true: ${MISSING_CHROMIUM}`);
    server = await startSeededServer(opts.serverEnv);
    browser = await launchChromium(chromiumPath);
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  return {
    pageErrors,
    base: () => server!.baseUrl,
    async freshPage(viewport = { width: 1440, height: 900 }, isMobile = false) {
      await context?.close().catch(() => {});
      context = await browser!.newContext({ viewport, isMobile, hasTouch: isMobile, locale: 'zh-CN' });
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      opts.onPage?.(page);
      return page;
    },
  };
}
