// Innovation projects and achievements (创新项目与成果): the category dictionary, one record
// from draft to published achievement with its authors, the review workflow with its events.
// Every read is scoped by the owning enterprise's path; every write is audited in its
// transaction; edits and transitions compare-and-set on `version`.
import { and, asc, count, desc, eq, ilike, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { maskPhone } from '#shared/validators.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { studios } from '../../db/schema/registries.ts';
import {
  achievementAuthors,
  achievementCategories,
  achievementEvents,
  achievements,
} from '../../db/schema/sharing.ts';
import { writeAudit } from '../../lib/audit.ts';
import {
  type AuthedContext,
  assertPermission,
  hasPermission,
  inTransaction,
  requireActor,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { updateVersioned } from '../../lib/optimistic.ts';
import { offsetOf } from '../../lib/pagination.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import type { z } from '@hono/zod-openapi';
import type {
  authorInput,
  createAchievementBody,
  createCategoryBody,
  updateAchievementBody,
  updateCategoryBody,
} from './sharing.schemas.ts';
import { searchVector } from './sharing.search.ts';
import {
  type AchievementAction,
  EDITABLE_STATES,
  STATE_LABELS,
  TRANSITIONS,
  type AchievementState,
} from './sharing.workflow.ts';

type AchievementRow = typeof achievements.$inferSelect;
type AuthorInput = z.infer<typeof authorInput>;

// ————————————————————————————————————————————— categories (成果类别)

export async function findCategories(ctx: ServiceContext) {
  requireActor(ctx);
  return ctx.db
    .select()
    .from(achievementCategories)
    .orderBy(asc(achievementCategories.sortOrder), asc(achievementCategories.id));
}

export async function createCategory(ctx: ServiceContext, input: z.infer<typeof createCategoryBody>) {
  assertPermission(ctx, 'manage:achievement-category:all');
  return inTransaction(ctx, async (tx) => {
    const [dup] = await tx.db
      .select({ id: achievementCategories.id })
      .from(achievementCategories)
      .where(eq(achievementCategories.code, input.code));
    if (dup) throw conflict(`类别代码 ${input.code} 已存在`, [{ path: 'code', message: '已存在' }]);
    const [row] = await tx.db.insert(achievementCategories).values(input).returning();
    await writeAudit(tx, {
      event: 'achievement-category.create',
      objectType: 'achievement-category',
      objectId: row.id,
    });
    return row;
  });
}

export async function updateCategory(
  ctx: ServiceContext,
  id: number,
  input: z.infer<typeof updateCategoryBody>,
) {
  assertPermission(ctx, 'manage:achievement-category:all');
  const { version, ...values } = input;
  return inTransaction(ctx, async (tx) => {
    const [existing] = await tx.db
      .select()
      .from(achievementCategories)
      .where(eq(achievementCategories.id, id));
    if (!existing) throw notFound('类别');
    const row = await updateVersioned(
      tx.db,
      achievementCategories as never,
      id,
      version,
      values,
      ctx.clock.now(),
    );
    await writeAudit(tx, {
      event: 'achievement-category.update',
      objectType: 'achievement-category',
      objectId: id,
      detail: { fields: Object.keys(values) },
    });
    return row as typeof achievementCategories.$inferSelect;
  });
}

// ————————————————————————————————————————————— achievements

function iso(d: Date | null) {
  return d ? d.toISOString() : null;
}

async function authorsOf(ctx: ServiceContext, ids: number[]) {
  if (!ids.length) return new Map<number, (typeof achievementAuthors.$inferSelect)[]>();
  const rows = await ctx.db
    .select()
    .from(achievementAuthors)
    .where(inArray(achievementAuthors.achievementId, ids))
    .orderBy(asc(achievementAuthors.achievementId), asc(achievementAuthors.seq));
  const m = new Map<number, (typeof achievementAuthors.$inferSelect)[]>();
  for (const r of rows) m.set(r.achievementId, [...(m.get(r.achievementId) ?? []), r]);
  return m;
}

async function namesOf(ctx: ServiceContext, rows: AchievementRow[]) {
  const orgIds = [...new Set(rows.map((r) => r.orgId))];
  const catIds = [...new Set(rows.map((r) => r.categoryId))];
  const orgs = orgIds.length
    ? await ctx.db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, orgIds))
    : [];
  const cats = catIds.length
    ? await ctx.db
        .select({ id: achievementCategories.id, name: achievementCategories.name })
        .from(achievementCategories)
        .where(inArray(achievementCategories.id, catIds))
    : [];
  return {
    org: new Map(orgs.map((o) => [o.id, o.name])),
    cat: new Map(cats.map((c) => [c.id, c.name])),
  };
}

