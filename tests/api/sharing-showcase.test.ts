// The public showcase as a visitor meets it: server-rendered pages (consent respected, no
// phone, everything escaped), the images and files of published achievements only (never an
// internal file), served with caching; and the intention prompt that brings a visitor back.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { demoPng } from '../../src/server/features/sharing/sharing.demo-image.ts';
import { addUser, Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let county: Client;
let other: Client;
let id: number;
let version: number;
const media: Record<string, number> = {};

async function upload(client: Client, ownerType: string, ownerId: number, name: string, content: Buffer) {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(content)], name));
  const res = await env.app.request(`/api/attachments?ownerType=${ownerType}&ownerId=${ownerId}`, {
    method: 'POST',
    body: form,
    headers: { cookie: client.cookie! },
  });
  return { status: res.status, body: (await res.json()) as any };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n');

beforeAll(async () => {
  env = await createTestEnv();
  const e = await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  await makeEnterprise(env.db, { countyCode: '330106', seq: 1 });
  await addUser(env, 'sc.county', '330127', ['county_admin']);
  await addUser(env, 'sc.other', '330106', ['county_admin']);
  county = await signedIn(env, 'sc.county');
  other = await signedIn(env, 'sc.other');
  const cats = (await county.get('/api/achievement-categories')).body as any[];
  const a = await county.post('/api/achievements', {
    orgId: e.id,
    title: '注塑模具冷却水路堵塞快速疏通器',
    categoryId: cats[0].id,
    year: 2025,
    description: '用脉冲水压疏通模具冷却水道的水垢，不拆模具。<img src=x onerror=alert(1)>',
    authors: [
      { name: '钱公开', title: '高级技师', phone: '13800001111', publicConsent: true },
      { name: '孙保密', phone: '13900002222', publicConsent: false },
    ],
  });
  expect(a.status).toBe(201);
  id = a.body.id;
  version = a.body.version;
});
afterAll(() => env.close());

