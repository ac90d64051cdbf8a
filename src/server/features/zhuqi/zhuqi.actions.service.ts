// 专项行动 (special service actions: date, county, organiser, craftsmen taking part, workers
// trained; the mountain/island flag comes from the county's place on that year's list) and
// 典型案例 (closed demands marked typical, compiled into a Word collection).
import { and, asc, desc, eq, gte, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { organizations } from '../../db/schema/orgs.ts';
import {
  craftsmen,
  demandCategories,
  demands,
  serviceActionParticipants,
  serviceActions,
  serviceRecords,
  serviceTeams,
} from '../../db/schema/zhuqi.ts';
import { writeAudit } from '../../lib/audit.ts';
import { mountainIslandCountyIds } from '../orgs/mountain-island.ts';
import {
  type AuthedContext,
  assertPermission,
  inTransaction,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { updateVersioned } from '../../lib/optimistic.ts';
import { pageOfRows } from '../../lib/pagination.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { orgById } from './zhuqi.resources.service.ts';

type ActionRow = typeof serviceActions.$inferSelect;

async function actionDtos(ctx: ServiceContext, rows: ActionRow[]) {
  const ids = rows.map((r) => r.id);
  const parts = ids.length
    ? await ctx.db
        .select({ actionId: serviceActionParticipants.actionId, id: craftsmen.id, name: craftsmen.name })
        .from(serviceActionParticipants)
        .innerJoin(craftsmen, eq(craftsmen.id, serviceActionParticipants.craftsmanId))
        .where(inArray(serviceActionParticipants.actionId, ids))
    : [];
  const countyIds = [...new Set(rows.map((r) => r.countyId))];
  const counties = countyIds.length
    ? await ctx.db
        .select({ id: organizations.id, name: organizations.name, shortName: organizations.shortName })
        .from(organizations)
        .where(inArray(organizations.id, countyIds))
    : [];
  return rows.map((r) => {
    const ps = parts.filter((p) => p.actionId === r.id);
    const c = counties.find((x) => x.id === r.countyId);
    return {
      id: r.id,
      orgId: r.orgId,
      title: r.title,
      heldOn: r.heldOn,
      countyId: r.countyId,
      countyName: c?.shortName ?? c?.name ?? '',
      organiser: r.organiser,
      workersTrained: r.workersTrained,
      mountainIsland: r.mountainIsland,
      summary: r.summary,
      participantCount: ps.length,
      participants: ps.map((p) => ({ id: p.id, name: p.name })),
      version: r.version,
    };
  });
}

export async function findServiceActions(
  ctx: ServiceContext,
  q: { page: number; pageSize: number; year?: number; countyId?: number; mountainIsland?: 'true' | 'false' },
) {
  assertPermission(ctx, 'read:craftsman:subtree');
  const t = serviceActions;
  const where: SQL[] = [isNull(t.deletedAt), inScope(ctx.actor, t.orgPath, t.orgAltPath)];
  if (q.year) where.push(gte(t.heldOn, `${q.year}-01-01`), lt(t.heldOn, `${q.year + 1}-01-01`));
  if (q.countyId) where.push(eq(t.countyId, q.countyId));
  if (q.mountainIsland) where.push(eq(t.mountainIsland, q.mountainIsland === 'true'));
  const { rows, total } = await pageOfRows(ctx.db, t, where, [desc(t.heldOn), desc(t.id)], q);
  return {
    items: await actionDtos(ctx, rows),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function loadAction(ctx: AuthedContext, id: number) {
  const [r] = await ctx.db
    .select()
    .from(serviceActions)
    .where(and(eq(serviceActions.id, id), isNull(serviceActions.deletedAt)));
  if (!r || !isInScope(ctx.actor, r.orgPath, r.orgAltPath)) throw notFound('专项行动');
  return r;
}

export async function getServiceAction(ctx: ServiceContext, id: number) {
  assertPermission(ctx, 'read:craftsman:subtree');
  return (await actionDtos(ctx, [await loadAction(ctx, id)]))[0];
}

interface ActionInput {
  title?: string;
  heldOn?: string;
  countyId?: number;
  organiser?: string | null;
  workersTrained?: number;
  summary?: string | null;
  participantIds?: number[];
}

async function checkParticipants(ctx: AuthedContext, ids: number[]) {
  if (!ids.length) return;
  const rows = await ctx.db
    .select({ id: craftsmen.id, orgPath: craftsmen.orgPath, orgAltPath: craftsmen.orgAltPath })
    .from(craftsmen)
    .where(and(inArray(craftsmen.id, ids), isNull(craftsmen.deletedAt)));
  // Craftsmen from anywhere in the actor's scope may take part (a city's action draws on its counties).
  const ok = new Set(rows.filter((r) => isInScope(ctx.actor, r.orgPath, r.orgAltPath)).map((r) => r.id));
  if (ids.some((i) => !ok.has(i)))
    throw invalid('参与的劳模工匠不存在或不在您的管辖范围内', [{ path: 'participantIds', message: '无效' }]);
}

async function countyInScope(ctx: AuthedContext, id: number) {
  const county = await orgById(ctx, id);
  if (county?.kind !== 'county' || !isInScope(ctx.actor, county.path, county.altPath))
    throw invalid('举办地县（市、区）不存在或不在您的管辖范围内', [{ path: 'countyId', message: '无效' }]);
  return county;
}

async function setParticipants(ctx: ServiceContext, actionId: number, ids: number[]) {
  await ctx.db.delete(serviceActionParticipants).where(eq(serviceActionParticipants.actionId, actionId));
  if (ids.length)
    await ctx.db
      .insert(serviceActionParticipants)
      .values([...new Set(ids)].map((craftsmanId) => ({ actionId, craftsmanId })));
}

export async function createServiceAction(
  ctx: ServiceContext,
  input: ActionInput & { title: string; heldOn: string; countyId: number },
) {
  assertPermission(ctx, 'manage:craftsman:subtree');
  const { participantIds = [], ...values } = input;
  const county = await countyInScope(ctx, input.countyId);
  await checkParticipants(ctx, participantIds);
  const mountainIsland = (await mountainIslandCountyIds(ctx.db, Number(input.heldOn.slice(0, 4)))).has(
    county.id,
  );
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(serviceActions)
      .values({
        ...values,
        orgId: county.id,
        orgPath: county.path,
        orgAltPath: null,
        mountainIsland,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await setParticipants(tx, row.id, participantIds);
    await writeAudit(tx, { event: 'service-action.create', objectType: 'service_action', objectId: row.id });
    return (await actionDtos(tx, [row]))[0];
  });
}

export async function updateServiceAction(
  ctx: ServiceContext,
  id: number,
  input: ActionInput & { version: number },
) {
  assertPermission(ctx, 'manage:craftsman:subtree');
  const cur = await loadAction(ctx, id);
  const { version, participantIds, ...values } = input;
  const county = await countyInScope(ctx, values.countyId ?? cur.countyId);
  if (participantIds) await checkParticipants(ctx, participantIds);
  const heldOn = values.heldOn ?? cur.heldOn;
  const mountainIsland = (await mountainIslandCountyIds(ctx.db, Number(heldOn.slice(0, 4)))).has(county.id);
  return inTransaction(ctx, async (tx) => {
    const row = await updateVersioned(
      tx.db,
      serviceActions,
      id,
      version,
      { ...values, orgId: county.id, orgPath: county.path, mountainIsland, updatedBy: ctx.actor.userId },
      ctx.clock.now(),
    );
    if (participantIds) await setParticipants(tx, id, participantIds);
    await writeAudit(tx, { event: 'service-action.update', objectType: 'service_action', objectId: id });
    return (await actionDtos(tx, [row]))[0];
  });
}

export async function deleteServiceAction(ctx: ServiceContext, id: number, version: number) {
  assertPermission(ctx, 'manage:craftsman:subtree');
  await loadAction(ctx, id);
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    await updateVersioned(tx.db, serviceActions, id, version, { deletedAt: now }, now);
    await writeAudit(tx, { event: 'service-action.delete', objectType: 'service_action', objectId: id });
  });
}

// —— 典型案例 ——

/** Marks (or unmarks) a closed demand as a typical case; the union in scope only. */
export async function markTypicalCase(
  ctx: ServiceContext,
  id: number,
  input: { version: number; typical: boolean },
) {
  assertPermission(ctx, 'review:demand:subtree');
  const [d] = await ctx.db
    .select()
    .from(demands)
    .where(and(eq(demands.id, id), isNull(demands.deletedAt)));
  if (!d || !isInScope(ctx.actor, d.orgPath, d.orgAltPath)) throw notFound('需求');
  if (d.state !== 'closed') throw new AppError('INVALID_STATE', '只有已办结的需求可以评为典型案例');
  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .update(demands)
      .set({ typicalCase: input.typical, version: sql`${demands.version} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(demands.id, id), eq(demands.version, input.version)))
      .returning();
    if (!rows.length) throw conflict('该需求已被修改，请刷新后重试（版本不一致）');
    await writeAudit(tx, {
      event: 'demand.typicalCase',
      objectType: 'demand',
      objectId: id,
      detail: { typical: input.typical },
    });
    return { id, typicalCase: rows[0].typicalCase, version: rows[0].version };
  });
}

/** The typical cases in scope (of a year, by closing date) compiled into a Word document. */
export async function typicalCasesDocx(ctx: ServiceContext, q: { year?: number }): Promise<Buffer> {
  assertPermission(ctx, 'read:demand:subtree');
  const where: SQL[] = [
    isNull(demands.deletedAt),
    eq(demands.typicalCase, true),
    inScope(ctx.actor, demands.orgPath, demands.orgAltPath),
  ];
  if (q.year)
    where.push(
      gte(demands.closedAt, new Date(`${q.year}-01-01T00:00:00+08:00`)),
      lt(demands.closedAt, new Date(`${q.year + 1}-01-01T00:00:00+08:00`)),
    );
  const rows = await ctx.db
    .select({
      d: demands,
      enterprise: organizations.name,
      category: demandCategories.name,
    })
    .from(demands)
    .innerJoin(organizations, eq(organizations.id, demands.orgId))
    .innerJoin(demandCategories, eq(demandCategories.id, demands.categoryId))
    .where(and(...where))
    .orderBy(asc(demands.closedAt), asc(demands.id))
    .limit(500);
  const ids = rows.map((r) => r.d.id);
  const records = ids.length
    ? await ctx.db
        .select()
        .from(serviceRecords)
        .where(inArray(serviceRecords.demandId, ids))
        .orderBy(asc(serviceRecords.visitDate))
    : [];
  const cIds = rows.map((r) => r.d.serverCraftsmanId).filter((x): x is number => !!x);
  const tIds = rows.map((r) => r.d.serverTeamId).filter((x): x is number => !!x);
  const cs = cIds.length ? await ctx.db.select().from(craftsmen).where(inArray(craftsmen.id, cIds)) : [];
  const ts = tIds.length
    ? await ctx.db.select().from(serviceTeams).where(inArray(serviceTeams.id, tIds))
    : [];
  const font = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
  const p = (text: string, opts: { bold?: boolean; size?: number } = {}) =>
    new Paragraph({
      children: [new TextRun({ text, font, size: opts.size ?? 28, bold: opts.bold })],
      spacing: { after: 120 },
    });
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      heading: HeadingLevel.TITLE,
      children: [
        new TextRun({
          text: `“劳模工匠助企行”典型案例汇编${q.year ? `（${q.year} 年）` : ''}`,
          font: { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' },
          size: 40,
          bold: true,
        }),
      ],
      spacing: { after: 400 },
    }),
    p(`共 ${rows.length} 个案例。`),
  ];
  rows.forEach((r, i) => {
    const d = r.d;
    const server =
      d.serverType === 'team'
        ? `${ts.find((t) => t.id === d.serverTeamId)?.name ?? ''}`
        : (cs.find((c) => c.id === d.serverCraftsmanId)?.name ?? '');
    const recs = records.filter((x) => x.demandId === d.id);
    const hours = recs.reduce((s, x) => s + Number(x.hours), 0);
    const trained = recs.reduce((s, x) => s + x.workersTrained, 0);
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [new TextRun({ text: `案例${i + 1}　${d.title}`, font, size: 32, bold: true })],
        spacing: { before: 300, after: 160 },
      }),
      p(`需求企业：${r.enterprise}　　需求类别：${r.category}`),
      p(`服务方：${server || '—'}　　服务 ${recs.length} 次，累计 ${hours} 小时，培训职工 ${trained} 人`),
      p('【企业难题】', { bold: true }),
      p(d.description),
      p('【服务过程】', { bold: true }),
      ...recs.map((x) => p(`${x.visitDate}：${x.content}`)),
      p('【服务成效】', { bold: true }),
      p(
        `企业评价：响应及时 ${d.ratingTimeliness ?? '—'} 分，解决效果 ${d.ratingEffect ?? '—'} 分，服务态度 ${d.ratingAttitude ?? '—'} 分。` +
          (d.benefitYuan !== null
            ? `企业报告效益 ${Number(d.benefitYuan).toLocaleString('zh-CN')} 元。`
            : '') +
          (d.ratingComment ? `评价：${d.ratingComment}` : ''),
      ),
    );
  });
  await writeAudit(ctx, {
    event: 'typical-cases.export',
    objectType: 'demand',
    detail: { year: q.year ?? null, count: rows.length },
  });
  return Packer.toBuffer(new Document({ creator: '匠心', title: '典型案例汇编', sections: [{ children }] }));
}
