// 需求清单 and its workflow: categories (an editable dictionary), demands posted by an
// enterprise or by a union on its behalf, review, dispatch to an ordered candidate list,
// accept / decline / timeout, claims, service records, completion, rating and follow-ups.
// Every transition is checked against zhuqi.workflow.ts, compare-and-set on `version`,
// and writes one demand_events row and one audit row in its transaction.
import {
  and,
  asc,
  count,
  desc,
  eq,
  ilike,
  inArray,
  isNotNull,
  isNull,
  max,
  ne,
  type SQL,
  sql,
} from 'drizzle-orm';
import { maskPhone } from '#shared/validators.ts';
import type { CandidateType, DemandState, Level } from '#shared/zhuqi.ts';
import { DEMAND_STATE_LABELS } from '#shared/zhuqi.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { userRoles, users } from '../../db/schema/users.ts';
import {
  assignments,
  craftsmen,
  demandCategories,
  demandEvents,
  demandFollowups,
  demands,
  dueJobs,
  serviceRecords,
  serviceTeamMembers,
  serviceTeams,
} from '../../db/schema/zhuqi.ts';
import { todayInChina } from '../../lib/clock.ts';
import { writeAudit } from '../../lib/audit.ts';
import { mountainIslandCountyIds } from '../orgs/mountain-island.ts';
import {
  type AuthedContext,
  assertAnyPermission,
  assertPermission,
  hasPermission,
  inTransaction,
  requireActor,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { updateVersioned } from '../../lib/optimistic.ts';
import { offsetOf, pageOfRows } from '../../lib/pagination.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { notifyUsers } from '../notifications/notifications.service.ts';
import { activeLoads, craftsmanOfUser, orgById, teamIdsOf, teamsLedBy } from './zhuqi.resources.service.ts';
import {
  afterFailedOffer,
  canTransition,
  DEFAULT_DEADLINE_HOURS,
  type DemandAction,
  operatorLevel,
  operatorMayDispatch,
  operatorMayReview,
  type Party,
} from './zhuqi.workflow.ts';

type DemandRow = typeof demands.$inferSelect;
type AssignmentRow = typeof assignments.$inferSelect;
type CraftsmanRow = typeof craftsmen.$inferSelect;

const FOLLOWUP_DAYS = [30, 90];
const DAY = 86_400_000;

// —— 需求类别 ——

export async function findCategories(ctx: ServiceContext) {
  requireActor(ctx);
  return ctx.db
    .select()
    .from(demandCategories)
    .orderBy(asc(demandCategories.sortOrder), asc(demandCategories.id));
}

function categoryConflict(err: unknown): never {
  const e = err as { code?: string; cause?: { code?: string } };
  if (e.code === '23505' || e.cause?.code === '23505')
    throw conflict('已有同名的需求类别', [{ path: 'name', message: '重名' }]);
  throw err;
}

export async function createCategory(ctx: ServiceContext, input: { name: string; sortOrder?: number }) {
  assertPermission(ctx, 'manage:demand-category:all');
  try {
    return await inTransaction(ctx, async (tx) => {
      const [row] = await tx.db.insert(demandCategories).values(input).returning();
      await writeAudit(tx, {
        event: 'demand-category.create',
        objectType: 'demand_category',
        objectId: row.id,
      });
      return row;
    });
  } catch (err) {
    categoryConflict(err);
  }
}

export async function updateCategory(
  ctx: ServiceContext,
  id: number,
  input: { version: number; name?: string; sortOrder?: number; active?: boolean },
) {
  assertPermission(ctx, 'manage:demand-category:all');
  const [cur] = await ctx.db.select().from(demandCategories).where(eq(demandCategories.id, id));
  if (!cur) throw notFound('需求类别');
  const { version, ...values } = input;
  try {
    return await inTransaction(ctx, async (tx) => {
      const row = await updateVersioned(tx.db, demandCategories, id, version, values, ctx.clock.now());
      await writeAudit(tx, { event: 'demand-category.update', objectType: 'demand_category', objectId: id });
      return row;
    });
  } catch (err) {
    categoryConflict(err);
  }
}

// —— who the actor is to a demand ——

interface Standing {
  enterprise: boolean;
  poster: boolean;
  operator: Level | null;
  craftsman: CraftsmanRow | null;
  ledTeams: number[];
  memberTeams: number[];
}

async function actorLevel(ctx: AuthedContext): Promise<Level | null> {
  const org = await orgById(ctx, ctx.actor.scopeOrgId);
  return org ? operatorLevel(org.kind) : null;
}

async function standingOf(ctx: AuthedContext, d: DemandRow): Promise<Standing> {
  const a = ctx.actor;
  const inTree = isInScope(a, d.orgPath, d.orgAltPath);
  const enterprise = hasPermission(ctx, 'post:demand:own-org') && a.orgId === d.orgId;
  const poster = d.createdBy === a.userId && hasPermission(ctx, 'post:demand:own-org');
  const isOperator =
    inTree && (hasPermission(ctx, 'review:demand:subtree') || hasPermission(ctx, 'dispatch:demand:subtree'));
  const operator = isOperator ? await actorLevel(ctx) : null;
  let craftsman: CraftsmanRow | null = null;
  let ledTeams: number[] = [];
  let memberTeams: number[] = [];
  if (hasPermission(ctx, 'serve:demand:assigned')) {
    craftsman = await craftsmanOfUser(ctx, a.userId);
    if (craftsman) {
      ledTeams = (await teamsLedBy(ctx, craftsman.id)).map((t) => t.id);
      memberTeams = await teamIdsOf(ctx, craftsman.id);
    }
  }
  return { enterprise, poster, operator, craftsman, ledTeams, memberTeams };
}

/** Is the craftsman (or a team they are in) involved in the demand: offered, serving or claimed. */
async function craftsmanInvolved(ctx: ServiceContext, d: DemandRow, s: Standing): Promise<boolean> {
  if (!s.craftsman) return false;
  if (d.serverCraftsmanId === s.craftsman.id) return true;
  if (d.serverTeamId && s.memberTeams.includes(d.serverTeamId)) return true;
  const conds: SQL[] = [eq(assignments.craftsmanId, s.craftsman.id)];
  if (s.memberTeams.length) conds.push(inArray(assignments.teamId, s.memberTeams));
  const [hit] = await ctx.db
    .select({ id: assignments.id })
    .from(assignments)
    .where(
      and(
        eq(assignments.demandId, d.id),
        isNotNull(assignments.offeredAt),
        sql`(${sql.join(conds, sql` or `)})`,
      ),
    )
    .limit(1);
  return !!hit;
}

/** Open demands a craftsman may claim: published, in the city of their county. */
async function claimableBy(ctx: ServiceContext, d: DemandRow, c: CraftsmanRow): Promise<boolean> {
  if (d.state !== 'published') return false;
  const county = await orgById(ctx, c.countyId);
  const cityPath = county?.path.split('/').slice(0, -2).join('/');
  return !!cityPath && cityPath.split('/').length > 2 && d.orgPath.startsWith(`${cityPath}/`);
}

async function loadDemandRow(ctx: ServiceContext, id: number): Promise<DemandRow | null> {
  const [d] = await ctx.db
    .select()
    .from(demands)
    .where(and(eq(demands.id, id), isNull(demands.deletedAt)));
  return d ?? null;
}

/** The demand if the actor may see it (scope, or an explicit grant to the craftsman); else 404. */
async function loadVisible(ctx: AuthedContext, id: number): Promise<{ d: DemandRow; s: Standing }> {
  const d = await loadDemandRow(ctx, id);
  if (!d) throw notFound('需求');
  const s = await standingOf(ctx, d);
  if (hasPermission(ctx, 'read:demand:subtree') && isInScope(ctx.actor, d.orgPath, d.orgAltPath))
    return { d, s };
  if (s.craftsman && ((await craftsmanInvolved(ctx, d, s)) || (await claimableBy(ctx, d, s.craftsman))))
    return { d, s };
  throw notFound('需求');
}

// —— DTOs ——

async function demandDtos(ctx: ServiceContext, rows: DemandRow[], reveal = false) {
  const orgIds = [...new Set(rows.flatMap((r) => [r.orgId, r.countyId]))];
  const orgs = orgIds.length
    ? await ctx.db
        .select({ id: organizations.id, name: organizations.name, shortName: organizations.shortName })
        .from(organizations)
        .where(inArray(organizations.id, orgIds))
    : [];
  const cats = await ctx.db.select().from(demandCategories);
  const cIds = rows.map((r) => r.serverCraftsmanId).filter((x): x is number => !!x);
  const tIds = rows.map((r) => r.serverTeamId).filter((x): x is number => !!x);
  const cs = cIds.length
    ? await ctx.db
        .select({ id: craftsmen.id, name: craftsmen.name })
        .from(craftsmen)
        .where(inArray(craftsmen.id, cIds))
    : [];
  const ts = tIds.length
    ? await ctx.db
        .select({ id: serviceTeams.id, name: serviceTeams.name })
        .from(serviceTeams)
        .where(inArray(serviceTeams.id, tIds))
    : [];
  const mi = await mountainIslandCountyIds(ctx.db);
  const name = (id: number) => orgs.find((o) => o.id === id)?.name ?? '';
  return rows.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    enterpriseName: name(r.orgId),
    countyId: r.countyId,
    countyName: orgs.find((o) => o.id === r.countyId)?.shortName ?? name(r.countyId),
    mountainIsland: mi.has(r.countyId),
    title: r.title,
    description: r.description,
    categoryId: r.categoryId,
    categoryName: cats.find((c) => c.id === r.categoryId)?.name ?? '',
    industryDivision: r.industryDivision,
    urgency: r.urgency as 'normal',
    wantedBy: r.wantedBy,
    contactName: r.contactName,
    contactPhone: reveal ? r.contactPhone : maskPhone(r.contactPhone),
    state: r.state as DemandState,
    level: r.level as Level,
    failures: r.failures,
    returnReason: r.returnReason,
    serverType: (r.serverType as CandidateType | null) ?? null,
    serverId: r.serverType === 'team' ? r.serverTeamId : r.serverCraftsmanId,
    serverName:
      r.serverType === 'team'
        ? (ts.find((t) => t.id === r.serverTeamId)?.name ?? null)
        : r.serverType === 'craftsman'
          ? (cs.find((c) => c.id === r.serverCraftsmanId)?.name ?? null)
          : null,
    claimNote: r.claimNote,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    acceptedAt: r.acceptedAt?.toISOString() ?? null,
    completedAt: r.completedAt?.toISOString() ?? null,
    completionNote: r.completionNote,
    closedAt: r.closedAt?.toISOString() ?? null,
    rating:
      r.ratingTimeliness && r.ratingEffect && r.ratingAttitude
        ? {
            timeliness: r.ratingTimeliness,
            effect: r.ratingEffect,
            attitude: r.ratingAttitude,
            comment: r.ratingComment,
            benefitYuan: r.benefitYuan === null ? null : Number(r.benefitYuan),
          }
        : null,
    typicalCase: r.typicalCase,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  }));
}

