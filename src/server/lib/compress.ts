// gzip for the API's JSON answers. Every browser sends `Accept-Encoding: gzip`; a page of 20
// enterprises is 10.8 KB as JSON and 1.1 KB compressed, which matters on a phone's network and
// costs the server less than writing the bytes (measured with `npm run bench -- --only api-vs-hello`).
// Files (xlsx, docx, images) are compressed already and pass as they are.
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { requestHeader } from './node-http.ts';

/** Shorter answers go as they are: compressing would save less than it costs. */
export const COMPRESS_MIN_BYTES = 1024;

/** Whether the client takes gzip: named (or `*`) in Accept-Encoding with a weight above zero. */
export function acceptsGzip(c: Context): boolean {
  const h = requestHeader(c, 'accept-encoding');
  if (!h) return false;
  for (const part of h.split(',')) {
    const [name, ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
    return q === undefined || Number(q) > 0;
  }
  return false;
}

/** Level 1 for answers made per request (fast); cached answers are compressed once, harder. */
export const gzipFast = (text: string | Uint8Array) => gzipSync(text, { level: 1 });
export const gzipOnce = (text: string) => gzipSync(text, { level: 6 });

// Answers made final by their route (compressed once, e.g. `jsonOnce`): passed without a look.
const compressed = new WeakSet<Response>();

/** Marks an answer its route has compressed (or chosen not to), so that it passes untouched. */
export function markCompressed<T extends Response>(res: T): T {
  compressed.add(res);
  return res;
}

/** Compresses the request's answer if it is JSON, not compressed yet, and the client takes gzip. */
export async function compressAnswer(c: Context): Promise<void> {
  const res = c.res;
  // Only headers and status are read before deciding: touching `body` would turn
  // @hono/node-server's light response into a streamed one, for every answer.
  if (compressed.has(res) || !acceptsGzip(c)) return;
  if (
    res.status === 204 ||
    res.status === 304 ||
    res.headers.has('content-encoding') ||
    !res.headers.get('content-type')?.startsWith('application/json')
  )
    return;
  const bytes = new Uint8Array(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  const compress = bytes.length >= COMPRESS_MIN_BYTES;
  if (compress) {
    headers.set('content-encoding', 'gzip');
    headers.append('vary', 'accept-encoding');
    headers.delete('content-length');
  }
  c.res = new Response(compress ? new Uint8Array(gzipFast(bytes)) : bytes, { status: res.status, headers });
}
