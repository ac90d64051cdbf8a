// patches/hono+4.13.19.patch (decision 023): Hono's validator reads Content-Type only for the
// targets that need it (json, form), so a GET's query validation builds no Headers object.
import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { describe, expect, it } from 'vitest';

class NoHeaders extends Request {
  override get headers(): Headers {
    throw new Error('headers read');
  }
}

describe('the Hono patch', () => {
  it('validates a query without reading the request headers', async () => {
    const app = new Hono().get(
      '/',
      validator('query', (v) => v),
      (c) => c.json(c.req.valid('query')),
    );
    const res = await app.fetch(new NoHeaders('http://x/?a=1'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ a: '1' });
  });

  it('still reads Content-Type for a JSON body', async () => {
    const app = new Hono().post(
      '/',
      validator('json', (v) => v),
      (c) => c.json(c.req.valid('json')),
    );
    const res = await app.request('/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ b: 2 }),
    });
    expect(await res.json()).toEqual({ b: 2 });
  });
});
