import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './node-flags.ts';

describe('the server’s V8 flags', () => {
  it('`npm start` passes every one of them to node', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const start: string = pkg.scripts.start;
    const [node, ...args] = start.split(/\s+/);
    expect(node).toBe('node');
    const flags = args.slice(0, args.indexOf('--import'));
    expect(flags).toEqual([...SERVER_NODE_FLAGS]);
  });

  it('are flags this node accepts', () => {
    for (const flag of SERVER_NODE_FLAGS)
      expect(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0])).toBe(true);
  });
});
