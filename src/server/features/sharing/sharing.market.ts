// 对接交易: offers (挂牌: 转让、许可、合作、免费共享), intentions from signed-in enterprises,
// the union's follow-up notes, deals with amount and date, and the listing export for the
// provincial online technology market (浙江拍卖/技术市场 keep the auctions; we hand them a table).
import type { z } from '@hono/zod-openapi';
import { and, asc, count, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { loadExcel } from '../../lib/lazy-libs.ts';
import { maskPhone } from '#shared/validators.ts';
import { organizations } from '../../db/schema/orgs.ts';
import {
  achievementAuthors,
  achievementCategories,
  achievementDeals,
  achievementOffers,
  achievements,
  intentionNotes,
  offerIntentions,
} from '../../db/schema/sharing.ts';
import { writeAudit } from '../../lib/audit.ts';
import {
  type AuthedContext,
  assertPermission,
  hasPermission,
  inTransaction,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { updateVersioned } from '../../lib/optimistic.ts';
import { offsetOf } from '../../lib/pagination.ts';
import { todayInChina } from '../../lib/clock.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { escapeCell } from '../registries/registries.excel.ts';
import {
  type createDealBody,
  type createIntentionBody,
  type createOfferBody,
  type noteBody,
  OFFER_MODE_LABELS,
  PATENT_KIND_LABELS,
  type updateOfferBody,
} from './sharing.schemas.ts';

type OfferRow = typeof achievementOffers.$inferSelect;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

// ————————————————————————————————————————————— offers

async function offerDtos(ctx: ServiceContext, rows: OfferRow[], reveal = false) {
  const ids = rows.map((r) => r.id);
  const titles = rows.length
    ? await ctx.db
        .select({ id: achievements.id, title: achievements.title })
        .from(achievements)
        .where(inArray(achievements.id, [...new Set(rows.map((r) => r.achievementId))]))
    : [];
  const orgs = rows.length
    ? await ctx.db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, [...new Set(rows.map((r) => r.orgId))]))
    : [];
  const counts = async (table: typeof offerIntentions | typeof achievementDeals) =>
    ids.length
      ? new Map(
          (
            await ctx.db
              .select({ offerId: table.offerId, n: count() })
              .from(table)
              .where(inArray(table.offerId, ids))
              .groupBy(table.offerId)
          ).map((x) => [x.offerId, Number(x.n)]),
        )
      : new Map<number, number>();
  const intentions = await counts(offerIntentions);
  const deals = await counts(achievementDeals);
  const title = new Map(titles.map((t) => [t.id, t.title]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    orgName: orgName.get(r.orgId) ?? '',
    achievementId: r.achievementId,
    achievementTitle: title.get(r.achievementId) ?? '',
    mode: r.mode as keyof typeof OFFER_MODE_LABELS,
    terms: r.terms,
    price: num(r.price),
    negotiable: r.negotiable,
    contactName: r.contactName,
    contactPhone: reveal ? r.contactPhone : maskPhone(r.contactPhone),
    state: r.state,
    listedOn: r.listedOn,
    closedOn: r.closedOn,
    intentions: intentions.get(r.id) ?? 0,
    deals: deals.get(r.id) ?? 0,
    version: r.version,
  }));
}

async function loadOffer(ctx: AuthedContext, id: number) {
  const [row] = await ctx.db.select().from(achievementOffers).where(eq(achievementOffers.id, id));
  if (!row || !isInScope(ctx.actor, row.orgPath, row.orgAltPath)) throw notFound('挂牌');
  return row;
}

/** Lists an achievement for transfer, licensing, cooperation or free sharing: only a published one. */
export async function createOffer(ctx: ServiceContext, input: z.infer<typeof createOfferBody>) {
  assertPermission(ctx, 'manage:offer:subtree');
  const [a] = await ctx.db.select().from(achievements).where(eq(achievements.id, input.achievementId));
  if (!a || a.deletedAt || !isInScope(ctx.actor, a.orgPath, a.orgAltPath))
    throw invalid('成果不存在或不在您的管辖范围内', [{ path: 'achievementId', message: '无效' }]);
  if (a.state !== 'published')
    throw new AppError('INVALID_STATE', '只有已发布的成果才能挂牌交易，请先完成审核与发布');
  if (input.mode === 'free' && input.price)
    throw invalid('免费共享的成果不能填写挂牌价', [{ path: 'price', message: '应为空' }]);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(achievementOffers)
      .values({
        ...input,
        price: input.price === undefined || input.price === null ? null : String(input.price),
        orgId: a.orgId,
        orgPath: a.orgPath,
        orgAltPath: a.orgAltPath,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await writeAudit(tx, { event: 'offer.create', objectType: 'offer', objectId: row.id });
    return (await offerDtos(tx, [row]))[0];
  });
}

