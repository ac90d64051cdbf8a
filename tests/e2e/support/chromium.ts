// Debian's Chromium for the browser tests: CHROMIUM_PATH or /usr/bin/chromium. Without it
// the suite fails under CI and is skipped, loudly, elsewhere.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** CHROMIUM_PATH when set (and then only it), else Debian's /usr/bin/chromium. */
export function findChromium(): string | null {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return existsSync(path) ? path : null;
}

export const MISSING_CHROMIUM =
  "Chromium not found (set CHROMIUM_PATH or install Debian's chromium: apt-get install -y chromium fonts-noto-cjk) / 未找到 Chromium";

export function warnMissingChromium() {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! e2e SKIPPED: ${MISSING_CHROMIUM}\n!! 浏览器测试已跳过：在 CI（CI=true）中这会导致失败。\n${bar}\n`,
  );
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}
