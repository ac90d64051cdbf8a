// The yardstick of `npm run bench`: a bare Hono hello-world on @hono/node-server, so the
// API's throughput is read as a fraction of what this machine serves with no work at all.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/', (c) => c.text('Hello, 匠心'));
const port = Number(process.env.PORT ?? 3100);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`hello on ${port}`));
process.on('SIGTERM', () => process.exit(0));