async function demandDto(ctx: ServiceContext, r: DemandRow) {
  return (await demandDtos(ctx, [r]))[0];
}

async function assignmentDtos(ctx: ServiceContext, rows: AssignmentRow[]) {
  const cIds = rows.map((r) => r.craftsmanId).filter((x): x is number => !!x);
  const tIds = rows.map((r) => r.teamId).filter((x): x is number => !!x);
  const cs = cIds.length
    ? await ctx.db
        .select({ id: craftsmen.id, name: craftsmen.name })
        .from(craftsmen)
        .where(inArray(craftsmen.id, cIds))
    : [];
  const ts = tIds.length
    ? await ctx.db
        .select({ id: serviceTeams.id, name: serviceTeams.name })
        .from(serviceTeams)
        .where(inArray(serviceTeams.id, tIds))
    : [];
  return rows.map((r) => ({
    id: r.id,
    demandId: r.demandId,
    round: r.round,
    position: r.position,
    level: r.level as Level,
    candidateType: r.candidateType as CandidateType,
    candidateId: (r.candidateType === 'team' ? r.teamId : r.craftsmanId) ?? 0,
    candidateName:
      r.candidateType === 'team'
        ? (ts.find((t) => t.id === r.teamId)?.name ?? '')
        : (cs.find((c) => c.id === r.craftsmanId)?.name ?? ''),
    state: r.state as 'queued',
    offeredAt: r.offeredAt?.toISOString() ?? null,
    deadline: r.deadline?.toISOString() ?? null,
    respondedAt: r.respondedAt?.toISOString() ?? null,
    declineReason: r.declineReason,
    version: r.version,
  }));
}

// —— lists and reads ——

export interface DemandQuery {
  page: number;
  pageSize: number;
  q?: string;
  state?: DemandState;
  level?: Level;
  countyId?: number;
  categoryId?: number;
  urgency?: string;
}

