import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_V8_FLAGS, TS_RUNTIME } from './node-flags.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('how node runs the server', () => {
  it('`npm start` passes the same V8 flags and TypeScript runtime as the bench and the tests', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
    const [node, ...args] = (pkg.scripts.start as string).split(/\s+/);
    expect(node).toBe('node');
    const at = args.indexOf('--import');
    expect(args.slice(0, at)).toEqual([...SERVER_V8_FLAGS]);
    expect(resolve(ROOT, args[at + 1])).toBe(TS_RUNTIME);
  });

  it('uses flags this node accepts', () => {
    for (const flag of SERVER_V8_FLAGS)
      expect(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0])).toBe(true);
  });

  it('runs TypeScript without wrapping closures in __name, with stacks at the .ts lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jx-ts-runtime-'));
    try {
      const file = join(dir, 'probe.ts');
      const flags = pathToFileURL(resolve(ROOT, 'src/server/node-flags.ts')).href;
      writeFileSync(
        file,
        [
          `import { SERVER_V8_FLAGS } from '${flags}';`,
          'type N = number;',
          'export function twice(x: N): N { const double = (y: N) => y * 2; return double(x); }',
          "const at = new Error('here').stack?.split('\\n')[1];",
          'console.log(JSON.stringify({ f: twice.toString(), v: twice(21), flags: SERVER_V8_FLAGS, at }));',
        ].join('\n'),
      );
      const out = JSON.parse(
        execFileSync(process.execPath, ['--import', TS_RUNTIME, file], { encoding: 'utf8' }),
      );
      expect(out.v).toBe(42);
      expect(out.flags).toEqual([...SERVER_V8_FLAGS]);
      expect(out.f).toContain('const double = (y) => y * 2');
      expect(out.f).not.toContain('__name');
      expect(out.at).toContain(`${file}:4:`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
