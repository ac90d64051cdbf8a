// Lighthouse (mobile settings, the package's default form factor and throttling) on the public
// showcase pages, in Debian's Chromium against a demo server built and started for the run.
// `npx tsx scripts/lighthouse-public.ts` prints the scores; `npm run bench -- --only lighthouse`
// reports `lighthouse_performance` and `lighthouse_accessibility` (the lowest over the pages).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/support/chromium.ts';
import { buildWebIfNeeded, startServer } from '../tests/e2e/support/server.ts';

export interface LighthouseFigures {
  performance: number;
  accessibility: number;
  pages: { url: string; performance: number; accessibility: number; metrics: string; failed: string[] }[];
}

export async function benchLighthouse(log: (m: string) => void = () => {}): Promise<LighthouseFigures> {
  const chromePath = findChromium();
  if (!chromePath) throw new Error('Chromium not found (set CHROMIUM_PATH or apt-get install chromium)');
  buildWebIfNeeded();
  const server = await startServer();
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: CHROMIUM_ARGS.filter((f) => f !== '--headless').concat(['--headless=new']),
  });
  try {
    const home = await (await fetch(`${server.baseUrl}/api/public/home`)).json();
    const id = home.latest?.[0]?.id;
    const urls = [
      `${server.baseUrl}/share`,
      `${server.baseUrl}/share/search?q=${encodeURIComponent('机床主轴发热')}`,
      ...(id ? [`${server.baseUrl}/share/a/${id}`] : []),
    ];
    const pages: LighthouseFigures['pages'] = [];
    for (const url of urls) {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
      });
      const lhr = result!.lhr;
      // LH_SAVE=dir keeps each page's full report (JSON) for a closer look at what costs.
      if (process.env.LH_SAVE) {
        mkdirSync(process.env.LH_SAVE, { recursive: true });
        const name = url
          .replace(server.baseUrl, '')
          .replace(/[^\w]+/g, '_')
          .slice(0, 40);
        writeFileSync(join(process.env.LH_SAVE, `${name || 'root'}.json`), JSON.stringify(lhr));
      }
      const failed = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary')
        .map((a) => a.id);
      const metric = (id: string) => lhr.audits[id]?.displayValue ?? '?';
      const page = {
        url: url.replace(server.baseUrl, ''),
        metrics: `FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}, SI ${metric('speed-index')}`,
        performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
        failed,
      };
      log(
        `${page.url}: performance ${page.performance}, accessibility ${page.accessibility} (${page.metrics})${failed.length ? `; failing: ${failed.join(', ')}` : ''}`,
      );
      pages.push(page);
    }
    return {
      performance: Math.min(...pages.map((p) => p.performance)),
      accessibility: Math.min(...pages.map((p) => p.accessibility)),
      pages,
    };
  } finally {
    await chrome.kill();
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('lighthouse-public.ts')) {
  benchLighthouse((m) => process.stderr.write(`[lighthouse] ${m}\n`)).then((f) => {
    console.log(
      JSON.stringify({ lighthouse_performance: f.performance, lighthouse_accessibility: f.accessibility }),
    );
  });
}