/** Demands in the actor's scope (a union's subtree, an enterprise contact's own enterprise). */
export async function findDemands(ctx: ServiceContext, q: DemandQuery) {
  assertPermission(ctx, 'read:demand:subtree');
  const t = demands;
  const where: SQL[] = [isNull(t.deletedAt), inScope(ctx.actor, t.orgPath, t.orgAltPath)];
  if (q.state) where.push(eq(t.state, q.state));
  if (q.level) where.push(eq(t.level, q.level));
  if (q.countyId) where.push(eq(t.countyId, q.countyId));
  if (q.categoryId) where.push(eq(t.categoryId, q.categoryId));
  if (q.urgency) where.push(eq(t.urgency, q.urgency));
  if (q.q) where.push(ilike(t.title, `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
  const { rows, total } = await pageOfRows(ctx.db, t, where, [desc(t.id)], q);
  return {
    items: await demandDtos(ctx, rows),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

const READERS = ['read:demand:subtree', 'serve:demand:assigned'] as const;

/** One demand; `reveal` shows the contact phone to holders of pii:view, audited. */
export async function getDemand(ctx: ServiceContext, id: number, opts: { reveal?: boolean } = {}) {
  assertAnyPermission(ctx, [...READERS]);
  const { d } = await loadVisible(ctx, id);
  if (opts.reveal) {
    if (!hasPermission(ctx, 'pii:view') || !isInScope(ctx.actor, d.orgPath, d.orgAltPath))
      throw new AppError('FORBIDDEN', '没有查看完整个人信息的权限（pii:view）');
    await writeAudit(ctx, {
      event: 'pii.view',
      objectType: 'demand',
      objectId: id,
      detail: { fields: ['contactPhone'] },
    });
  }
  return (await demandDtos(ctx, [d], !!opts.reveal))[0];
}

export async function findDemandEvents(ctx: ServiceContext, id: number) {
  assertAnyPermission(ctx, [...READERS]);
  await loadVisible(ctx, id);
  const rows = await ctx.db
    .select({ e: demandEvents, userName: users.displayName })
    .from(demandEvents)
    .leftJoin(users, eq(users.id, demandEvents.userId))
    .where(eq(demandEvents.demandId, id))
    .orderBy(asc(demandEvents.id));
  return rows.map(({ e, userName }) => ({
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    fromState: e.fromState,
    toState: e.toState,
    userName: userName ?? null,
    detail: e.detail ?? null,
  }));
}

export async function findDemandAssignments(ctx: ServiceContext, id: number) {
  assertAnyPermission(ctx, [...READERS]);
  await loadVisible(ctx, id);
  const rows = await ctx.db
    .select()
    .from(assignments)
    .where(eq(assignments.demandId, id))
    .orderBy(asc(assignments.round), asc(assignments.position));
  return assignmentDtos(ctx, rows);
}

export async function findServiceRecords(ctx: ServiceContext, id: number) {
  assertAnyPermission(ctx, [...READERS]);
  await loadVisible(ctx, id);
  const rows = await ctx.db
    .select({ r: serviceRecords, craftsmanName: craftsmen.name })
    .from(serviceRecords)
    .leftJoin(craftsmen, eq(craftsmen.id, serviceRecords.craftsmanId))
    .where(eq(serviceRecords.demandId, id))
    .orderBy(asc(serviceRecords.visitDate), asc(serviceRecords.id));
  return rows.map(({ r, craftsmanName }) => ({
    id: r.id,
    demandId: r.demandId,
    visitDate: r.visitDate,
    hours: Number(r.hours),
    participants: r.participants,
    workersTrained: r.workersTrained,
    content: r.content,
    craftsmanName: craftsmanName ?? null,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  }));
}

function followupDto(f: typeof demandFollowups.$inferSelect) {
  return {
    id: f.id,
    demandId: f.demandId,
    days: f.days,
    dueAt: f.dueAt.toISOString(),
    askedAt: f.askedAt?.toISOString() ?? null,
    answeredAt: f.answeredAt?.toISOString() ?? null,
    benefitYuan: f.benefitYuan === null ? null : Number(f.benefitYuan),
    note: f.note,
    version: f.version,
  };
}

export async function findFollowups(ctx: ServiceContext, id: number) {
  assertAnyPermission(ctx, [...READERS]);
  await loadVisible(ctx, id);
  const rows = await ctx.db
    .select()
    .from(demandFollowups)
    .where(eq(demandFollowups.demandId, id))
    .orderBy(asc(demandFollowups.days));
  return rows.map(followupDto);
}

// —— posting and editing ——

type DemandInput = Partial<{
  title: string;
  description: string;
  categoryId: number;
  industryDivision: string | null;
  urgency: string;
  wantedBy: string | null;
  contactName: string | null;
  contactPhone: string | null;
}>;

async function assertCategory(ctx: ServiceContext, id: number | undefined) {
  if (id === undefined) return;
  const [c] = await ctx.db.select().from(demandCategories).where(eq(demandCategories.id, id));
  if (!c?.active) throw invalid('需求类别不存在或已停用', [{ path: 'categoryId', message: '无效' }]);
}

/** An enterprise contact posts for their enterprise; a union operator for an enterprise in its scope. */
export async function createDemand(
  ctx: ServiceContext,
  input: DemandInput & { enterpriseId?: number; title: string; description: string; categoryId: number },
) {
  assertPermission(ctx, 'post:demand:own-org');
  const { enterpriseId, ...values } = input;
  const ent = await orgById(ctx, enterpriseId ?? ctx.actor.orgId);
  if (ent?.kind !== 'enterprise' || !isInScope(ctx.actor, ent.path, ent.altPath))
    throw invalid(
      enterpriseId ? '需求企业不存在或不在您的管辖范围内' : '请选择需求企业（工会代企业发布时必填）',
      [{ path: 'enterpriseId', message: '无效' }],
    );
  const county = ent.parentId ? await orgById(ctx, ent.parentId) : null;
  if (county?.kind !== 'county') throw invalid('该企业未挂在县（市、区）总工会之下，无法确定受理的县级工会');
  await assertCategory(ctx, values.categoryId);
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [d] = await tx.db
      .insert(demands)
      .values({
        ...values,
        industryDivision: values.industryDivision ?? ent.industryDivision,
        orgId: ent.id,
        orgPath: ent.path,
        orgAltPath: ent.altPath,
        countyId: county.id,
        state: 'submitted',
        level: 'county',
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await event(tx, d, 'post', null, 'submitted');
    await writeAudit(tx, { event: 'demand.create', objectType: 'demand', objectId: d.id });
    await notifyUsers(tx, await operatorsOf(tx, d), {
      kind: 'demand.submitted',
      title: `新需求待审核：${d.title}`,
      body: `${ent.name}发布了需求，请审核。`,
      link: `/zhuqi/demands/${d.id}`,
      orgId: d.orgId,
      subjectType: 'demand',
      subjectId: d.id,
    });
    return demandDto(tx, d);
  });
}

/** Edits while submitted or returned (the enterprise or the union that posted it). */
export async function updateDemand(
  ctx: ServiceContext,
  id: number,
  input: DemandInput & { version: number },
) {
  assertPermission(ctx, 'post:demand:own-org');
  const { d, s } = await loadVisible(ctx, id);
  assertParty(d, 'edit', s.enterprise || s.poster ? 'enterprise' : null);
  const { version, ...values } = input;
  await assertCategory(ctx, values.categoryId);
  return inTransaction(ctx, async (tx) => {
    const row = await updateVersioned(
      tx.db,
      demands,
      id,
      version,
      { ...values, updatedBy: ctx.actor.userId },
      ctx.clock.now(),
    );
    await writeAudit(tx, {
      event: 'demand.update',
      objectType: 'demand',
      objectId: id,
      detail: { fields: Object.keys(values) },
    });
    return demandDto(tx, row);
  });
}

// —— the transition machinery ——

function assertParty(d: DemandRow, action: DemandAction, party: Party | null): asserts party is Party {
  if (!party) throw new AppError('FORBIDDEN', '您不是该需求的当事方，不能执行此操作');
  if (!canTransition(d.state as DemandState, action, party))
    throw new AppError(
      'INVALID_STATE',
      `需求当前状态为“${DEMAND_STATE_LABELS[d.state as DemandState]?.zh ?? d.state}”，不能执行此操作`,
    );
}

async function event(
  ctx: ServiceContext,
  d: DemandRow,
  action: string,
  from: string | null,
  to: string,
  extra: { assignmentId?: number | null; detail?: Record<string, unknown> } = {},
) {
  await ctx.db.insert(demandEvents).values({
    demandId: d.id,
    orgPath: d.orgPath,
    at: ctx.clock.now(),
    userId: ctx.actor?.userId ?? null,
    action,
    fromState: from,
    toState: to,
    assignmentId: extra.assignmentId ?? null,
    detail: extra.detail ?? null,
  });
}

/**
 * Moves a demand from its state to `to` if its version is still `version` (compare-and-set);
 * writes the event and the audit row. A lost race answers 409.
 */
async function transition(
  ctx: ServiceContext,
  d: DemandRow,
  action: DemandAction | 'escalate',
  to: DemandState,
  version: number,
  patch: Partial<typeof demands.$inferInsert>,
  extra: { assignmentId?: number | null; detail?: Record<string, unknown> } = {},
): Promise<DemandRow> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .update(demands)
    .set({
      ...patch,
      state: to,
      version: sql`${demands.version} + 1`,
      updatedAt: now,
      updatedBy: ctx.actor?.userId ?? null,
    })
    .where(and(eq(demands.id, d.id), eq(demands.version, version), eq(demands.state, d.state)))
    .returning();
  if (!rows.length)
    throw conflict('该需求已被他人处理或修改，请刷新后重试（版本不一致）', [
      { path: 'version', message: '版本已过期' },
    ]);
  await event(ctx, d, action, d.state, to, extra);
  await writeAudit(ctx, {
    event: `demand.${action}`,
    objectType: 'demand',
    objectId: d.id,
    detail: { from: d.state, to, ...(extra.assignmentId ? { assignmentId: extra.assignmentId } : {}) },
  });
  return rows[0];
}

// —— recipients ——

async function usersWithRole(ctx: ServiceContext, orgIds: number[], role: string): Promise<number[]> {
  if (!orgIds.length) return [];
  const rows = await ctx.db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(inArray(users.orgId, orgIds), eq(userRoles.role, role), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}

/** The union operators who act on the demand at its level. */
async function operatorsOf(ctx: ServiceContext, d: DemandRow): Promise<number[]> {
  const county = await orgById(ctx, d.countyId);
  if (!county) return [];
  if (d.level === 'county') return usersWithRole(ctx, [county.id], 'county_admin');
  if (d.level === 'city') return county.parentId ? usersWithRole(ctx, [county.parentId], 'city_admin') : [];
  const province = county.path.split('/').filter(Boolean)[0];
  return usersWithRole(ctx, [Number(province)], 'province_admin');
}

async function enterpriseUsersOf(ctx: ServiceContext, d: DemandRow): Promise<number[]> {
  const ids = await usersWithRole(ctx, [d.orgId], 'enterprise_contact');
  return d.createdBy ? [...ids, d.createdBy] : ids;
}

async function candidateUsers(
  ctx: ServiceContext,
  type: string,
  craftsmanId: number | null,
  teamId: number | null,
) {
  let cid = craftsmanId;
  if (type === 'team' && teamId) {
    const [t] = await ctx.db
      .select({ leaderId: serviceTeams.leaderId })
      .from(serviceTeams)
      .where(eq(serviceTeams.id, teamId));
    cid = t?.leaderId ?? null;
  }
  if (!cid) return [];
  const [c] = await ctx.db.select({ userId: craftsmen.userId }).from(craftsmen).where(eq(craftsmen.id, cid));
  return c?.userId ? [c.userId] : [];
}

const link = (d: DemandRow) => `/zhuqi/demands/${d.id}`;
const notice = (d: DemandRow, kind: string, title: string, body?: string) => ({
  kind,
  title,
  body: body ?? null,
  link: link(d),
  orgId: d.orgId,
  subjectType: 'demand',
  subjectId: d.id,
});

// —— review ——

async function operatorParty(
  ctx: AuthedContext,
  s: Standing,
  d: DemandRow,
  kind: 'review' | 'dispatch',
): Promise<Party | null> {
  if (!s.operator) return null;
  if (kind === 'review') {
    if (!hasPermission(ctx, 'review:demand:subtree') || !operatorMayReview(s.operator, d.level as Level))
      return null;
  } else if (
    !hasPermission(ctx, 'dispatch:demand:subtree') ||
    !operatorMayDispatch(s.operator, d.level as Level)
  ) {
    return null;
  }
  return 'operator';
}

export async function publishDemand(ctx: ServiceContext, id: number, version: number) {
  assertPermission(ctx, 'review:demand:subtree');
  const { d, s } = await loadVisible(ctx, id);
  assertParty(d, 'publish', await operatorParty(ctx, s, d, 'review'));
  return inTransaction(ctx, async (tx) => {
    const row = await transition(tx, d, 'publish', 'published', version, {
      publishedAt: ctx.clock.now(),
      returnReason: null,
    });
    await notifyUsers(
      tx,
      await enterpriseUsersOf(tx, row),
      notice(
        row,
        'demand.published',
        `需求已发布：${row.title}`,
        '县级工会已审核通过，正在为您匹配劳模工匠。',
      ),
    );
    return demandDto(tx, row);
  });
}

export async function returnDemand(
  ctx: ServiceContext,
  id: number,
  input: { version: number; reason: string },
) {
  assertPermission(ctx, 'review:demand:subtree');
  const { d, s } = await loadVisible(ctx, id);
  assertParty(d, 'return', await operatorParty(ctx, s, d, 'review'));
  return inTransaction(ctx, async (tx) => {
    const row = await transition(
      tx,
      d,
      'return',
      'returned',
      input.version,
      { returnReason: input.reason },
      { detail: { reason: input.reason } },
    );
    await notifyUsers(
      tx,
      await enterpriseUsersOf(tx, row),
      notice(row, 'demand.returned', `需求被退回：${row.title}`, `退回原因：${input.reason}`),
    );
    return demandDto(tx, row);
  });
}

export async function resubmitDemand(ctx: ServiceContext, id: number, version: number) {
  assertPermission(ctx, 'post:demand:own-org');
  const { d, s } = await loadVisible(ctx, id);
  assertParty(d, 'resubmit', s.enterprise || s.poster ? 'enterprise' : null);
  return inTransaction(ctx, async (tx) => {
    const row = await transition(tx, d, 'resubmit', 'submitted', version, {});
    await notifyUsers(
      tx,
      await operatorsOf(tx, row),
      notice(row, 'demand.submitted', `需求已重新提交：${row.title}`),
    );
    return demandDto(tx, row);
  });
}

export async function cancelDemand(
  ctx: ServiceContext,
  id: number,
  input: { version: number; reason: string },
) {
  assertAnyPermission(ctx, ['post:demand:own-org', 'review:demand:subtree']);
  const { d, s } = await loadVisible(ctx, id);
  const party: Party | null =
    s.enterprise || s.poster ? 'enterprise' : await operatorParty(ctx, s, d, 'review');
  assertParty(d, 'cancel', party);
  return inTransaction(ctx, async (tx) => {
    const row = await transition(
      tx,
      d,
      'cancel',
      'cancelled',
      input.version,
      {},
      { detail: { reason: input.reason } },
    );
    return demandDto(tx, row);
  });
}

// —— dispatch and the offers ——

type TeamRow = typeof serviceTeams.$inferSelect;

/** Why a candidate may not be offered a demand now; `full` alone may be overridden with a reason. */
interface Refusal {
  kind: 'conflict' | 'unavailable' | 'full';
  message: string;
}

/**
 * The checks of decision 019 for one candidate at this moment (China date of the injectable
 * clock): conflict of interest (the craftsman, or for a team any member, works for the
 * enterprise), an unavailability period, and the monthly capacity (active offers and services
 * against `monthlyCapacity`; a team's capacity is its member count). Null when eligible.
 */
async function refusalOf(
  ctx: ServiceContext,
  d: DemandRow,
  c: { type: 'craftsman'; row: CraftsmanRow } | { type: 'team'; row: TeamRow },
): Promise<Refusal | null> {
  if (c.type === 'craftsman') {
    const r = c.row;
    if (r.employerId === d.orgId) return { kind: 'conflict', message: `${r.name}是需求企业的职工，须回避` };
    const today = todayInChina(ctx.clock.now());
    const away = (r.unavailable ?? []).find((u) => u.from <= today && today <= u.to);
    if (away)
      return {
        kind: 'unavailable',
        message: `${r.name}在 ${away.from} 至 ${away.to} 不能接单${away.reason ? `（${away.reason}）` : ''}`,
      };
    const load = (await activeLoads(ctx, [r.id])).get(r.id) ?? 0;
    if (load >= r.monthlyCapacity)
      return {
        kind: 'full',
        message: `${r.name}本月已满额（已接 ${load} 单，每月可接 ${r.monthlyCapacity} 单）`,
      };
    return null;
  }
  const t = c.row;
  const members = await ctx.db
    .select({ name: craftsmen.name, employerId: craftsmen.employerId })
    .from(serviceTeamMembers)
    .innerJoin(craftsmen, eq(craftsmen.id, serviceTeamMembers.craftsmanId))
    .where(eq(serviceTeamMembers.teamId, t.id));
  const insider = members.find((m) => m.employerId === d.orgId);
  if (insider)
    return {
      kind: 'conflict',
      message: `服务队“${t.name}”的成员${insider.name}是需求企业的职工，须回避`,
    };
  const [{ n }] = await ctx.db
    .select({ n: count() })
    .from(demands)
    .where(
      and(eq(demands.serverTeamId, t.id), inArray(demands.state, ['claimed', 'in_service', 'completed'])),
    );
  const capacity = Math.max(1, members.length);
  if (Number(n) >= capacity)
    return {
      kind: 'full',
      message: `服务队“${t.name}”本月已满额（已接 ${Number(n)} 单，每月可接 ${capacity} 单）`,
    };
  return null;
}

/**
 * The operator's ordered list, checked before anything is written: in scope, no duplicates,
 * and `refusalOf` — a conflict of interest is never overridable, nor an unavailability period;
 * a full capacity is, when the operator gives a reason, which the event records.
 */
async function resolveCandidates(
  ctx: AuthedContext,
  d: DemandRow,
  list: { type: CandidateType; id: number }[],
  capacityOverrideReason?: string,
) {
  const seen = new Set<string>();
  const out: { type: CandidateType; craftsmanId: number | null; teamId: number | null }[] = [];
  const overridden: string[] = [];
  const overriddenKeys: string[] = [];
  for (const [i, c] of list.entries()) {
    const key = `${c.type}:${c.id}`;
    if (seen.has(key)) throw invalid('候选人重复', [{ path: `candidates.${i}`, message: '重复' }]);
    seen.add(key);
    let refusal: Refusal | null;
    if (c.type === 'craftsman') {
      const [r] = await ctx.db
        .select()
        .from(craftsmen)
        .where(and(eq(craftsmen.id, c.id), isNull(craftsmen.deletedAt)));
      if (!r || !isInScope(ctx.actor, r.orgPath, r.orgAltPath))
        throw invalid('候选劳模工匠不存在或不在您的管辖范围内', [
          { path: `candidates.${i}`, message: '无效' },
        ]);
      refusal = await refusalOf(ctx, d, { type: 'craftsman', row: r });
      out.push({ type: 'craftsman', craftsmanId: r.id, teamId: null });
    } else {
      const [t] = await ctx.db
        .select()
        .from(serviceTeams)
        .where(and(eq(serviceTeams.id, c.id), isNull(serviceTeams.deletedAt)));
      if (!t || !isInScope(ctx.actor, t.orgPath, t.orgAltPath))
        throw invalid('候选服务队不存在或不在您的管辖范围内', [{ path: `candidates.${i}`, message: '无效' }]);
      refusal = await refusalOf(ctx, d, { type: 'team', row: t });
      out.push({ type: 'team', craftsmanId: null, teamId: t.id });
    }
    if (!refusal) continue;
    if (refusal.kind === 'conflict')
      throw invalid(`${refusal.message}，不能派单（利益冲突不可越过）`, [
        { path: `candidates.${i}`, message: '利益冲突' },
      ]);
    if (refusal.kind === 'unavailable')
      throw invalid(`${refusal.message}，不能派单`, [{ path: `candidates.${i}`, message: '不可接单时段' }]);
    if (!capacityOverrideReason)
      throw invalid(`${refusal.message}，不能派单；如确需派单，请填写超额派单理由`, [
        { path: `candidates.${i}`, message: '已满额' },
      ]);
    overridden.push(refusal.message);
    overriddenKeys.push(key);
  }
  return {
    list: out,
    capacityOverride: overridden.length
      ? { reason: capacityOverrideReason!, candidates: overridden, keys: overriddenKeys }
      : null,
  };
}

/** Candidates of a round whose capacity the operator overrode at dispatch (`type:id`). */
async function overriddenInRound(ctx: ServiceContext, demandId: number, round: number): Promise<Set<string>> {
  const rows = await ctx.db
    .select({ detail: demandEvents.detail })
    .from(demandEvents)
    .where(
      and(
        eq(demandEvents.demandId, demandId),
        eq(demandEvents.action, 'dispatch'),
        sql`(${demandEvents.detail}->>'round')::int = ${round}`,
      ),
    );
  const keys = rows.flatMap(
    (r) => ((r.detail?.capacityOverride as { keys?: string[] } | undefined)?.keys ?? []) as string[],
  );
  return new Set(keys);
}

/**
 * The first queued backup still eligible when the offer passes on (decision 019's checks, again,
 * at this moment); the ones before it that no longer qualify are marked `skipped` with the
 * reason. A capacity the operator overrode at dispatch stays overridden for that round.
 */
async function nextEligible(ctx: ServiceContext, d: DemandRow, queued: AssignmentRow[]) {
  const skipped: { a: AssignmentRow; reason: string }[] = [];
  const overridden = queued.length ? await overriddenInRound(ctx, d.id, queued[0].round) : new Set<string>();
  for (const a of queued) {
    let refusal: Refusal | null = null;
    if (a.candidateType === 'craftsman' && a.craftsmanId) {
      const [r] = await ctx.db.select().from(craftsmen).where(eq(craftsmen.id, a.craftsmanId));
      refusal =
        !r || r.deletedAt
          ? { kind: 'unavailable', message: '该劳模工匠已从资源清单移除' }
          : await refusalOf(ctx, d, { type: 'craftsman', row: r });
    } else if (a.teamId) {
      const [t] = await ctx.db.select().from(serviceTeams).where(eq(serviceTeams.id, a.teamId));
      refusal =
        !t || t.deletedAt
          ? { kind: 'unavailable', message: '该服务队已从资源清单移除' }
          : await refusalOf(ctx, d, { type: 'team', row: t });
    }
    const key = `${a.candidateType}:${a.candidateType === 'team' ? a.teamId : a.craftsmanId}`;
    if (refusal?.kind === 'full' && overridden.has(key)) refusal = null;
    if (!refusal) return { next: a, skipped };
    skipped.push({ a, reason: refusal.message });
  }
  return { next: null, skipped };
}

/** Offers an assignment: deadline from now, a due job for the timeout, a notification. */
async function offer(ctx: ServiceContext, d: DemandRow, a: AssignmentRow) {
  const now = ctx.clock.now();
  const deadline = new Date(now.getTime() + a.deadlineHours * 3_600_000);
  const [row] = await ctx.db
    .update(assignments)
    .set({
      state: 'offered',
      offeredAt: now,
      deadline,
      version: sql`${assignments.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(assignments.id, a.id), eq(assignments.state, 'queued')))
    .returning();
  if (!row) throw conflict('候选人状态已变化，请刷新后重试');
  await ctx.db.insert(dueJobs).values({ kind: 'assignment.deadline', refId: row.id, dueAt: deadline });
  await notifyUsers(
    ctx,
    await candidateUsers(ctx, row.candidateType, row.craftsmanId, row.teamId),
    notice(
      d,
      'assignment.offered',
      `新派单待接：${d.title}`,
      `请在 ${deadline.toISOString().slice(0, 16).replace('T', ' ')}（UTC）前接单或说明原因拒绝。`,
    ),
  );
  return row;
}

/** The operator at the demand's level dispatches it to an ordered list of candidates; the first is offered at once. */
export async function dispatchDemand(
  ctx: ServiceContext,
  id: number,
  input: {
    version: number;
    candidates: { type: CandidateType; id: number }[];
    deadlineHours?: number;
    capacityOverrideReason?: string;
  },
) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { d, s } = await loadVisible(ctx, id);
  assertParty(d, 'dispatch', await operatorParty(ctx, s, d, 'dispatch'));
  const { list, capacityOverride } = await resolveCandidates(
    ctx,
    d,
    input.candidates,
    input.capacityOverrideReason,
  );
  const hours = input.deadlineHours ?? DEFAULT_DEADLINE_HOURS;
  return inTransaction(ctx, async (tx) => {
    const [{ r }] = await tx.db
      .select({ r: max(assignments.round) })
      .from(assignments)
      .where(eq(assignments.demandId, d.id));
    const round = (r ?? 0) + 1;
    const row = await transition(
      tx,
      d,
      'dispatch',
      'dispatching',
      input.version,
      {},
      {
        detail: {
          round,
          candidates: list.length,
          deadlineHours: hours,
          ...(capacityOverride ? { capacityOverride } : {}),
        },
      },
    );
    const inserted = await tx.db
      .insert(assignments)
      .values(
        list.map((c, i) => ({
          demandId: d.id,
          orgPath: d.orgPath,
          round,
          position: i + 1,
          level: d.level,
          candidateType: c.type,
          craftsmanId: c.craftsmanId,
          teamId: c.teamId,
          deadlineHours: hours,
          dispatchedBy: ctx.actor.userId,
        })),
      )
      .returning();
    await offer(tx, row, inserted.find((a) => a.position === 1)!);
    return demandDto(tx, row);
  });
}

