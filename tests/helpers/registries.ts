// Valid records for any registry, built from its definition: what tests need to exercise
// every registry without a hand-written body each.
import type { FieldDef, RegistryDef } from '../../src/shared/registries/types.ts';
import { REGISTRY_DEFS } from '../../src/shared/registries/catalog.ts';
import type { Client } from './app.ts';

function sampleValue(
  f: FieldDef,
  n: number,
  ctx: { enterpriseId: number; refs: Record<string, number> },
): unknown {
  switch (f.type) {
    case 'text':
    case 'longtext':
      return `${f.label.zh}样例${n}`.slice(0, f.max ?? 100);
    case 'int':
      return Math.max(f.min ?? 0, 1) + n;
    case 'year':
      return 2025;
    case 'decimal':
      return 1000 + n + 0.5;
    case 'date':
      return `2025-0${1 + (n % 9)}-1${n % 10}`;
    case 'bool':
      return n % 2 === 0;
    case 'enum':
      return f.options![n % f.options!.length].value;
    case 'phone':
      return `1380000${String(1000 + n).slice(-4)}`;
    case 'idcard':
      return '11010519491231002X';
    case 'uscc':
      return '91330000142916567N';
    case 'org':
      return ctx.enterpriseId;
    case 'ref':
      return ctx.refs[f.ref!];
    case 'refs':
      return ctx.refs[f.ref!] ? [ctx.refs[f.ref!]] : [];
  }
}

export function sampleBody(
  def: RegistryDef,
  n: number,
  ctx: { enterpriseId: number; refs: Record<string, number> },
) {
  const body: Record<string, unknown> = {};
  for (const f of def.fields) {
    const v = sampleValue(f, n, ctx);
    if (v !== undefined) body[f.key] = v;
  }
  return body;
}

/**
 * Creates one record of every registry through the API, references first; returns their ids
 * by key. Registries the client's organisation does not keep are created by `fallback`.
 */
export async function createOneOfEach(
  client: Client,
  enterpriseId: number,
  opts: { n?: number; fallback?: Client } = {},
): Promise<Record<string, number>> {
  const refs: Record<string, number> = {};
  for (const def of REGISTRY_DEFS) {
    const body = sampleBody(def, opts.n ?? 1, { enterpriseId, refs });
    let res = await client.post(`/api/registries/${def.key}`, body);
    if (res.status === 400 && res.body.error?.issues?.[0]?.path === 'orgId' && opts.fallback) {
      res = await opts.fallback.post(`/api/registries/${def.key}`, body);
    }
    if (res.status !== 201) throw new Error(`${def.key}: ${res.status} ${res.text}`);
    refs[def.key] = res.body.id;
  }
  return refs;
}

/**
 * Uploads a workbook to a registry's import and follows the job until it ends, as the web page
 * does. `body` is the result once done, the error body of a refusal (4xx) or of a failed job
 * (status 400); `postStatus` is the upload's own answer (200 done at once, 202 running).
 */
export async function importFile(
  env: { app: { request: (path: string, init: RequestInit) => Response | Promise<Response> } },
  c: Client,
  path: string,
  content: Buffer,
  name = 'import.xlsx',
): Promise<{ status: number; postStatus: number; body: any; job: any; polls: any[] }> {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(content)], name));
  const res = await env.app.request(path, { method: 'POST', body: form, headers: { cookie: c.cookie! } });
  const first = (await res.json()) as any;
  if (res.status >= 400)
    return { status: res.status, postStatus: res.status, body: first, job: null, polls: [] };
  const base = path.replace(/\/import(\?.*)?$/, '');
  let job = first;
  const polls: any[] = [first];
  const deadline = Date.now() + 120_000;
  while (job.status === 'running') {
    if (Date.now() > deadline) throw new Error(`import job ${job.id} still running after 120 s`);
    await new Promise((r) => setTimeout(r, 50));
    const poll = await c.get(`${base}/import-jobs/${job.id}`);
    if (poll.status !== 200) throw new Error(`polling ${job.id}: ${poll.status} ${poll.text}`);
    job = poll.body;
    polls.push(job);
  }
  // A done job is a 200 whether it finished before the answer (200) or after (202, polled).
  return job.status === 'done'
    ? { status: 200, postStatus: res.status, body: job.result, job, polls }
    : { status: 400, postStatus: res.status, body: { error: { message: job.error } }, job, polls };
}
