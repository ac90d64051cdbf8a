import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { createRouter, jsonContent } from '../../lib/http.ts';

const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.enum(['pglite', 'postgres']),
    version: z.string(),
  })
  .openapi('Health');

export function healthRoutes(kind: 'pglite' | 'postgres', version: string) {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/health',
      tags: ['系统'],
      summary: '健康检查',
      responses: { 200: jsonContent(healthSchema) },
    }),
    async (c) => {
      let status: 'ok' | 'degraded' = 'ok';
      try {
        await c.get('ctx').db.execute(sql`select 1`);
      } catch {
        status = 'degraded';
      }
      return c.json({ status, database: kind, version }, 200);
    },
  );
}