async function loadAssignmentFor(ctx: AuthedContext, id: number) {
  const [a] = await ctx.db.select().from(assignments).where(eq(assignments.id, id));
  if (!a?.offeredAt) throw notFound('派单');
  const { d, s } = await loadVisible(ctx, a.demandId);
  const mine =
    !!s.craftsman &&
    ((a.candidateType === 'craftsman' && a.craftsmanId === s.craftsman.id) ||
      (a.candidateType === 'team' && !!a.teamId && s.ledTeams.includes(a.teamId)));
  return { a, d, s, mine };
}

/** The assigned craftsman (or the team's leader) accepts: the demand goes into service. */
export async function acceptAssignment(ctx: ServiceContext, id: number, version: number) {
  assertPermission(ctx, 'serve:demand:assigned');
  const { a, d, mine } = await loadAssignmentFor(ctx, id);
  if (!mine) throw new AppError('FORBIDDEN', '只有被派单的劳模工匠（或服务队队长）可以接单');
  if (a.state !== 'offered') throw new AppError('INVALID_STATE', '该派单已不在待接单状态');
  assertParty(d, 'accept', 'craftsman');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const won = await tx.db
      .update(assignments)
      .set({ state: 'accepted', respondedAt: now, version: sql`${assignments.version} + 1`, updatedAt: now })
      .where(
        and(eq(assignments.id, a.id), eq(assignments.version, version), eq(assignments.state, 'offered')),
      )
      .returning();
    if (!won.length)
      throw conflict('该派单已被处理，请刷新后查看（版本不一致）', [
        { path: 'version', message: '版本已过期' },
      ]);
    const row = await transition(
      tx,
      d,
      'accept',
      'in_service',
      d.version,
      {
        acceptedAt: now,
        serverType: a.candidateType,
        serverCraftsmanId: a.craftsmanId,
        serverTeamId: a.teamId,
      },
      { assignmentId: a.id },
    );
    await withdrawQueued(tx, d.id);
    await cancelJobs(tx, 'assignment.deadline', [a.id]);
    const msg = notice(row, 'assignment.accepted', `劳模工匠已接单：${row.title}`);
    await notifyUsers(tx, [...(await enterpriseUsersOf(tx, row)), ...(await operatorsOf(tx, row))], msg);
    return (await assignmentDtos(tx, won))[0];
  });
}