export async function findOffers(
  ctx: ServiceContext,
  q: { page: number; pageSize: number; state?: string; mode?: string },
) {
  assertPermission(ctx, 'read:achievement:subtree');
  const t = achievementOffers;
  const where: SQL[] = [inScope(ctx.actor, t.orgPath, t.orgAltPath)];
  if (q.state) where.push(eq(t.state, q.state));
  if (q.mode) where.push(eq(t.mode, q.mode));
  const page = await ctx.db
    .select({ row: t, total: sql<number>`count(*) over()` })
    .from(t)
    .where(and(...where))
    .orderBy(desc(t.listedOn), desc(t.id))
    .limit(q.pageSize)
    .offset(offsetOf(q));
  return {
    items: await offerDtos(
      ctx,
      page.map((p) => p.row),
    ),
    total: Number(page[0]?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getOffer(ctx: ServiceContext, id: number) {
  assertPermission(ctx, 'read:achievement:subtree');
  return (await offerDtos(ctx, [await loadOffer(ctx, id)]))[0];
}

export async function updateOffer(ctx: ServiceContext, id: number, input: z.infer<typeof updateOfferBody>) {
  assertPermission(ctx, 'manage:offer:subtree');
  const current = await loadOffer(ctx, id);
  const { version, ...values } = input;
  const set: Record<string, unknown> = { ...values };
  if (values.price !== undefined) set.price = values.price === null ? null : String(values.price);
  if (values.state === 'closed' && current.state !== 'closed') set.closedOn = todayInChina(ctx.clock.now());
  if (values.state === 'open') set.closedOn = null;
  return inTransaction(ctx, async (tx) => {
    const row = (await updateVersioned(
      tx.db,
      achievementOffers as never,
      id,
      version,
      set,
      ctx.clock.now(),
    )) as OfferRow;
    await writeAudit(tx, {
      event: 'offer.update',
      objectType: 'offer',
      objectId: id,
      detail: { fields: Object.keys(values) },
    });
    return (await offerDtos(tx, [row]))[0];
  });
}

/** The listing table for the provincial online technology market (Excel), masked unless pii:export. */
export async function exportOffers(ctx: ServiceContext, opts: { unmasked?: boolean } = {}): Promise<Buffer> {
  assertPermission(ctx, 'read:achievement:subtree');
  if (opts.unmasked && !hasPermission(ctx, 'pii:export'))
    throw new AppError('FORBIDDEN', '没有导出完整个人信息的权限（pii:export）');
  const rows = await ctx.db
    .select({
      offer: achievementOffers,
      title: achievements.title,
      year: achievements.year,
      description: achievements.description,
      patents: achievements.patents,
      categoryName: achievementCategories.name,
      enterprise: organizations.name,
      uscc: organizations.uscc,
      countyCode: achievements.countyCode,
      industrySection: achievements.industrySection,
    })
    .from(achievementOffers)
    .innerJoin(achievements, eq(achievements.id, achievementOffers.achievementId))
    .innerJoin(achievementCategories, eq(achievementCategories.id, achievements.categoryId))
    .innerJoin(organizations, eq(organizations.id, achievementOffers.orgId))
    .where(
      and(
        inScope(ctx.actor, achievementOffers.orgPath, achievementOffers.orgAltPath),
        eq(achievementOffers.state, 'open'),
      ),
    )
    .orderBy(asc(achievementOffers.id))
    .limit(100_000);
  const authors = rows.length
    ? await ctx.db
        .select({ achievementId: achievementAuthors.achievementId, name: achievementAuthors.name })
        .from(achievementAuthors)
        .where(
          and(
            inArray(achievementAuthors.achievementId, [...new Set(rows.map((r) => r.offer.achievementId))]),
            eq(achievementAuthors.publicConsent, true),
          ),
        )
        .orderBy(asc(achievementAuthors.seq))
    : [];
  const byAchievement = new Map<number, string[]>();
  for (const a of authors)
    byAchievement.set(a.achievementId, [...(byAchievement.get(a.achievementId) ?? []), a.name]);

  const excel = await loadExcel();
  const wb = new excel.Workbook();
  const ws = wb.addWorksheet('挂牌成果');
  ws.columns = [
    { header: '序号', key: 'seq', width: 6 },
    { header: '项目名称', key: 'title', width: 36 },
    { header: '技术领域（成果类别）', key: 'category', width: 14 },
    { header: '交易方式', key: 'mode', width: 10 },
    { header: '挂牌价格（万元）', key: 'price', width: 14 },
    { header: '价格说明', key: 'priceNote', width: 10 },
    { header: '交易条件', key: 'terms', width: 40 },
    { header: '成果简介', key: 'description', width: 50 },
    { header: '知识产权（专利号及类型）', key: 'patents', width: 30 },
    { header: '权利人（单位名称）', key: 'enterprise', width: 30 },
    { header: '统一社会信用代码', key: 'uscc', width: 22 },
    { header: '所在地区（行政区划代码）', key: 'county', width: 14 },
    { header: '行业门类', key: 'industry', width: 8 },
    { header: '完成人', key: 'authors', width: 20 },
    { header: '联系人', key: 'contactName', width: 10 },
    { header: '联系电话', key: 'contactPhone', width: 14 },
    { header: '挂牌日期', key: 'listedOn', width: 12 },
    { header: '成果年份', key: 'year', width: 8 },
    { header: '平台挂牌编号', key: 'offerId', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  const text = (s: string | null | undefined) => (s ? escapeCell(s) : '');
  rows.forEach((r, i) => {
    const o = r.offer;
    ws.addRow({
      seq: i + 1,
      title: text(r.title),
      category: text(r.categoryName),
      mode: OFFER_MODE_LABELS[o.mode as keyof typeof OFFER_MODE_LABELS] ?? o.mode,
      price: o.price === null ? null : Number(o.price),
      priceNote: o.mode === 'free' ? '免费' : o.negotiable ? '面议' : '',
      terms: text(o.terms),
      description: text(r.description),
      patents: text(
        (r.patents ?? [])
          .map(
            (p) =>
              `${p.number}（${PATENT_KIND_LABELS[p.kind as keyof typeof PATENT_KIND_LABELS] ?? p.kind}）`,
          )
          .join('；'),
      ),
      enterprise: text(r.enterprise),
      uscc: r.uscc ?? '',
      county: r.countyCode ?? '',
      industry: r.industrySection ?? '',
      authors: text((byAchievement.get(o.achievementId) ?? []).join('、')),
      contactName: text(o.contactName),
      contactPhone: opts.unmasked ? (o.contactPhone ?? '') : (maskPhone(o.contactPhone) ?? ''),
      listedOn: o.listedOn,
      year: r.year,
      offerId: `JX-${String(o.id).padStart(6, '0')}`,
    });
  });
  await writeAudit(ctx, {
    event: 'offer.export',
    objectType: 'offer',
    detail: { rows: rows.length, unmasked: !!opts.unmasked },
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ————————————————————————————————————————————— intentions

/** A signed-in enterprise's intention on an open offer of a published achievement. */
export async function sendIntention(
  ctx: ServiceContext,
  offerId: number,
  input: z.infer<typeof createIntentionBody>,
) {
  assertPermission(ctx, 'send:intention:own-org');
  const [org] = await ctx.db.select().from(organizations).where(eq(organizations.id, ctx.actor.scopeOrgId));
  if (org?.kind !== 'enterprise')
    throw new AppError('FORBIDDEN', '只有企业账号可以提交合作意向（请以企业联系人身份登录）');
  const [offer] = await ctx.db
    .select({ offer: achievementOffers, state: achievements.state })
    .from(achievementOffers)
    .innerJoin(achievements, eq(achievements.id, achievementOffers.achievementId))
    .where(eq(achievementOffers.id, offerId));
  if (offer?.state !== 'published') throw notFound('挂牌');
  if (offer.offer.state !== 'open') throw new AppError('INVALID_STATE', '该成果已停止挂牌，不能再提交意向');
  if (offer.offer.orgId === org.id) throw invalid('不能对本企业的成果提交合作意向');
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(offerIntentions)
      .values({
        offerId,
        orgPath: offer.offer.orgPath,
        orgAltPath: offer.offer.orgAltPath,
        senderOrgId: org.id,
        senderPath: org.path,
        message: input.message,
        contactName: input.contactName,
        contactPhone: input.contactPhone ?? null,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await writeAudit(tx, { event: 'intention.create', objectType: 'intention', objectId: row.id });
    return (await intentionDtos(tx, [row]))[0];
  });
}

type IntentionRow = typeof offerIntentions.$inferSelect;

async function intentionDtos(ctx: ServiceContext, rows: IntentionRow[], withNotes = false) {
  if (!rows.length) return [];
  const offerRows = await ctx.db
    .select({ id: achievementOffers.id, orgId: achievementOffers.orgId, title: achievements.title })
    .from(achievementOffers)
    .innerJoin(achievements, eq(achievements.id, achievementOffers.achievementId))
    .where(inArray(achievementOffers.id, [...new Set(rows.map((r) => r.offerId))]));
  const senders = await ctx.db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, [...new Set(rows.map((r) => r.senderOrgId))]));
  const notes = withNotes
    ? await ctx.db
        .select()
        .from(intentionNotes)
        .where(
          inArray(
            intentionNotes.intentionId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(intentionNotes.id))
    : [];
  const offer = new Map(offerRows.map((o) => [o.id, o]));
  const sender = new Map(senders.map((s) => [s.id, s.name]));
  return rows.map((r) => ({
    id: r.id,
    orgId: offer.get(r.offerId)?.orgId ?? 0,
    offerId: r.offerId,
    achievementTitle: offer.get(r.offerId)?.title ?? '',
    senderOrgId: r.senderOrgId,
    senderName: sender.get(r.senderOrgId) ?? '',
    message: r.message,
    contactName: r.contactName,
    contactPhone: maskPhone(r.contactPhone),
    state: r.state,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    notes: notes
      .filter((n) => n.intentionId === r.id)
      .map((n) => ({ id: n.id, note: n.note, userId: n.userId, at: n.at.toISOString() })),
  }));
}

/** Intentions on offers in the actor's scope, and those the actor's enterprise sent. */
function intentionScope(ctx: AuthedContext): SQL {
  return or(
    inScope(ctx.actor, offerIntentions.orgPath, offerIntentions.orgAltPath),
    inScope(ctx.actor, offerIntentions.senderPath),
  ) as SQL;
}

export async function findIntentions(
  ctx: ServiceContext,
  q: { page: number; pageSize: number; state?: string },
) {
  assertPermission(ctx, 'read:achievement:subtree');
  const where: SQL[] = [intentionScope(ctx)];
  if (q.state) where.push(eq(offerIntentions.state, q.state));
  const page = await ctx.db
    .select({ row: offerIntentions, total: sql<number>`count(*) over()` })
    .from(offerIntentions)
    .where(and(...where))
    .orderBy(desc(offerIntentions.id))
    .limit(q.pageSize)
    .offset(offsetOf(q));
  return {
    items: await intentionDtos(
      ctx,
      page.map((p) => p.row),
    ),
    total: Number(page[0]?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function loadIntention(ctx: AuthedContext, id: number) {
  const [row] = await ctx.db.select().from(offerIntentions).where(eq(offerIntentions.id, id));
  if (!row || !(isInScope(ctx.actor, row.orgPath, row.orgAltPath) || isInScope(ctx.actor, row.senderPath)))
    throw notFound('合作意向');
  return row;
}

export async function getIntention(ctx: ServiceContext, id: number) {
  assertPermission(ctx, 'read:achievement:subtree');
  return (await intentionDtos(ctx, [await loadIntention(ctx, id)], true))[0];
}

/** The union's follow-up note on an intention (only the offer's side), optionally moving its state. */
export async function addIntentionNote(ctx: ServiceContext, id: number, input: z.infer<typeof noteBody>) {
  assertPermission(ctx, 'manage:offer:subtree');
  const row = await loadIntention(ctx, id);
  if (!isInScope(ctx.actor, row.orgPath, row.orgAltPath)) throw notFound('合作意向');
  if (row.state === 'deal' || row.state === 'closed')
    throw new AppError('INVALID_STATE', '该意向已结束（已成交或已关闭），不能再跟进');
  return inTransaction(ctx, async (tx) => {
    const updated = (await updateVersioned(
      tx.db,
      offerIntentions as never,
      id,
      input.version,
      { state: input.state ?? 'following' },
      ctx.clock.now(),
    )) as IntentionRow;
    await tx.db
      .insert(intentionNotes)
      .values({ intentionId: id, note: input.note, userId: ctx.actor.userId, at: ctx.clock.now() });
    await writeAudit(tx, {
      event: 'intention.follow-up',
      objectType: 'intention',
      objectId: id,
      detail: { state: updated.state },
    });
    return (await intentionDtos(tx, [updated], true))[0];
  });
}

// ————————————————————————————————————————————— deals

type DealRow = typeof achievementDeals.$inferSelect;

async function dealDtos(ctx: ServiceContext, rows: DealRow[]) {
  if (!rows.length) return [];
  const offers = await ctx.db
    .select({ id: achievementOffers.id, mode: achievementOffers.mode, title: achievements.title })
    .from(achievementOffers)
    .innerJoin(achievements, eq(achievements.id, achievementOffers.achievementId))
    .where(inArray(achievementOffers.id, [...new Set(rows.map((r) => r.offerId))]));
  const o = new Map(offers.map((x) => [x.id, x]));
  return rows.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    offerId: r.offerId,
    intentionId: r.intentionId,
    achievementTitle: o.get(r.offerId)?.title ?? '',
    mode: o.get(r.offerId)?.mode ?? '',
    buyerName: r.buyerName,
    buyerOrgId: r.buyerOrgId,
    amount: Number(r.amount),
    signedOn: r.signedOn,
    note: r.note,
    version: r.version,
  }));
}

/** Records a deal on an offer in scope (closing the intention it came from, if any). */
export async function createDeal(ctx: ServiceContext, input: z.infer<typeof createDealBody>) {
  assertPermission(ctx, 'manage:offer:subtree');
  const [offer] = await ctx.db
    .select()
    .from(achievementOffers)
    .where(eq(achievementOffers.id, input.offerId));
  if (!offer || !isInScope(ctx.actor, offer.orgPath, offer.orgAltPath))
    throw invalid('挂牌不存在或不在您的管辖范围内', [{ path: 'offerId', message: '无效' }]);
  if (offer.mode === 'free' && input.amount > 0)
    throw invalid('免费共享的成果成交金额应为 0', [{ path: 'amount', message: '应为 0' }]);
  if (input.buyerOrgId) {
    const [b] = await ctx.db
      .select({ kind: organizations.kind })
      .from(organizations)
      .where(eq(organizations.id, input.buyerOrgId));
    if (b?.kind !== 'enterprise') throw invalid('受让企业不存在', [{ path: 'buyerOrgId', message: '无效' }]);
  }
  return inTransaction(ctx, async (tx) => {
    let buyerOrgId = input.buyerOrgId ?? null;
    if (input.intentionId) {
      // The intention must be this offer's and still open: one deal closes it (compare-and-set).
      const closed = await tx.db
        .update(offerIntentions)
        .set({ state: 'deal', version: sql`${offerIntentions.version} + 1`, updatedAt: ctx.clock.now() })
        .where(
          and(
            eq(offerIntentions.id, input.intentionId),
            eq(offerIntentions.offerId, offer.id),
            inArray(offerIntentions.state, ['sent', 'following']),
          ),
        )
        .returning();
      if (!closed.length)
        throw conflict('该合作意向不属于此挂牌，或已成交、已关闭', [
          { path: 'intentionId', message: '无效' },
        ]);
      buyerOrgId ??= closed[0].senderOrgId;
    }
    const [row] = await tx.db
      .insert(achievementDeals)
      .values({
        offerId: offer.id,
        intentionId: input.intentionId ?? null,
        orgId: offer.orgId,
        orgPath: offer.orgPath,
        orgAltPath: offer.orgAltPath,
        buyerOrgId,
        buyerName: input.buyerName,
        amount: String(input.amount),
        signedOn: input.signedOn,
        note: input.note ?? null,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await writeAudit(tx, {
      event: 'deal.create',
      objectType: 'deal',
      objectId: row.id,
      detail: { offerId: offer.id, amount: input.amount },
    });
    return (await dealDtos(tx, [row]))[0];
  });
}

export async function findDeals(ctx: ServiceContext, q: { page: number; pageSize: number }) {
  assertPermission(ctx, 'read:achievement:subtree');
  const page = await ctx.db
    .select({ row: achievementDeals, total: sql<number>`count(*) over()` })
    .from(achievementDeals)
    .where(inScope(ctx.actor, achievementDeals.orgPath, achievementDeals.orgAltPath))
    .orderBy(desc(achievementDeals.signedOn), desc(achievementDeals.id))
    .limit(q.pageSize)
    .offset(offsetOf(q));
  return {
    items: await dealDtos(
      ctx,
      page.map((p) => p.row),
    ),
    total: Number(page[0]?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getDeal(ctx: ServiceContext, id: number) {
  assertPermission(ctx, 'read:achievement:subtree');
  const [row] = await ctx.db.select().from(achievementDeals).where(eq(achievementDeals.id, id));
  if (!row || !isInScope(ctx.actor, row.orgPath, row.orgAltPath)) throw notFound('成交记录');
  return (await dealDtos(ctx, [row]))[0];
}
