// Interactive API documentation at /api/docs, served from the swagger-ui-dist package
// (no CDN: the platform runs on networks without Internet access).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRouter } from '../../lib/http.ts';

const require = createRequire(import.meta.url);
const distDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};
const cache = new Map<string, string>();

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>匠心 API 文档</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger' });`;

export const docsRoutes = createRouter()
  .get('/api/docs', (c) => c.html(PAGE))
  .get('/api/docs/init.js', (c) => c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
  .get('/api/docs/:asset', (c) => {
    const name = c.req.param('asset');
    const type = ASSETS[name];
    if (!type) return c.json({ error: { code: 'NOT_FOUND', message: '文件不存在' } }, 404);
    let body = cache.get(name);
    if (!body) {
      body = readFileSync(join(distDir, name), 'utf8');
      cache.set(name, body);
    }
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
