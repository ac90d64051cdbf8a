import type { MiddlewareHandler } from 'hono';

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

/** Headers on every response (SECURITY.md "Input, files, exports"). */
export function securityHeaders(opts: { secure: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (opts.secure) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // Authenticated data is never cached; a public image of the showcase sets its own caching.
    if (c.req.path.startsWith('/api/') && !(c.req.path.startsWith('/api/public/') && h.has('Cache-Control')))
      h.set('Cache-Control', 'no-store');
    h.delete('X-Powered-By');
    h.delete('Server');
  };
}
