import type { MiddlewareHandler } from 'hono';
import { nodeResponse } from './node-http.ts';

// antd writes its styles at run time, hence 'unsafe-inline' for styles only; scripts are ours alone.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers on every response (SECURITY.md "Input, files, exports"). A route may set a stricter
 * one of its own (a downloaded file's sandboxing CSP, a public image's caching), which wins.
 * API answers are not cached unless their route says so.
 */
export function securityHeaders(opts: { secure: boolean }): MiddlewareHandler {
  const always: [string, string][] = [
    ['Content-Security-Policy', CSP],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['X-Frame-Options', 'DENY'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ];
  if (opts.secure) always.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  const api: [string, string][] = [...always, ['Cache-Control', 'no-store']];
  return async (c, next) => {
    const headers = c.req.path.startsWith('/api/') ? api : always;
    // On Node they go to Node's response before the answer exists; Node merges the answer's own.
    const outgoing = nodeResponse(c);
    if (outgoing) {
      for (const [k, v] of headers) outgoing.setHeader(k, v);
      return next();
    }
    await next();
    const h = c.res.headers;
    for (const [k, v] of headers) if (!h.has(k)) h.set(k, v);
  };
}
