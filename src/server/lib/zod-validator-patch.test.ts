// patches/@hono+zod-validator+0.9.1.patch (decision 024): a zod schema is parsed synchronously;
// only a schema with asynchronous parts falls back to safeParseAsync.
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

function appOf(schema: z.ZodType) {
  return new Hono().get(
    '/',
    zValidator('query', schema, (result, c) => {
      if (!result.success) return c.json({ issues: result.error.issues.length }, 400);
    }),
    (c) => c.json(c.req.valid('query' as never)),
  );
}

describe('the zod-validator patch', () => {
  it('parses a synchronous schema without safeParseAsync', async () => {
    const schema = z.object({ page: z.coerce.number().int().positive() });
    schema.safeParseAsync = () => {
      throw new Error('safeParseAsync called');
    };
    const app = appOf(schema);
    const ok = await app.request('/?page=2');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ page: 2 });
    const bad = await app.request('/?page=-1');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ issues: 1 });
  });

  it('still runs a schema with an asynchronous refinement', async () => {
    const schema = z.object({
      name: z.string().refine(async (v) => v !== 'taken', { message: '已被占用' }),
    });
    const app = appOf(schema);
    expect(await (await app.request('/?name=free')).json()).toEqual({ name: 'free' });
    const taken = await app.request('/?name=taken');
    expect(taken.status).toBe(400);
  });
});