function listDto(r: AchievementRow, names: Awaited<ReturnType<typeof namesOf>>) {
  return {
    id: r.id,
    orgId: r.orgId,
    orgName: names.org.get(r.orgId) ?? '',
    title: r.title,
    categoryId: r.categoryId,
    categoryName: names.cat.get(r.categoryId) ?? '',
    year: r.year,
    studioId: r.studioId,
    benefitAmount: r.benefitAmount === null ? null : Number(r.benefitAmount),
    state: r.state as AchievementState,
    returnReason: r.returnReason,
    submittedAt: iso(r.submittedAt),
    reviewedAt: iso(r.reviewedAt),
    publishedAt: iso(r.publishedAt),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function fullDto(ctx: ServiceContext, r: AchievementRow, reveal = false) {
  const names = await namesOf(ctx, [r]);
  const authors = (await authorsOf(ctx, [r.id])).get(r.id) ?? [];
  return {
    ...listDto(r, names),
    description: r.description,
    benefitNote: r.benefitNote,
    patents: r.patents,
    awards: r.awards,
    authors: authors.map((a) => ({
      id: a.id,
      name: a.name,
      role: a.role,
      title: a.title,
      phone: reveal ? a.phone : maskPhone(a.phone),
      userId: a.userId,
      publicConsent: a.publicConsent,
      consentAt: iso(a.consentAt),
    })),
  };
}

export interface AchievementListQuery {
  page: number;
  pageSize: number;
  q?: string;
  state?: AchievementState;
  year?: number;
  categoryId?: number;
}

/** Achievements the actor's scope keeps (the review queue is `state=submitted`). */
export async function findAchievements(ctx: ServiceContext, q: AchievementListQuery) {
  assertPermission(ctx, 'read:achievement:subtree');
  const t = achievements;
  const where: SQL[] = [isNull(t.deletedAt), inScope(ctx.actor, t.orgPath, t.orgAltPath)];
  if (q.state) where.push(eq(t.state, q.state));
  if (q.year) where.push(eq(t.year, q.year));
  if (q.categoryId) where.push(eq(t.categoryId, q.categoryId));
  if (q.q) where.push(ilike(t.title, `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
  const page = await ctx.db
    .select({ row: t, total: sql<number>`count(*) over()` })
    .from(t)
    .where(and(...where))
    .orderBy(desc(t.updatedAt), desc(t.id))
    .limit(q.pageSize)
    .offset(offsetOf(q));
  let total = Number(page[0]?.total ?? 0);
  if (!page.length && q.page > 1)
    [{ n: total }] = await ctx.db
      .select({ n: count() })
      .from(t)
      .where(and(...where));
  const rows = page.map((p) => p.row);
  const names = await namesOf(ctx, rows);
  return {
    items: rows.map((r) => listDto(r, names)),
    total: Number(total),
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function loadInScope(ctx: AuthedContext, id: number): Promise<AchievementRow> {
  const [row] = await ctx.db
    .select()
    .from(achievements)
    .where(and(eq(achievements.id, id), isNull(achievements.deletedAt)));
  if (!row || !isInScope(ctx.actor, row.orgPath, row.orgAltPath)) throw notFound('成果');
  return row;
}

/** One achievement with its authors; `reveal` shows phone numbers to holders of pii:view (audited). */
export async function getAchievement(ctx: ServiceContext, id: number, opts: { reveal?: boolean } = {}) {
  assertPermission(ctx, 'read:achievement:subtree');
  const row = await loadInScope(ctx, id);
  if (opts.reveal) {
    if (!hasPermission(ctx, 'pii:view'))
      throw new AppError('FORBIDDEN', '没有查看完整个人信息的权限（pii:view）');
    await writeAudit(ctx, {
      event: 'pii.view',
      objectType: 'achievement',
      objectId: id,
      detail: { fields: ['authors.phone'] },
    });
  }
  return fullDto(ctx, row, !!opts.reveal);
}

/** The owning enterprise: named (in scope) or the actor's own organisation, which must be an enterprise. */
async function resolveEnterprise(ctx: AuthedContext, orgId?: number) {
  const [org] = await ctx.db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, orgId ?? ctx.actor.scopeOrgId), isNull(organizations.deletedAt)));
  if (!org || !isInScope(ctx.actor, org.path, org.altPath))
    throw invalid('所属企业不存在或不在您的管辖范围内', [{ path: 'orgId', message: '无效' }]);
  if (org.kind !== 'enterprise')
    throw invalid('创新项目须归属于一家企业，请选择所属企业', [{ path: 'orgId', message: '请选择企业' }]);
  return org;
}

async function assertCategory(ctx: ServiceContext, categoryId: number) {
  const [c] = await ctx.db
    .select()
    .from(achievementCategories)
    .where(eq(achievementCategories.id, categoryId));
  if (!c?.active) throw invalid('成果类别不存在或已停用', [{ path: 'categoryId', message: '无效' }]);
}

async function assertStudio(ctx: ServiceContext, studioId: number | null | undefined) {
  if (!studioId) return;
  const [s] = await ctx.db
    .select({ id: studios.id })
    .from(studios)
    .where(and(eq(studios.id, studioId), isNull(studios.deletedAt)));
  if (!s) throw invalid('工作室不存在', [{ path: 'studioId', message: '不存在' }]);
}

async function writeAuthors(ctx: ServiceContext, achievementId: number, authors: AuthorInput[]) {
  const before = (await authorsOf(ctx, [achievementId])).get(achievementId) ?? [];
  const consentedAt = new Map(before.filter((a) => a.publicConsent).map((a) => [a.name, a.consentAt]));
  await ctx.db.delete(achievementAuthors).where(eq(achievementAuthors.achievementId, achievementId));
  if (!authors.length) return;
  const now = ctx.clock.now();
  await ctx.db.insert(achievementAuthors).values(
    authors.map((a, i) => ({
      achievementId,
      seq: i + 1,
      name: a.name,
      role: a.role ?? null,
      title: a.title ?? null,
      phone: a.phone ?? null,
      userId: a.userId ?? null,
      publicConsent: a.publicConsent,
      // When the consent was recorded: kept from before for an author who had already given it.
      consentAt: a.publicConsent ? (consentedAt.get(a.name) ?? now) : null,
    })),
  );
}

async function writeEvent(
  ctx: ServiceContext,
  achievementId: number,
  action: string,
  fromState: string | null,
  toState: string,
  reason?: string | null,
) {
  await ctx.db.insert(achievementEvents).values({
    achievementId,
    action,
    fromState,
    toState,
    reason: reason ?? null,
    userId: ctx.actor?.userId ?? null,
    at: ctx.clock.now(),
  });
}

export async function createAchievement(ctx: ServiceContext, input: z.infer<typeof createAchievementBody>) {
  assertPermission(ctx, 'manage:achievement:subtree');
  const { orgId, authors, ...values } = input;
  const org = await resolveEnterprise(ctx, orgId);
  await assertCategory(ctx, values.categoryId);
  await assertStudio(ctx, values.studioId);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(achievements)
      .values({
        ...values,
        benefitAmount: values.benefitAmount == null ? null : String(values.benefitAmount),
        patents: values.patents ?? [],
        awards: values.awards ?? [],
        orgId: org.id,
        orgPath: org.path,
        orgAltPath: org.altPath,
        countyCode: org.divisionCode,
        cityCode: org.divisionCode ? `${org.divisionCode.slice(0, 4)}00` : null,
        industrySection: org.industrySection,
        industryDivision: org.industryDivision,
        state: 'draft',
        searchVector: searchVector(values.title, values.description),
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await writeAuthors(tx, row.id, authors);
    await writeEvent(tx, row.id, 'create', null, 'draft');
    await writeAudit(tx, { event: 'achievement.create', objectType: 'achievement', objectId: row.id });
    return fullDto(tx, row);
  });
}

export async function updateAchievement(
  ctx: ServiceContext,
  id: number,
  input: z.infer<typeof updateAchievementBody>,
) {
  assertPermission(ctx, 'manage:achievement:subtree');
  const current = await loadInScope(ctx, id);
  if (!EDITABLE_STATES.includes(current.state as AchievementState)) {
    throw new AppError(
      'INVALID_STATE',
      `成果处于“${STATE_LABELS[current.state as AchievementState]}”状态，不能修改；如需修改请先由审核人退回`,
    );
  }
  const { version, authors, ...values } = input;
  if (values.categoryId !== undefined) await assertCategory(ctx, values.categoryId);
  await assertStudio(ctx, values.studioId);
  return inTransaction(ctx, async (tx) => {
    const title = values.title ?? current.title;
    const description = values.description ?? current.description;
    const row = (await updateVersioned(
      tx.db,
      achievements as never,
      id,
      version,
      {
        ...values,
        ...(values.benefitAmount !== undefined
          ? { benefitAmount: values.benefitAmount === null ? null : String(values.benefitAmount) }
          : {}),
        // Editing is allowed only in the editable states: the compare-and-set checks it too.
        searchVector: searchVector(title, description),
        updatedBy: ctx.actor.userId,
      },
      ctx.clock.now(),
    )) as AchievementRow;
    if (!EDITABLE_STATES.includes(row.state as AchievementState))
      throw conflict('成果状态已变化，请刷新后再试');
    if (authors) await writeAuthors(tx, id, authors);
    await writeAudit(tx, {
      event: 'achievement.update',
      objectType: 'achievement',
      objectId: id,
      detail: { fields: Object.keys(input).filter((k) => k !== 'version') },
    });
    return fullDto(tx, row);
  });
}

/** Applies one workflow action (submit, approve, return, publish, unpublish) by compare-and-set. */
export async function transitionAchievement(
  ctx: ServiceContext,
  id: number,
  action: AchievementAction,
  input: { version: number; reason?: string },
) {
  const rule = TRANSITIONS[action];
  assertPermission(ctx, rule.permission);
  const current = await loadInScope(ctx, id);
  if (!rule.from.includes(current.state as AchievementState)) {
    throw new AppError(
      'INVALID_STATE',
      `成果当前为“${STATE_LABELS[current.state as AchievementState]}”，不能执行此操作`,
    );
  }
  if (rule.reason && !input.reason?.trim())
    throw invalid('请填写理由（例如退回修改的原因）', [{ path: 'reason', message: '必填' }]);
  const now = ctx.clock.now();
  const stamp: Partial<AchievementRow> =
    action === 'submit'
      ? { submittedAt: now, returnReason: null }
      : action === 'publish'
        ? { publishedAt: now }
        : action === 'unpublish'
          ? { publishedAt: null, returnReason: input.reason ?? null }
          : action === 'return'
            ? { reviewedAt: now, returnReason: input.reason ?? null }
            : { reviewedAt: now };
  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .update(achievements)
      .set({
        ...stamp,
        state: rule.to,
        version: sql`${achievements.version} + 1`,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(
        and(
          eq(achievements.id, id),
          eq(achievements.version, input.version),
          eq(achievements.state, current.state),
          isNull(achievements.deletedAt),
        ),
      )
      .returning();
    if (!rows.length)
      throw conflict('成果已被他人处理或修改，请刷新后再试（版本不一致）', [
        { path: 'version', message: '版本已过期' },
      ]);
    await writeEvent(tx, id, action, current.state, rule.to, input.reason);
    await writeAudit(tx, {
      event: `achievement.${action}`,
      objectType: 'achievement',
      objectId: id,
      detail: { from: current.state, to: rule.to },
    });
    return fullDto(tx, rows[0]);
  });
}

/** The achievement's workflow events, oldest first. */
export async function findAchievementEvents(ctx: ServiceContext, id: number) {
  assertPermission(ctx, 'read:achievement:subtree');
  await loadInScope(ctx, id);
  const rows = await ctx.db
    .select()
    .from(achievementEvents)
    .where(eq(achievementEvents.achievementId, id))
    .orderBy(asc(achievementEvents.id));
  return rows.map((e) => ({ ...e, at: e.at.toISOString() }));
}

export { loadInScope as loadAchievementInScope };
