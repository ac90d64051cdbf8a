// The browser tests' one seeding of the province: the web app is built if its sources
// changed, the platform starts once on an empty data directory (migrations, demo data) and
// stops; every test file's server then starts on a copy of that directory (server.ts).
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findChromium } from './chromium.ts';
import { buildWebIfNeeded, startServer } from './server.ts';

export default async function setup(project: TestProject) {
  // Without a browser the files skip (or, under CI, fail on their own): nothing to seed.
  if (!findChromium()) {
    project.provide('e2eSeedDataDir', '');
    return;
  }
  buildWebIfNeeded();
  const seed = await startServer({ keep: true, timeoutMs: 240_000 });
  await seed.stop();
  project.provide('e2eSeedDataDir', seed.dataDir);
  return () => rmSync(dirname(seed.dataDir), { recursive: true, force: true });
}