async function withdrawQueued(ctx: ServiceContext, demandId: number) {
  await ctx.db
    .update(assignments)
    .set({ state: 'withdrawn', updatedAt: ctx.clock.now(), version: sql`${assignments.version} + 1` })
    .where(and(eq(assignments.demandId, demandId), eq(assignments.state, 'queued')));
}

async function cancelJobs(ctx: ServiceContext, kind: string, refIds: number[]) {
  if (!refIds.length) return;
  await ctx.db
    .update(dueJobs)
    .set({ state: 'cancelled', doneAt: ctx.clock.now() })
    .where(and(eq(dueJobs.kind, kind), inArray(dueJobs.refId, refIds), eq(dueJobs.state, 'pending')));
}

/**
 * A declined or expired offer: the next candidate is offered, or the demand escalates one
 * level (county → city → province) and reopens for that level's operator.
 */
async function failOffer(
  ctx: ServiceContext,
  d: DemandRow,
  a: AssignmentRow,
  action: 'decline' | 'expire',
  version: number,
  reason: string | null,
) {
  const now = ctx.clock.now();
  const done = await ctx.db
    .update(assignments)
    .set({
      state: action === 'decline' ? 'declined' : 'expired',
      respondedAt: now,
      declineReason: reason,
      version: sql`${assignments.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(assignments.id, a.id), eq(assignments.version, version), eq(assignments.state, 'offered')))
    .returning();
  if (!done.length)
    throw conflict('该派单已被处理，请刷新后查看（版本不一致）', [
      { path: 'version', message: '版本已过期' },
    ]);
  if (action === 'decline') await cancelJobs(ctx, 'assignment.deadline', [a.id]);
  const remaining = await ctx.db
    .select()
    .from(assignments)
    .where(
      and(eq(assignments.demandId, d.id), eq(assignments.round, a.round), eq(assignments.state, 'queued')),
    )
    .orderBy(asc(assignments.position));
  let next = afterFailedOffer(d.level as Level, d.failures, remaining.length);
  let eligible: AssignmentRow | null = null;
  let skipped: { a: AssignmentRow; reason: string }[] = [];
  if (next.kind === 'offer-next') {
    ({ next: eligible, skipped } = await nextEligible(ctx, d, remaining));
    // Every backup left fails the checks: as if the list were exhausted.
    if (!eligible) next = afterFailedOffer(d.level as Level, d.failures, 0);
  }
  const detail = {
    reason,
    position: a.position,
    ...(skipped.length
      ? { skipped: skipped.map((x) => ({ position: x.a.position, reason: x.reason })) }
      : {}),
  };
  if (next.kind === 'offer-next' && eligible) {
    const row = await transition(
      ctx,
      d,
      action,
      'dispatching',
      d.version,
      { failures: next.failures },
      { assignmentId: a.id, detail: { ...detail, next: eligible.position } },
    );
    await skipCandidates(ctx, row, skipped);
    await offer(ctx, row, eligible);
    return row;
  }
  let row = await transition(
    ctx,
    d,
    action,
    'published',
    d.version,
    { failures: next.failures },
    { assignmentId: a.id, detail },
  );
  await skipCandidates(ctx, row, skipped);
  await withdrawQueued(ctx, d.id);
  if (next.kind === 'escalate') {
    // A second event of its own: the demand changes hands, one level up, never back.
    row = await escalate(ctx, row, next.level);
  } else {
    await notifyUsers(
      ctx,
      await operatorsOf(ctx, row),
      notice(row, 'demand.reopened', `派单未成功，请重新派单：${row.title}`),
    );
  }
  return row;
}

/** Marks passed-over backups `skipped`, each with its reason, and writes one history event apiece. */
async function skipCandidates(
  ctx: ServiceContext,
  d: DemandRow,
  skipped: { a: AssignmentRow; reason: string }[],
) {
  if (!skipped.length) return;
  const now = ctx.clock.now();
  const names = await assignmentDtos(
    ctx,
    skipped.map((x) => x.a),
  );
  for (const [i, { a, reason }] of skipped.entries()) {
    const done = await ctx.db
      .update(assignments)
      .set({
        state: 'skipped',
        respondedAt: now,
        declineReason: reason,
        version: sql`${assignments.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(assignments.id, a.id), eq(assignments.state, 'queued')))
      .returning({ id: assignments.id });
    if (!done.length) throw conflict('候选人状态已变化，请刷新后重试');
    await event(ctx, d, 'skipCandidate', d.state, d.state, {
      assignmentId: a.id,
      detail: { position: a.position, candidate: names[i].candidateName, reason: `${reason}，已跳过` },
    });
  }
  await writeAudit(ctx, {
    event: 'demand.skipCandidates',
    objectType: 'demand',
    objectId: d.id,
    detail: { assignments: skipped.map((x) => ({ id: x.a.id, reason: x.reason })) },
  });
}

