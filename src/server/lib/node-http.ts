import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

// Served by Node (@hono/node-server passes them as the environment), the request's headers are
// read from Node's parsed object and the fixed response headers set on Node's response: the
// per-request undici Headers objects of the Fetch API cost more than the rest of a cached read
// (decision 023). `app.request()` in tests has neither and takes the Fetch API's way.
interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/** A request header (lower-case name), read without building a Headers object when served by Node. */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as NodeBindings | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const v = incoming.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * Sets a response header before the answer is made, for every answer of this request; a header
 * the route sets itself wins. On Node it goes to Node's response, so the answer's own headers
 * stay a plain object all the way to the socket.
 */
export function presetHeader(c: Context, name: string, value: string): void {
  const outgoing = nodeResponse(c);
  if (outgoing) outgoing.setHeader(name, value);
  else c.header(name, value);
}

/** Node's response of the request, when served by Node. */
export function nodeResponse(c: Context): ServerResponse | undefined {
  return (c.env as NodeBindings | undefined)?.outgoing;
}
