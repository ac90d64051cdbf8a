// The course catalogue: a dictionary kept by the province (seeded with the TRIZ series), read
// by every level, edited only by its keepers, and named by training sessions.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_COURSES } from '../../src/server/features/registries/courses.seed.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { importFile } from '../helpers/registries.ts';

let env: TestEnv;
let chunan: Client;
let province: Client;

beforeAll(async () => {
  env = await createTestEnv();
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  chunan = await signedIn(env, 'ca.admin');
  province = await signedIn(env, 'p.admin');
});
afterAll(() => env.close());

describe('course catalogue', () => {
  it('is seeded with the TRIZ innovation-thinking series, and every level reads it', async () => {
    const triz = await chunan.get('/api/registries/courses?triz=true&pageSize=100');
    expect(triz.status).toBe(200);
    expect(triz.body.total).toBe(SEED_COURSES.filter((c) => c.triz).length);
    expect(triz.body.total).toBeGreaterThanOrEqual(5);
    expect(triz.body.items.every((c: any) => c.series === 'triz' && c.name.startsWith('TRIZ'))).toBe(true);
    const all = await chunan.get('/api/registries/courses?pageSize=100');
    expect(all.body.total).toBe(SEED_COURSES.length);
    const one = await chunan.get(`/api/registries/courses/${all.body.items[0].id}`);
    expect(one.status).toBe(200);
  });

  it('is edited by the province only', async () => {
    const course = {
      name: 'TRIZ 创新思维（六）：专利规避设计',
      series: 'triz',
      triz: true,
      hours: 8,
      active: true,
    };
    const refused = await chunan.post('/api/registries/courses', course);
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0].path).toBe('orgId');
    const added = await province.post('/api/registries/courses', course);
    expect(added.status, added.text).toBe(201);
    expect(
      (await chunan.patch(`/api/registries/courses/${added.body.id}`, { version: 1, hours: 1 })).status,
    ).toBe(404);
    expect((await chunan.delete(`/api/registries/courses/${added.body.id}?version=1`)).status).toBe(404);
    const edited = await province.patch(`/api/registries/courses/${added.body.id}`, {
      version: 1,
      hours: 10,
    });
    expect(edited.status).toBe(200);
    // A yes/no left out takes its default; null is refused with a message, not a server error.
    const noFlags = await province.post('/api/registries/courses', { name: '安全生产', series: 'other' });
    expect(noFlags.status, noFlags.text).toBe(201);
    expect(noFlags.body.active).toBe(true);
    const nulls = await province.post('/api/registries/courses', {
      name: '消防',
      series: 'other',
      triz: null,
    });
    expect(nulls.status).toBe(400);
    expect(nulls.body.error.issues[0].path).toBe('triz');
  });

  it('is named by a county’s training sessions, in the form and in Excel', async () => {
    const academy = await chunan.post('/api/registries/academies', {
      name: '淳安县工匠学院',
      kind: 'academy',
      level: 'county',
      yearEstablished: 2023,
    });
    expect(academy.status).toBe(201);
    const course = (await chunan.get('/api/registries/courses?q=40 个发明原理')).body.items[0];
    const session = await chunan.post('/api/registries/training-sessions', {
      academyId: academy.body.id,
      course: course.name,
      courseId: course.id,
      triz: true,
      startDate: '2025-04-01',
      personTimes: 60,
    });
    expect(session.status, session.text).toBe(201);
    expect(session.body.names.courseId).toBe(course.name);
    const filtered = await chunan.get(`/api/registries/training-sessions?courseId=${course.id}`);
    expect(filtered.body.total).toBe(1);

    const tplRes = await env.app.request('/api/registries/training-sessions/template', {
      headers: { cookie: chunan.cookie! },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await tplRes.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    const col = (label: string) => header.findIndex((h) => h.replace(/^\*/, '').startsWith(label)) + 1;
    ws.getCell(2, col('承办学院或基地')).value = '淳安县工匠学院';
    ws.getCell(2, col('课程')).value = 'TRIZ 实战';
    ws.getCell(2, col('目录课程')).value = 'TRIZ 创新思维（五）：职工创新实战工作坊';
    ws.getCell(2, col('开始日期')).value = '2025-05-01';
    ws.getCell(2, col('培训人次')).value = 30;
    const { status, body } = await importFile(
      env,
      chunan,
      '/api/registries/training-sessions/import',
      Buffer.from(await wb.xlsx.writeBuffer()),
      'training.xlsx',
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.created).toBe(1);
    const imported = (await chunan.get('/api/registries/training-sessions?q=TRIZ 实战')).body.items[0];
    expect(imported.names.courseId).toBe('TRIZ 创新思维（五）：职工创新实战工作坊');
  });
});