async function escalate(ctx: ServiceContext, d: DemandRow, level: Level) {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .update(demands)
    .set({ level, failures: 0, version: sql`${demands.version} + 1`, updatedAt: now })
    .where(and(eq(demands.id, d.id), eq(demands.version, d.version), eq(demands.level, d.level)))
    .returning();
  if (!rows.length) throw conflict('该需求已被他人处理，请刷新后重试');
  const row = rows[0];
  await event(ctx, d, 'escalate', d.state, row.state, { detail: { from: d.level, to: level } });
  await writeAudit(ctx, {
    event: 'demand.escalate',
    objectType: 'demand',
    objectId: d.id,
    detail: { from: d.level, to: level },
  });
  await notifyUsers(
    ctx,
    await operatorsOf(ctx, row),
    notice(
      row,
      'demand.escalated',
      `需求已上报至本级派单：${row.title}`,
      '下级多次派单未成功，请您重新派单。',
    ),
  );
  return row;
}

export async function declineAssignment(
  ctx: ServiceContext,
  id: number,
  input: { version: number; reason: string },
) {
  assertPermission(ctx, 'serve:demand:assigned');
  const { a, d, mine } = await loadAssignmentFor(ctx, id);
  if (!mine) throw new AppError('FORBIDDEN', '只有被派单的劳模工匠（或服务队队长）可以拒绝');
  if (a.state !== 'offered') throw new AppError('INVALID_STATE', '该派单已不在待接单状态');
  assertParty(d, 'decline', 'craftsman');
  return inTransaction(ctx, async (tx) => {
    await failOffer(tx, d, a, 'decline', input.version, input.reason);
    const [row] = await tx.db.select().from(assignments).where(eq(assignments.id, id));
    return (await assignmentDtos(tx, [row]))[0];
  });
}

/** The ticker's side of a deadline: an offer still open after its deadline expires. */
export async function expireAssignment(ctx: ServiceContext, assignmentId: number): Promise<boolean> {
  const [a] = await ctx.db.select().from(assignments).where(eq(assignments.id, assignmentId));
  if (a?.state !== 'offered' || !a.deadline || a.deadline > ctx.clock.now()) return false;
  const d = await loadDemandRow(ctx, a.demandId);
  if (!d || !canTransition(d.state as DemandState, 'expire', 'system')) return false;
  await failOffer(ctx, d, a, 'expire', a.version, null);
  return true;
}

// —— claims ——