describe('images and files of an achievement', () => {
  it('are uploaded through attachments: public or internal, content checked, in scope only', async () => {
    const img = await upload(county, 'achievements', id, '现场照片.png', demoPng(320, 200));
    expect(img.status).toBe(201);
    media.image = img.body.id;
    const pub = await upload(county, 'achievements', id, '使用说明.pdf', PDF);
    expect(pub.status).toBe(201);
    media.file = pub.body.id;
    const internal = await upload(county, 'achievement-internal', id, '内部图纸.pdf', PDF);
    expect(internal.status).toBe(201);
    media.internal = internal.body.id;
    // A "PNG" whose bytes are not one is refused; another county cannot attach anything.
    const fake = await upload(county, 'achievements', id, '伪装.png', Buffer.from('<svg onload=alert(1)>'));
    expect(fake.status).toBe(400);
    expect((await upload(other, 'achievements', id, '越权.png', demoPng(8, 8))).status).toBe(404);
    const list = await county.get(`/api/attachments?ownerType=achievements&ownerId=${id}`);
    expect(list.body.items.map((x: any) => x.id).sort()).toEqual([media.image, media.file].sort());
  });

  it('nothing is public before publication', async () => {
    const anon = new Client(env);
    expect((await anon.get(`/api/public/achievements/${id}/media/${media.image}`)).status).toBe(404);
    expect((await anon.get(`/share/a/${id}`)).status).toBe(404);
  });

  it('published: the images with their size, the public files, never the internal one', async () => {
    for (const step of ['submit', 'approve', 'publish']) {
      const r = await county.post(`/api/achievements/${id}/${step}`, { version });
      expect(r.status, step).toBe(200);
      version = r.body.version;
    }
    const anon = new Client(env);
    const d = await anon.get(`/api/public/achievements/${id}`);
    expect(d.status).toBe(200);
    expect(d.body.images).toEqual([expect.objectContaining({ width: 320, height: 200, alt: '现场照片' })]);
    expect(d.body.files.map((f: any) => f.name)).toEqual(['使用说明.pdf']);
    expect(d.text).not.toContain('内部图纸');

    const res = await env.app.request(d.body.images[0].url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = res.headers.get('etag')!;
    expect(Buffer.from(await res.arrayBuffer()).equals(demoPng(320, 200))).toBe(true);
    const again = await env.app.request(d.body.images[0].url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const file = await env.app.request(d.body.files[0].url);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/);

    // The internal file, or a media id under another achievement, is not found.
    expect((await anon.get(`/api/public/achievements/${id}/media/${media.internal}`)).status).toBe(404);
    expect((await anon.get(`/api/public/achievements/${id + 1}/media/${media.image}`)).status).toBe(404);
    // Authenticated API data still is never cached.
    expect((await county.get(`/api/achievements/${id}`)).headers.get('cache-control')).toBe('no-store');
  });

  it('a phone gets a smaller WebP copy of a large image, made once, at the widths offered only', async () => {
    const big = await upload(county, 'achievements', id, '整机照片.png', demoPng(1600, 1000, 90));
    expect(big.status).toBe(201);
    const anon = new Client(env);
    const d = (await anon.get(`/api/public/achievements/${id}`)).body;
    const small = d.images.find((i: any) => i.alt === '现场照片');
    expect(small.srcset).toBe(`${small.url} 320w`); // already small: nothing narrower is offered
    const image = d.images.find((i: any) => i.alt === '整机照片');
    expect(image.srcset).toBe(
      `${[320, 640, 1280].map((w) => `${image.url}&w=${w} ${w}w`).join(', ')}, ${image.url} 1600w`,
    );
    // The page offers them to the browser.
    const page = await anon.get(`/share/a/${id}`);
    expect(page.text).toContain(`srcset="${image.srcset.replaceAll('&', '&amp;')}"`);

    const copies = async () =>
      Number((await env.database.pool.query('select count(*) n from file_variants')).rows[0].n);
    const before = await copies();
    for (let round = 0; round < 2; round++) {
      const res = await env.app.request(`${image.url}&w=640`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('etag')).toMatch(/-w640"$/);
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 640, 400]);
    }
    expect(await copies()).toBe(before + 1);
    // Not enlarged: the 320-pixel image asked at 640 stays 320 wide.
    const same = await env.app.request(`${small.url}&w=640`);
    expect((await sharp(Buffer.from(await same.arrayBuffer())).metadata()).width).toBe(320);
    // Another width is a clear 400; a file (not an image) is served as it is.
    const odd = await anon.get(`${image.url}&w=999`);
    expect(odd.status).toBe(400);
    expect(odd.body.error.message).toContain('320、640 或 1280');
    expect(await copies()).toBe(before + 2);
    const pdf = await env.app.request(`${d.files[0].url}&w=320`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(await copies()).toBe(before + 2);
    expect((await county.delete(`/api/attachments/${big.body.id}?version=1`)).status).toBe(200);
  });

  it('a deleted image leaves the public page', async () => {
    const extra = await upload(county, 'achievements', id, '第二张.png', demoPng(64, 48, 200));
    expect((await new Client(env).get(`/api/public/achievements/${id}`)).body.images).toHaveLength(2);
    expect((await county.delete(`/api/attachments/${extra.body.id}?version=1`)).status).toBe(200);
    const anon = new Client(env);
    expect((await anon.get(`/api/public/achievements/${id}`)).body.images).toHaveLength(1);
    expect((await anon.get(`/api/public/achievements/${id}/media/${extra.body.id}`)).status).toBe(404);
  });
});

describe('server-rendered showcase pages', () => {
  it('the detail page: consenting author only, no phone, escaped text, sized images, a way to sign in', async () => {
    const page = await new Client(env).get(`/share/a/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<title>注塑模具冷却水路堵塞快速疏通器 · 职工创新共享平台</title>');
    expect(page.text).toContain('钱公开（高级技师）');
    expect(page.text).not.toContain('孙保密');
    expect(page.text).not.toMatch(/1[3-9]\d{9}|1[3-9]\d\*{4}/);
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.text).toMatch(
      /<img src="\/api\/public\/achievements\/\d+\/media\/\d+\?v=[0-9a-f]+" srcset="[^"]+ 320w" alt="现场照片" width="320" height="200"/,
    );
    expect(page.text).not.toContain('内部图纸');
  });

  it('an offer shows its terms and a sign-in prompt that returns to the offer', async () => {
    const offer = await county.post('/api/offers', {
      achievementId: id,
      mode: 'license',
      terms: '普通许可三年，提供安装指导',
      price: 6,
      listedOn: '2025-06-01',
    });
    expect(offer.status).toBe(201);
    const page = await new Client(env).get(`/share/a/${id}`);
    expect(page.text).toContain('<strong>许可</strong> · 挂牌价 6 万元');
    expect(page.text).toContain('交易条件：普通许可三年，提供安装指导');
    const next = encodeURIComponent(`/share/a/${id}#offer-${offer.body.id}`);
    expect(page.text).toContain(`href="/login?next=${next}"`);
  });

  it('home and search are rendered; search finds the achievement in other words', async () => {
    const anon = new Client(env);
    const home = await anon.get('/share');
    expect(home.status).toBe(200);
    expect(home.text).toContain('注塑模具冷却水路堵塞快速疏通器');
    const search = await anon.get(`/share/search?q=${encodeURIComponent('模具水道结垢不通怎么办')}`);
    expect(search.status).toBe(200);
    expect(search.text).toMatch(
      /<ul class="cards"[^>]*><li class="card">\s*<h2><a href="\/share\/a\/\d+">注塑模具冷却水路堵塞快速疏通器/,
    );
    expect(search.text).toContain('value="模具水道结垢不通怎么办"');
    // Malformed filters are ignored, not errors; an unknown page or achievement is a 404 page.
    expect((await anon.get('/share/search?year=abc&page=-1&county=x')).status).toBe(200);
    expect((await anon.get('/share/a/99999999')).status).toBe(404);
    expect((await anon.get('/share/nothing')).status).toBe(404);
  });

  it('unpublished again: the page and its images are gone', async () => {
    const r = await county.post(`/api/achievements/${id}/unpublish`, { version, reason: '资料需更新' });
    expect(r.status).toBe(200);
    const anon = new Client(env);
    expect((await anon.get(`/share/a/${id}`)).status).toBe(404);
    expect((await anon.get(`/api/public/achievements/${id}/media/${media.image}`)).status).toBe(404);
  });
});
