// The routes of the OpenAPI document, for tests that walk every endpoint.
import type { TestEnv } from './app.ts';

export interface DocRoute {
  method: string;
  path: string; // OpenAPI form: /api/users/{id}
  op: any;
}

export async function documentedRoutes(env: Pick<TestEnv, 'app'>): Promise<DocRoute[]> {
  const res = await env.app.request('/api/openapi.json');
  const doc = (await res.json()) as { paths: Record<string, Record<string, any>> };
  const out: DocRoute[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) out.push({ method: method.toUpperCase(), path, op });
  }
  return out;
}

export function fillPath(path: string, values: Record<string, string | number>): string {
  return path.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
}

export async function doc(env: Pick<TestEnv, 'app'>) {
  return (await (await env.app.request('/api/openapi.json')).json()) as any;
}