export async function claimDemand(
  ctx: ServiceContext,
  id: number,
  input: { version: number; teamId?: number; note?: string | null },
) {
  assertPermission(ctx, 'serve:demand:assigned');
  const { d, s } = await loadVisible(ctx, id);
  if (!s.craftsman) throw new AppError('FORBIDDEN', '您的账号尚未关联劳模工匠档案，不能认领');
  if (input.teamId && !s.ledTeams.includes(input.teamId))
    throw invalid('只能以您担任队长的服务队名义认领', [{ path: 'teamId', message: '无效' }]);
  if (!input.teamId && s.craftsman.employerId === d.orgId) throw invalid('不能认领本单位的需求（须回避）');
  assertParty(d, 'claim', 'craftsman');
  return inTransaction(ctx, async (tx) => {
    const row = await transition(
      tx,
      d,
      'claim',
      'claimed',
      input.version,
      {
        serverType: input.teamId ? 'team' : 'craftsman',
        serverCraftsmanId: input.teamId ? null : s.craftsman!.id,
        serverTeamId: input.teamId ?? null,
        claimNote: input.note ?? null,
      },
      { detail: { teamId: input.teamId ?? null } },
    );
    await notifyUsers(
      tx,
      await operatorsOf(tx, row),
      notice(row, 'demand.claimed', `需求被认领，待确认：${row.title}`, `认领人：${s.craftsman!.name}`),
    );
    return demandDto(tx, row);
  });
}

export async function confirmClaim(ctx: ServiceContext, id: number, version: number) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { d, s } = await loadVisible(ctx, id);
  assertParty(d, 'confirmClaim', await operatorParty(ctx, s, d, 'review'));
  return inTransaction(ctx, async (tx) => {
    const row = await transition(tx, d, 'confirmClaim', 'in_service', version, {
      acceptedAt: ctx.clock.now(),
    });
    await notifyUsers(
      tx,
      [
        ...(await candidateUsers(tx, row.serverType ?? '', row.serverCraftsmanId, row.serverTeamId)),
        ...(await enterpriseUsersOf(tx, row)),
      ],
      notice(row, 'demand.claim-confirmed', `认领已确认：${row.title}`),
    );
    return demandDto(tx, row);
  });
}

export async function rejectClaim(
  ctx: ServiceContext,
  id: number,
  input: { version: number; reason: string },
) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { d, s } = await loadVisible(ctx, id);
  assertParty(d, 'rejectClaim', await operatorParty(ctx, s, d, 'review'));
  const claimants = await candidateUsers(ctx, d.serverType ?? '', d.serverCraftsmanId, d.serverTeamId);
  return inTransaction(ctx, async (tx) => {
    const row = await transition(
      tx,
      d,
      'rejectClaim',
      'published',
      input.version,
      { serverType: null, serverCraftsmanId: null, serverTeamId: null, claimNote: null },
      { detail: { reason: input.reason } },
    );
    await notifyUsers(
      tx,
      claimants,
      notice(row, 'demand.claim-rejected', `认领未获确认：${row.title}`, `原因：${input.reason}`),
    );
    return demandDto(tx, row);
  });
}

// —— service, completion, rating ——

function servesIt(d: DemandRow, s: Standing, leaderOnly: boolean): boolean {
  if (!s.craftsman) return false;
  if (d.serverType === 'craftsman') return d.serverCraftsmanId === s.craftsman.id;
  if (d.serverType === 'team' && d.serverTeamId)
    return (leaderOnly ? s.ledTeams : s.memberTeams).includes(d.serverTeamId);
  return false;
}

export async function addServiceRecord(
  ctx: ServiceContext,
  id: number,
  input: {
    visitDate: string;
    hours: number;
    participants?: number;
    workersTrained?: number;
    content: string;
  },
) {
  assertPermission(ctx, 'serve:demand:assigned');
  const { d, s } = await loadVisible(ctx, id);
  assertParty(d, 'recordService', servesIt(d, s, false) ? 'craftsman' : null);
  return inTransaction(ctx, async (tx) => {
    // The state is re-read under a row lock, so a record never lands on a demand completed meanwhile.
    const [cur] = await tx.db.select().from(demands).where(eq(demands.id, d.id)).for('update');
    if (cur.state !== 'in_service') throw new AppError('INVALID_STATE', '需求已不在服务中');
    const [r] = await tx.db
      .insert(serviceRecords)
      .values({
        demandId: d.id,
        orgPath: d.orgPath,
        countyId: d.countyId,
        craftsmanId: s.craftsman!.id,
        teamId: d.serverTeamId,
        visitDate: input.visitDate,
        hours: String(input.hours),
        participants: input.participants ?? 1,
        workersTrained: input.workersTrained ?? 0,
        content: input.content,
        createdBy: ctx.actor.userId,
        createdAt: ctx.clock.now(),
      })
      .returning();
    await event(tx, cur, 'recordService', cur.state, cur.state, {
      detail: { recordId: r.id, hours: input.hours },
    });
    await writeAudit(tx, {
      event: 'demand.recordService',
      objectType: 'demand',
      objectId: d.id,
      detail: { recordId: r.id },
    });
    return {
      id: r.id,
      demandId: r.demandId,
      visitDate: r.visitDate,
      hours: Number(r.hours),
      participants: r.participants,
      workersTrained: r.workersTrained,
      content: r.content,
      craftsmanName: s.craftsman!.name,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

export async function completeDemand(
  ctx: ServiceContext,
  id: number,
  input: { version: number; note?: string | null },
) {
  assertPermission(ctx, 'serve:demand:assigned');
  const { d, s } = await loadVisible(ctx, id);
  assertParty(d, 'complete', servesIt(d, s, true) ? 'craftsman' : null);
  const [{ n }] = await ctx.db
    .select({ n: count() })
    .from(serviceRecords)
    .where(eq(serviceRecords.demandId, d.id));
  if (!Number(n)) throw new AppError('INVALID_STATE', '请先填写至少一条服务记录，再标记完成');
  return inTransaction(ctx, async (tx) => {
    const row = await transition(tx, d, 'complete', 'completed', input.version, {
      completedAt: ctx.clock.now(),
      completionNote: input.note ?? null,
    });
    await notifyUsers(
      tx,
      await enterpriseUsersOf(tx, row),
      notice(row, 'demand.completed', `服务已完成，请确认并评价：${row.title}`),
    );
    return demandDto(tx, row);
  });
}

/** The enterprise confirms and rates; the demand closes and the 30/90-day follow-ups are scheduled. */
export async function confirmDemand(
  ctx: ServiceContext,
  id: number,
  input: {
    version: number;
    timeliness: number;
    effect: number;
    attitude: number;
    comment?: string | null;
    benefitYuan?: number | null;
  },
) {
  assertPermission(ctx, 'post:demand:own-org');
  const { d, s } = await loadVisible(ctx, id);
  assertParty(d, 'confirm', s.enterprise ? 'enterprise' : null);
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const row = await transition(
      tx,
      d,
      'confirm',
      'closed',
      input.version,
      {
        closedAt: now,
        ratingTimeliness: input.timeliness,
        ratingEffect: input.effect,
        ratingAttitude: input.attitude,
        ratingComment: input.comment ?? null,
        benefitYuan:
          input.benefitYuan === undefined || input.benefitYuan === null ? null : String(input.benefitYuan),
      },
      { detail: { timeliness: input.timeliness, effect: input.effect, attitude: input.attitude } },
    );
    for (const days of FOLLOWUP_DAYS) {
      const dueAt = new Date(now.getTime() + days * DAY);
      const [f] = await tx.db
        .insert(demandFollowups)
        .values({ demandId: d.id, orgPath: d.orgPath, days, dueAt })
        .returning();
      await tx.db.insert(dueJobs).values({ kind: 'followup.ask', refId: f.id, dueAt });
    }
    await notifyUsers(
      tx,
      await candidateUsers(tx, row.serverType ?? '', row.serverCraftsmanId, row.serverTeamId),
      notice(row, 'demand.closed', `企业已确认并评价：${row.title}`),
    );
    return demandDto(tx, row);
  });
}

/** The ticker's side of a follow-up: ask the enterprise for the benefit realised. */
export async function askFollowup(ctx: ServiceContext, followupId: number): Promise<boolean> {
  const [f] = await ctx.db.select().from(demandFollowups).where(eq(demandFollowups.id, followupId));
  if (!f || f.askedAt) return false;
  const d = await loadDemandRow(ctx, f.demandId);
  if (!d) return false;
  await ctx.db.update(demandFollowups).set({ askedAt: ctx.clock.now() }).where(eq(demandFollowups.id, f.id));
  await event(ctx, d, 'followupAsked', d.state, d.state, { detail: { days: f.days } });
  await writeAudit(ctx, {
    event: 'demand.followupAsked',
    objectType: 'demand',
    objectId: d.id,
    detail: { days: f.days },
  });
  await notifyUsers(
    ctx,
    await enterpriseUsersOf(ctx, d),
    notice(
      d,
      'demand.followup',
      `服务 ${f.days} 天回访：${d.title}`,
      '请填报该项服务为企业带来的实际效益（元）。',
    ),
  );
  return true;
}

export async function answerFollowup(
  ctx: ServiceContext,
  id: number,
  input: { version: number; benefitYuan: number; note?: string | null },
) {
  assertPermission(ctx, 'post:demand:own-org');
  const [f] = await ctx.db.select().from(demandFollowups).where(eq(demandFollowups.id, id));
  if (!f) throw notFound('回访');
  const { d, s } = await loadVisible(ctx, f.demandId);
  if (!s.enterprise) throw new AppError('FORBIDDEN', '只有需求企业可以填报回访');
  if (!f.askedAt) throw new AppError('INVALID_STATE', `尚未到 ${f.days} 天回访时间`);
  if (f.answeredAt) throw new AppError('INVALID_STATE', '该回访已填报');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const rows = await tx.db
      .update(demandFollowups)
      .set({
        answeredAt: now,
        benefitYuan: String(input.benefitYuan),
        note: input.note ?? null,
        version: sql`${demandFollowups.version} + 1`,
      })
      .where(
        and(
          eq(demandFollowups.id, id),
          eq(demandFollowups.version, input.version),
          isNull(demandFollowups.answeredAt),
        ),
      )
      .returning();
    if (!rows.length) throw conflict('该回访已被修改，请刷新后重试');
    await event(tx, d, 'followupAnswered', d.state, d.state, {
      detail: { days: f.days, benefitYuan: input.benefitYuan },
    });
    await writeAudit(tx, {
      event: 'demand.followupAnswered',
      objectType: 'demand',
      objectId: d.id,
      detail: { days: f.days },
    });
    return followupDto(rows[0]);
  });
}

// —— the craftsman's views ——

/** "我的任务": offers waiting for me (or my teams), demands I serve, and what I finished. */
export async function findMyTasks(ctx: ServiceContext) {
  assertPermission(ctx, 'serve:demand:assigned');
  const c = await craftsmanOfUser(ctx, ctx.actor.userId);
  if (!c) return { craftsman: null, offers: [], serving: [], done: [] };
  const led = (await teamsLedBy(ctx, c.id)).map((t) => t.id);
  const member = await teamIdsOf(ctx, c.id);
  const mineA: SQL[] = [eq(assignments.craftsmanId, c.id)];
  if (led.length) mineA.push(inArray(assignments.teamId, led));
  const offered = await ctx.db
    .select()
    .from(assignments)
    .where(and(eq(assignments.state, 'offered'), sql`(${sql.join(mineA, sql` or `)})`))
    .orderBy(asc(assignments.deadline));
  const mineD: SQL[] = [eq(demands.serverCraftsmanId, c.id)];
  if (member.length) mineD.push(inArray(demands.serverTeamId, member));
  const served = await ctx.db
    .select()
    .from(demands)
    .where(
      and(isNull(demands.deletedAt), ne(demands.state, 'cancelled'), sql`(${sql.join(mineD, sql` or `)})`),
    )
    .orderBy(desc(demands.updatedAt))
    .limit(100);
  const offerDemands = offered.length
    ? await ctx.db
        .select()
        .from(demands)
        .where(
          inArray(
            demands.id,
            offered.map((a) => a.demandId),
          ),
        )
    : [];
  const dtos = await demandDtos(ctx, [...offerDemands, ...served]);
  const byId = new Map(dtos.map((x) => [x.id, x]));
  const aDtos = await assignmentDtos(ctx, offered);
  const task = (dId: number, a: (typeof aDtos)[number] | null) => ({ assignment: a, demand: byId.get(dId)! });
  return {
    craftsman: { id: c.id, name: c.name },
    offers: aDtos.map((a) => task(a.demandId, a)),
    serving: served
      .filter((d) => ['claimed', 'in_service', 'completed'].includes(d.state))
      .map((d) => task(d.id, null)),
    done: served.filter((d) => d.state === 'closed').map((d) => task(d.id, null)),
  };
}

/** Published demands a craftsman may claim (their city), newest first. */
export async function findOpenDemands(ctx: ServiceContext, q: { page: number; pageSize: number }) {
  assertPermission(ctx, 'serve:demand:assigned');
  const c = await craftsmanOfUser(ctx, ctx.actor.userId);
  if (!c) throw new AppError('FORBIDDEN', '您的账号尚未关联劳模工匠档案');
  const county = await orgById(ctx, c.countyId);
  const cityPath = `${county!.path.split('/').slice(0, -2).join('/')}/`;
  const where = and(
    isNull(demands.deletedAt),
    eq(demands.state, 'published'),
    inScope({ orgPath: cityPath }, demands.orgPath),
    c.employerId ? ne(demands.orgId, c.employerId) : undefined,
  );
  const rows = await ctx.db
    .select({ row: demands, total: sql<number>`count(*) over()` })
    .from(demands)
    .where(where)
    .orderBy(desc(demands.id))
    .limit(q.pageSize)
    .offset(offsetOf(q));
  return {
    items: await demandDtos(
      ctx,
      rows.map((r) => r.row),
    ),
    total: Number(rows[0]?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

// —— attachments (附件) of demands and of service records ——

export const DEMAND_OWNER_TYPE = 'demands';
export const SERVICE_RECORD_OWNER_TYPE = 'service-records';

/**
 * The demand if the actor may see its files: the enterprise and the unions in scope (tree and
 * `read:demand:subtree`), or a craftsman it was offered to or who serves it. A craftsman who
 * could merely claim it sees the demand, not its drawings.
 */
async function loadForFiles(ctx: AuthedContext, id: number): Promise<{ d: DemandRow; s: Standing }> {
  const d = await loadDemandRow(ctx, id);
  if (!d) throw notFound('需求');
  const s = await standingOf(ctx, d);
  if (hasPermission(ctx, 'read:demand:subtree') && isInScope(ctx.actor, d.orgPath, d.orgAltPath))
    return { d, s };
  if (s.craftsman && (await craftsmanInvolved(ctx, d, s))) return { d, s };
  throw notFound('需求');
}

const placeOf = (d: DemandRow) => ({ orgId: d.orgId, orgPath: d.orgPath, orgAltPath: d.orgAltPath });

/** Where a demand's files sit; the enterprise (or the union that posted it) adds and removes them while it may edit the demand. */
export async function demandFilesPlace(ctx: AuthedContext, id: number, forWrite: boolean) {
  const { d, s } = await loadForFiles(ctx, id);
  if (forWrite) {
    if (!(hasPermission(ctx, 'post:demand:own-org') && (s.enterprise || s.poster)))
      throw new AppError('FORBIDDEN', '需求附件只能由需求企业（或代企业发布的工会）上传或删除');
    if (!canTransition(d.state as DemandState, 'edit', 'enterprise'))
      throw new AppError(
        'INVALID_STATE',
        `需求当前状态为“${DEMAND_STATE_LABELS[d.state as DemandState]?.zh ?? d.state}”，附件已锁定（只有待审核或被退回的需求可以增删附件）`,
      );
  }
  return placeOf(d);
}

/** Where a service record's files sit: readable with the demand's files; its author adds and removes them while the demand is in service. */
export async function serviceRecordFilesPlace(ctx: AuthedContext, id: number, forWrite: boolean) {
  const [r] = await ctx.db.select().from(serviceRecords).where(eq(serviceRecords.id, id));
  if (!r) throw notFound('服务记录');
  const { d } = await loadForFiles(ctx, r.demandId).catch(() => {
    throw notFound('服务记录');
  });
  if (forWrite) {
    if (r.createdBy !== ctx.actor.userId || !hasPermission(ctx, 'serve:demand:assigned'))
      throw new AppError('FORBIDDEN', '服务记录的附件只能由填写该记录的劳模工匠上传或删除');
    if (d.state !== 'in_service')
      throw new AppError(
        'INVALID_STATE',
        `需求当前状态为“${DEMAND_STATE_LABELS[d.state as DemandState]?.zh ?? d.state}”，服务记录的附件已锁定（服务中才可增删）`,
      );
  }
  return placeOf(d);
}
