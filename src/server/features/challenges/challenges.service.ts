// 揭榜挂帅: a key problem published by a union with a fund and deadlines (directly, or from a
// 共性难题 cluster of similar open demands); service teams and studios apply (揭榜) with a
// proposal; a panel named by the operator scores the applications; one is awarded; the fund is
// paid in tranches as its milestones are accepted — each tranche a row of the grants ledger,
// written in the same transaction. Every transition is checked against challenges.workflow.ts,
// compare-and-set on `version`, writes one challenge_events row and one audit row.
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
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import {
  type ApplicantType,
  type ChallengeState,
  DEFAULT_CRITERIA,
  fenToYuan,
  yuanToFen,
} from '#shared/challenges.ts';
import { permissionsOf, type Role } from '#shared/roles.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { studios } from '../../db/schema/registries.ts';
import { userRoles, users } from '../../db/schema/users.ts';
import {
  type ChallengeCriterion,
  challengeApplications,
  challengeDemands,
  challengeEvents,
  challengeMilestones,
  challengePanel,
  challengeScores,
  challenges,
  craftsmen,
  demandCategories,
  demands,
  dueJobs,
  type ProposedMilestone,
  serviceTeamMembers,
  serviceTeams,
} from '../../db/schema/zhuqi.ts';
import { writeAudit } from '../../lib/audit.ts';
import { todayInChina } from '../../lib/clock.ts';
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
import { pageOfRows } from '../../lib/pagination.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { notifyUsers } from '../notifications/notifications.service.ts';
import { insertRecord } from '../registries/registries.service.ts';
import { registryOf } from '../registries/registries.catalog.ts';
import { craftsmanOfUser, orgById, teamIdsOf } from '../zhuqi/zhuqi.resources.service.ts';
import { clusterDemands, DEFAULT_THRESHOLD } from './challenges.clustering.ts';
import {
  type ChallengeAction,
  canTake,
  type ChallengeParty,
  rankApplications,
  targetState,
  weightedTotal,
} from './challenges.workflow.ts';

type ChallengeRow = typeof challenges.$inferSelect;
type ApplicationRow = typeof challengeApplications.$inferSelect;

/** A numeric column's text as yuan with two decimals ("300000" → "300000.00"). */
const money = (v: string) => fenToYuan(yuanToFen(Number(v).toFixed(2)) ?? 0);

const PUBLISHER_KINDS = ['province', 'city', 'county', 'industry_union'];
const SOURCE_LEVEL: Record<string, string> = {
  province: 'provincial',
  city: 'city',
  county: 'county',
  industry_union: 'county',
};

// —— who the actor is to a challenge ——

interface Standing {
  operator: boolean;
  reader: boolean;
  panel: boolean;
  /** Applicant keys (team:<id>, studio:<id>) the actor may apply and act for. */
  applicantKeys: string[];
}

async function applicantKeysOf(ctx: AuthedContext): Promise<string[]> {
  if (!hasPermission(ctx, 'join:challenge:assigned')) return [];
  const c = await craftsmanOfUser(ctx, ctx.actor.userId);
  if (!c) return [];
  const keys = (await teamIdsOf(ctx, c.id)).map((t) => `team:${t}`);
  if (c.employerId) {
    const ss = await ctx.db
      .select({ id: studios.id })
      .from(studios)
      .where(and(eq(studios.enterpriseId, c.employerId), isNull(studios.deletedAt)));
    keys.push(...ss.map((s) => `studio:${s.id}`));
  }
  return keys;
}

async function isPanelMember(ctx: AuthedContext, challengeId: number): Promise<boolean> {
  const [r] = await ctx.db
    .select({ id: challengePanel.userId })
    .from(challengePanel)
    .where(and(eq(challengePanel.challengeId, challengeId), eq(challengePanel.userId, ctx.actor.userId)));
  return !!r;
}

async function standingOf(ctx: AuthedContext, c: ChallengeRow): Promise<Standing> {
  const inTree = isInScope(ctx.actor, c.orgPath, c.orgAltPath);
  return {
    operator: inTree && hasPermission(ctx, 'dispatch:demand:subtree'),
    reader: inTree && hasPermission(ctx, 'read:demand:subtree'),
    panel: await isPanelMember(ctx, c.id),
    applicantKeys: await applicantKeysOf(ctx),
  };
}

async function ownApplications(ctx: ServiceContext, challengeId: number, keys: string[], userId: number) {
  const conds: SQL[] = [eq(challengeApplications.submittedBy, userId)];
  if (keys.length) conds.push(inArray(challengeApplications.applicantKey, keys));
  return ctx.db
    .select()
    .from(challengeApplications)
    .where(and(eq(challengeApplications.challengeId, challengeId), or(...conds)))
    .orderBy(asc(challengeApplications.id));
}

/** The challenge if the actor may see it: scope, the panel, or an open call / own application; else 404. */
async function loadVisible(ctx: AuthedContext, id: number): Promise<{ c: ChallengeRow; s: Standing }> {
  const [c] = await ctx.db
    .select()
    .from(challenges)
    .where(and(eq(challenges.id, id), isNull(challenges.deletedAt)));
  if (!c) throw notFound('揭榜挂帅榜单');
  const s = await standingOf(ctx, c);
  if (s.reader || s.operator || s.panel) return { c, s };
  if (s.applicantKeys.length) {
    if (c.state !== 'draft' && c.state !== 'cancelled') return { c, s };
    if ((await ownApplications(ctx, c.id, s.applicantKeys, ctx.actor.userId)).length) return { c, s };
  }
  throw notFound('揭榜挂帅榜单');
}

async function loadForOperator(ctx: AuthedContext, id: number) {
  const r = await loadVisible(ctx, id);
  if (!r.s.operator) {
    // Seen as a panel member or an applicant, but not theirs to run.
    throw new AppError('FORBIDDEN', '只有发榜单位（或其上级）的工会工作人员可以办理此项');
  }
  return r;
}

// —— DTOs ——

async function challengeDtos(ctx: ServiceContext, rows: ChallengeRow[]) {
  const ids = rows.map((r) => r.id);
  const orgIds = [...new Set(rows.map((r) => r.orgId))];
  const orgs = orgIds.length
    ? await ctx.db
        .select({ id: organizations.id, name: organizations.name, kind: organizations.kind })
        .from(organizations)
        .where(inArray(organizations.id, orgIds))
    : [];
  const cats = await ctx.db.select().from(demandCategories);
  const apps = ids.length
    ? await ctx.db
        .select({ challengeId: challengeApplications.challengeId, n: count() })
        .from(challengeApplications)
        .where(
          and(inArray(challengeApplications.challengeId, ids), ne(challengeApplications.state, 'withdrawn')),
        )
        .groupBy(challengeApplications.challengeId)
    : [];
  const links = ids.length
    ? await ctx.db
        .select({ challengeId: challengeDemands.challengeId, id: demands.id, title: demands.title })
        .from(challengeDemands)
        .innerJoin(demands, eq(demands.id, challengeDemands.demandId))
        .where(inArray(challengeDemands.challengeId, ids))
        .orderBy(asc(demands.id))
    : [];
  return rows.map((r) => {
    const o = orgs.find((x) => x.id === r.orgId);
    return {
      id: r.id,
      orgId: r.orgId,
      orgName: o?.name ?? '',
      orgKind: o?.kind ?? '',
      title: r.title,
      problem: r.problem,
      requirements: r.requirements,
      fundYuan: money(r.fundYuan),
      applyBy: r.applyBy,
      completeBy: r.completeBy,
      industryDivision: r.industryDivision,
      categoryId: r.categoryId,
      categoryName: cats.find((x) => x.id === r.categoryId)?.name ?? null,
      criteria: r.criteria,
      state: r.state as ChallengeState,
      clusterNote: r.clusterNote,
      panelClosed: !!r.panelClosedAt,
      awardedApplicationId: r.awardedApplicationId,
      awardReason: r.awardReason,
      cancelReason: r.cancelReason,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      awardedAt: r.awardedAt?.toISOString() ?? null,
      completedAt: r.completedAt?.toISOString() ?? null,
      applicationCount: Number(apps.find((a) => a.challengeId === r.id)?.n ?? 0),
      demands: links.filter((l) => l.challengeId === r.id).map((l) => ({ id: l.id, title: l.title })),
      version: r.version,
    };
  });
}

// —— list, read ——

export async function findChallenges(
  ctx: ServiceContext,
  q: { page: number; pageSize: number; state?: ChallengeState; q?: string },
) {
  requireActor(ctx);
  const t = challenges;
  const seen: SQL[] = [];
  if (hasPermission(ctx, 'read:demand:subtree') || hasPermission(ctx, 'dispatch:demand:subtree'))
    seen.push(inScope(ctx.actor, t.orgPath, t.orgAltPath));
  seen.push(
    sql`${t.id} in (select ${challengePanel.challengeId} from ${challengePanel} where ${challengePanel.userId} = ${ctx.actor.userId})`,
  );
  if (hasPermission(ctx, 'join:challenge:assigned')) {
    const keys = await applicantKeysOf(ctx);
    if (keys.length) {
      seen.push(sql`${t.state} not in ('draft', 'cancelled')`);
      seen.push(
        sql`${t.id} in (select ${challengeApplications.challengeId} from ${challengeApplications} where ${inArray(challengeApplications.applicantKey, keys)})`,
      );
    }
  }
  const where: SQL[] = [isNull(t.deletedAt), or(...seen) as SQL];
  if (q.state) where.push(eq(t.state, q.state));
  if (q.q) where.push(ilike(t.title, `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
  const { rows, total } = await pageOfRows(ctx.db, t, where, [desc(t.updatedAt), desc(t.id)], q);
  return {
    items: await challengeDtos(ctx, rows),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function panelOf(ctx: ServiceContext, challengeId: number) {
  return ctx.db
    .select({ userId: users.id, displayName: users.displayName, username: users.username })
    .from(challengePanel)
    .innerJoin(users, eq(users.id, challengePanel.userId))
    .where(eq(challengePanel.challengeId, challengeId))
    .orderBy(asc(users.id));
}

/** What the actor may do here: the web shows the matching buttons. */
async function applicableFor(ctx: AuthedContext, keys: string[]) {
  const out: { type: ApplicantType; id: number; name: string }[] = [];
  const teamIds = keys.filter((k) => k.startsWith('team:')).map((k) => Number(k.slice(5)));
  const studioIds = keys.filter((k) => k.startsWith('studio:')).map((k) => Number(k.slice(7)));
  if (teamIds.length)
    for (const t of await ctx.db
      .select({ id: serviceTeams.id, name: serviceTeams.name })
      .from(serviceTeams)
      .where(inArray(serviceTeams.id, teamIds)))
      out.push({ type: 'team', id: t.id, name: t.name });
  if (studioIds.length)
    for (const s of await ctx.db
      .select({ id: studios.id, name: studios.name })
      .from(studios)
      .where(inArray(studios.id, studioIds)))
      out.push({ type: 'studio', id: s.id, name: s.name });
  return out;
}

export async function getChallenge(ctx: ServiceContext, id: number) {
  requireActor(ctx);
  const { c, s } = await loadVisible(ctx, id);
  const [dto] = await challengeDtos(ctx, [c]);
  return {
    ...dto,
    panel: await panelOf(ctx, c.id),
    me: {
      operator: s.operator,
      panelMember: s.panel,
      applyAs: c.state === 'published' ? await applicableFor(ctx, s.applicantKeys) : [],
    },
  };
}

// —— create, edit ——

interface ChallengeInput {
  title?: string;
  problem?: string;
  requirements?: string | null;
  fundYuan?: number;
  applyBy?: string;
  completeBy?: string;
  industryDivision?: string | null;
  categoryId?: number | null;
  criteria?: ChallengeCriterion[];
  demandIds?: number[];
  clusterNote?: string | null;
}

function checkCriteria(criteria: ChallengeCriterion[]) {
  const keys = new Set(criteria.map((c) => c.key));
  if (keys.size !== criteria.length)
    throw invalid('评分项的代码不能重复', [{ path: 'criteria', message: '重复' }]);
  const sum = criteria.reduce((a, c) => a + c.weight, 0);
  if (sum !== 100)
    throw invalid(`评分项的权重合计应为 100，现为 ${sum}`, [
      { path: 'criteria', message: '权重合计不为 100' },
    ]);
}

function fenOf(v: number | string, field: string, label: string): number {
  const f = yuanToFen(v);
  if (f === null || f <= 0)
    throw invalid(`${label}应为正数，最多两位小数`, [{ path: field, message: '金额无效' }]);
  return f;
}

function checkDates(applyBy: string, completeBy: string) {
  if (completeBy <= applyBy)
    throw invalid('完成期限应晚于揭榜截止日期', [{ path: 'completeBy', message: '早于揭榜截止日期' }]);
}

/** Demands to link: in scope, open (published), not in another live challenge. */
async function checkDemands(ctx: AuthedContext, ids: number[], exceptChallenge?: number) {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return uniq;
  const rows = await ctx.db
    .select()
    .from(demands)
    .where(and(inArray(demands.id, uniq), isNull(demands.deletedAt)));
  const ok = rows.filter((d) => isInScope(ctx.actor, d.orgPath, d.orgAltPath));
  if (ok.length !== uniq.length)
    throw invalid('关联的需求不存在或不在您的管辖范围内', [{ path: 'demandIds', message: '无效' }]);
  const notOpen = ok.filter((d) => d.state !== 'published');
  if (notOpen.length)
    throw invalid(`只能关联待派单的需求：“${notOpen[0].title}”不是`, [
      { path: 'demandIds', message: '状态不符' },
    ]);
  const taken = await ctx.db
    .select({ demandId: challengeDemands.demandId, title: challenges.title })
    .from(challengeDemands)
    .innerJoin(challenges, eq(challenges.id, challengeDemands.challengeId))
    .where(
      and(
        inArray(challengeDemands.demandId, uniq),
        ne(challenges.state, 'cancelled'),
        isNull(challenges.deletedAt),
        exceptChallenge ? ne(challenges.id, exceptChallenge) : undefined,
      ),
    );
  if (taken.length)
    throw conflict(`需求已列入揭榜挂帅榜单“${taken[0].title}”`, [{ path: 'demandIds', message: '已列入' }]);
  return uniq;
}

async function checkCategory(ctx: ServiceContext, id: number | null | undefined) {
  if (id == null) return;
  const [c] = await ctx.db.select().from(demandCategories).where(eq(demandCategories.id, id));
  if (!c) throw invalid('需求类别不存在', [{ path: 'categoryId', message: '无效' }]);
}

export async function createChallenge(
  ctx: ServiceContext,
  input: ChallengeInput & {
    title: string;
    problem: string;
    fundYuan: number;
    applyBy: string;
    completeBy: string;
  },
) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const org = await orgById(ctx, ctx.actor.scopeOrgId);
  if (!org || !PUBLISHER_KINDS.includes(org.kind))
    throw new AppError('FORBIDDEN', '揭榜挂帅由省、市、县（市、区）总工会或产业工会发布');
  const fen = fenOf(input.fundYuan, 'fundYuan', '榜单资金');
  checkDates(input.applyBy, input.completeBy);
  const criteria = input.criteria ?? [...DEFAULT_CRITERIA];
  checkCriteria(criteria);
  await checkCategory(ctx, input.categoryId);
  const demandIds = await checkDemands(ctx, input.demandIds ?? []);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(challenges)
      .values({
        orgId: org.id,
        orgPath: org.path,
        orgAltPath: null,
        title: input.title,
        problem: input.problem,
        requirements: input.requirements ?? null,
        fundYuan: fenToYuan(fen),
        applyBy: input.applyBy,
        completeBy: input.completeBy,
        industryDivision: input.industryDivision ?? null,
        categoryId: input.categoryId ?? null,
        criteria,
        clusterNote: input.clusterNote ?? null,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (demandIds.length)
      await tx.db
        .insert(challengeDemands)
        .values(demandIds.map((demandId) => ({ challengeId: row.id, demandId })));
    await tx.db.insert(challengeEvents).values({
      challengeId: row.id,
      orgPath: row.orgPath,
      at: now,
      userId: ctx.actor.userId,
      action: 'create',
      fromState: null,
      toState: 'draft',
      detail: demandIds.length ? { demandIds } : null,
    });
    await writeAudit(tx, {
      event: 'challenge.create',
      objectType: 'challenge',
      objectId: row.id,
      detail: { demandIds },
    });
    return (await challengeDtos(tx, [row]))[0];
  });
}

/**
 * One transition: the workflow table, a compare-and-set on (version, state), one event row,
 * one audit row; `extra` runs inside the same transaction with the updated row.
 */
async function transition(
  ctx: ServiceContext,
  c: ChallengeRow,
  party: ChallengeParty,
  action: ChallengeAction,
  version: number,
  values: Partial<typeof challenges.$inferInsert>,
  detail: Record<string, unknown> | null,
  extra?: (tx: ServiceContext, row: ChallengeRow) => Promise<void>,
) {
  const from = c.state as ChallengeState;
  if (!canTake(from, action, party)) throw stateError(from, action);
  const to = targetState(from, action);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (tx) => {
    const row = await updateVersioned(
      tx.db,
      challenges,
      c.id,
      version,
      { ...values, state: to, updatedBy: ctx.actor?.userId ?? null },
      now,
      { where: eq(challenges.state, from), message: '该榜单已被他人处理或修改，请刷新后重试（版本不一致）' },
    );
    await tx.db.insert(challengeEvents).values({
      challengeId: c.id,
      orgPath: c.orgPath,
      at: now,
      userId: ctx.actor?.userId ?? null,
      action,
      fromState: from,
      toState: to,
      detail,
    });
    await writeAudit(tx, {
      event: `challenge.${action}`,
      objectType: 'challenge',
      objectId: c.id,
      detail: detail ?? undefined,
    });
    if (extra) await extra(tx, row);
    return row;
  });
}

const ACTION_LABELS: Record<ChallengeAction, string> = {
  edit: '修改',
  publish: '发布',
  close: '截止揭榜',
  panel: '调整评审组',
  closePanel: '结束评审',
  award: '定榜',
  editMilestones: '调整里程碑',
  start: '启动攻关',
  acceptMilestone: '验收里程碑',
  complete: '结项',
  cancel: '撤销',
};
const STATE_LABELS: Record<ChallengeState, string> = {
  draft: '草稿',
  published: '揭榜中',
  reviewing: '评审中',
  awarded: '已定榜',
  in_progress: '攻关中',
  completed: '已完成',
  cancelled: '已撤销',
};

function stateError(state: ChallengeState, action: ChallengeAction) {
  return conflict(`榜单当前为“${STATE_LABELS[state]}”，不能${ACTION_LABELS[action]}`, [
    { path: 'state', message: '状态不符' },
  ]);
}

export async function updateChallenge(
  ctx: ServiceContext,
  id: number,
  input: ChallengeInput & { version: number },
) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { c } = await loadForOperator(ctx, id);
  const applyBy = input.applyBy ?? c.applyBy;
  const completeBy = input.completeBy ?? c.completeBy;
  checkDates(applyBy, completeBy);
  if (input.criteria) checkCriteria(input.criteria);
  await checkCategory(ctx, input.categoryId);
  const demandIds = input.demandIds ? await checkDemands(ctx, input.demandIds, c.id) : null;
  const { version, demandIds: _d, fundYuan, ...rest } = input;
  const values: Partial<typeof challenges.$inferInsert> = { ...rest };
  if (fundYuan !== undefined) values.fundYuan = fenToYuan(fenOf(fundYuan, 'fundYuan', '榜单资金'));
  const row = await transition(
    ctx,
    c,
    'operator',
    'edit',
    version,
    values,
    { fields: Object.keys(input) },
    async (tx) => {
      if (demandIds) {
        await tx.db.delete(challengeDemands).where(eq(challengeDemands.challengeId, c.id));
        if (demandIds.length)
          await tx.db
            .insert(challengeDemands)
            .values(demandIds.map((demandId) => ({ challengeId: c.id, demandId })));
      }
    },
  );
  return getChallenge(ctx, row.id);
}

// —— transitions ——

/** The end of the application deadline: midnight China time after `applyBy`. */
function deadlineInstant(applyBy: string): Date {
  return new Date(Date.parse(`${applyBy}T00:00:00+08:00`) + 86_400_000);
}

async function applicantUsers(ctx: ServiceContext, challengeId: number, onlyLive = true) {
  const rows = await ctx.db
    .select({ userId: challengeApplications.submittedBy })
    .from(challengeApplications)
    .where(
      and(
        eq(challengeApplications.challengeId, challengeId),
        onlyLive ? ne(challengeApplications.state, 'withdrawn') : undefined,
      ),
    );
  return rows.map((r) => r.userId).filter((x): x is number => !!x);
}

const link = (id: number) => `/zhuqi/challenges/${id}`;

export async function publishChallenge(ctx: ServiceContext, id: number, input: { version: number }) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { c } = await loadForOperator(ctx, id);
  if (c.applyBy < todayInChina(ctx.clock.now()))
    throw invalid('揭榜截止日期已过，请先修改截止日期再发布', [{ path: 'applyBy', message: '已过期' }]);
  const now = ctx.clock.now();
  await transition(ctx, c, 'operator', 'publish', input.version, { publishedAt: now }, null, async (tx) => {
    await tx.db
      .insert(dueJobs)
      .values({ kind: 'challenge.deadline', refId: c.id, dueAt: deadlineInstant(c.applyBy) });
  });
  return getChallenge(ctx, id);
}

async function notifyClosed(tx: ServiceContext, c: ChallengeRow) {
  await notifyUsers(tx, await applicantUsers(tx, c.id), {
    kind: 'challenge.reviewing',
    title: `揭榜挂帅“${c.title}”已截止揭榜，进入评审`,
    link: link(c.id),
    orgId: c.orgId,
    subjectType: 'challenge',
    subjectId: c.id,
  });
  const panel = await tx.db
    .select({ userId: challengePanel.userId })
    .from(challengePanel)
    .where(eq(challengePanel.challengeId, c.id));
  await notifyUsers(
    tx,
    panel.map((p) => p.userId),
    {
      kind: 'challenge.score',
      title: `请为揭榜挂帅“${c.title}”的揭榜方案评分`,
      link: link(c.id),
      orgId: c.orgId,
      subjectType: 'challenge',
      subjectId: c.id,
    },
  );
}

export async function closeChallenge(ctx: ServiceContext, id: number, input: { version: number }) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { c } = await loadForOperator(ctx, id);
  await transition(ctx, c, 'operator', 'close', input.version, {}, { early: true }, async (tx) => {
    await tx.db
      .update(dueJobs)
      .set({ state: 'cancelled' })
      .where(
        and(eq(dueJobs.kind, 'challenge.deadline'), eq(dueJobs.refId, c.id), eq(dueJobs.state, 'pending')),
      );
    await notifyClosed(tx, c);
  });
  return getChallenge(ctx, id);
}

/** The ticker's deadline job: a challenge still open after its deadline goes to review. */
export async function expireChallenge(ctx: ServiceContext, id: number): Promise<boolean> {
  const [c] = await ctx.db.select().from(challenges).where(eq(challenges.id, id));
  if (c?.state !== 'published' || ctx.clock.now() < deadlineInstant(c.applyBy)) return false;
  await transition(ctx, c, 'system', 'close', c.version, {}, { deadline: c.applyBy }, (tx) =>
    notifyClosed(tx, c),
  );
  return true;
}

export async function cancelChallenge(
  ctx: ServiceContext,
  id: number,
  input: { version: number; reason: string },
) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { c } = await loadForOperator(ctx, id);
  await transition(
    ctx,
    c,
    'operator',
    'cancel',
    input.version,
    { cancelReason: input.reason },
    { reason: input.reason },
    async (tx) => {
      await tx.db
        .update(dueJobs)
        .set({ state: 'cancelled' })
        .where(
          and(eq(dueJobs.kind, 'challenge.deadline'), eq(dueJobs.refId, c.id), eq(dueJobs.state, 'pending')),
        );
      await notifyUsers(tx, await applicantUsers(tx, c.id), {
        kind: 'challenge.cancelled',
        title: `揭榜挂帅“${c.title}”已撤销`,
        body: input.reason,
        link: link(c.id),
        orgId: c.orgId,
        subjectType: 'challenge',
        subjectId: c.id,
      });
    },
  );
  return getChallenge(ctx, id);
}

// —— panel ——

export async function setPanel(
  ctx: ServiceContext,
  id: number,
  input: { version: number; userIds: number[] },
) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { c } = await loadForOperator(ctx, id);
  if (c.panelClosedAt) throw conflict('评审已结束，不能再调整评审组');
  const ids = [...new Set(input.userIds)];
  const rows = ids.length
    ? await ctx.db
        .select({
          id: users.id,
          orgId: users.orgId,
          status: users.status,
          path: organizations.path,
          alt: organizations.altPath,
        })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(inArray(users.id, ids))
    : [];
  const visible = rows.filter((u) => isInScope(ctx.actor, u.path, u.alt) && u.status === 'active');
  if (visible.length !== ids.length)
    throw invalid('评审专家须为您管辖范围内的在用账号', [{ path: 'userIds', message: '无效' }]);
  const roles = ids.length ? await ctx.db.select().from(userRoles).where(inArray(userRoles.userId, ids)) : [];
  for (const uid of ids) {
    const perms = permissionsOf(roles.filter((r) => r.userId === uid).map((r) => r.role as Role));
    if (!perms.has('join:challenge:assigned'))
      throw invalid('评审专家须具有“评审专家”“劳模工匠”或工会管理员角色', [
        { path: 'userIds', message: '角色不符' },
      ]);
  }
  const scored = await ctx.db
    .selectDistinct({ userId: challengeScores.userId })
    .from(challengeScores)
    .where(eq(challengeScores.challengeId, c.id));
  const dropped = scored.filter((s) => !ids.includes(s.userId));
  if (dropped.length) throw conflict('已评分的评审专家不能移出评审组');
  await transition(ctx, c, 'operator', 'panel', input.version, {}, { userIds: ids }, async (tx) => {
    await tx.db.delete(challengePanel).where(eq(challengePanel.challengeId, c.id));
    if (ids.length)
      await tx.db.insert(challengePanel).values(ids.map((userId) => ({ challengeId: c.id, userId })));
  });
  return getChallenge(ctx, id);
}

async function liveApplications(ctx: ServiceContext, challengeId: number) {
  return ctx.db
    .select()
    .from(challengeApplications)
    .where(
      and(eq(challengeApplications.challengeId, challengeId), ne(challengeApplications.state, 'withdrawn')),
    )
    .orderBy(asc(challengeApplications.id));
}

export async function closePanel(ctx: ServiceContext, id: number, input: { version: number }) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { c } = await loadForOperator(ctx, id);
  if (c.state === 'reviewing' && c.panelClosedAt) throw conflict('评审已结束');
  const panel = await panelOf(ctx, c.id);
  const apps = await liveApplications(ctx, c.id);
  if (c.state === 'reviewing') {
    if (!panel.length) throw invalid('请先指定评审专家', [{ path: 'panel', message: '评审组为空' }]);
    if (!apps.length)
      throw invalid('没有揭榜申请可评审；可撤销榜单', [{ path: 'applications', message: '无申请' }]);
    const scores = await ctx.db
      .select({ userId: challengeScores.userId, applicationId: challengeScores.applicationId })
      .from(challengeScores)
      .where(eq(challengeScores.challengeId, c.id));
    const recusals = await recusalsOf(
      ctx,
      panel.map((m) => m.userId),
      apps,
    );
    for (const a of apps)
      if (panel.every((m) => recusals.has(`${m.userId}:${a.id}`)))
        throw invalid(`评审组成员都须回避“${a.applicantName}”的申请，请增补评审专家`, [
          { path: 'panel', message: '无可评审专家' },
        ]);
    for (const m of panel)
      for (const a of apps)
        if (
          !recusals.has(`${m.userId}:${a.id}`) &&
          !scores.some((s) => s.userId === m.userId && s.applicationId === a.id)
        )
          throw invalid(`评审尚未完成：${m.displayName} 还没有为“${a.applicantName}”评分`, [
            { path: 'scores', message: '未完成' },
          ]);
  }
  await transition(ctx, c, 'operator', 'closePanel', input.version, { panelClosedAt: ctx.clock.now() }, null);
  return getChallenge(ctx, id);
}

// —— applications (揭榜) ——

interface MilestoneInput {
  title: string;
  amountYuan: number;
  dueOn?: string | null;
}

/** Milestones whose amounts add up to the fund exactly (in fen), in order. */
function checkMilestones(list: MilestoneInput[], fundYuan: string): ProposedMilestone[] {
  if (!list.length) throw invalid('请至少列出一个里程碑', [{ path: 'milestones', message: '为空' }]);
  let sum = 0;
  const out = list.map((m, i) => {
    const f = fenOf(m.amountYuan, `milestones.${i}.amountYuan`, `第 ${i + 1} 个里程碑的金额`);
    sum += f;
    return { title: m.title, amountYuan: fenToYuan(f), dueOn: m.dueOn ?? null };
  });
  const fund = yuanToFen(money(fundYuan))!;
  if (sum !== fund)
    throw invalid(`各里程碑金额合计 ${fenToYuan(sum)} 元，应等于榜单资金 ${fenToYuan(fund)} 元`, [
      { path: 'milestones', message: '合计不等于榜单资金' },
    ]);
  return out;
}

async function applicationDtos(_ctx: ServiceContext, rows: ApplicationRow[]) {
  return rows.map((r) => ({
    id: r.id,
    challengeId: r.challengeId,
    path: r.orgPath,
    applicantType: r.applicantType as ApplicantType,
    teamId: r.teamId,
    studioId: r.studioId,
    applicantName: r.applicantName,
    proposal: r.proposal,
    plan: r.plan,
    milestones: r.milestones,
    state: r.state,
    submittedBy: r.submittedBy,
    createdAt: r.createdAt.toISOString(),
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    version: r.version,
  }));
}

export async function applyToChallenge(
  ctx: ServiceContext,
  id: number,
  input: {
    applicantType: ApplicantType;
    applicantId: number;
    proposal: string;
    plan?: string | null;
    milestones: MilestoneInput[];
  },
) {
  assertPermission(ctx, 'join:challenge:assigned');
  const { c, s } = await loadVisible(ctx, id);
  if (c.state !== 'published')
    throw conflict(`榜单当前为“${STATE_LABELS[c.state as ChallengeState]}”，不接受揭榜`);
  if (todayInChina(ctx.clock.now()) > c.applyBy)
    throw conflict(`揭榜已于 ${c.applyBy} 截止`, [{ path: 'applyBy', message: '已截止' }]);
  const key = `${input.applicantType}:${input.applicantId}`;
  if (!s.applicantKeys.includes(key))
    throw invalid(
      input.applicantType === 'team'
        ? '只能以您所在的服务队名义揭榜'
        : '只能以您工作单位的创新工作室名义揭榜',
      [{ path: 'applicantId', message: '无效' }],
    );
  const milestones = checkMilestones(input.milestones, c.fundYuan);
  const [name] =
    input.applicantType === 'team'
      ? await ctx.db
          .select({ name: serviceTeams.name })
          .from(serviceTeams)
          .where(eq(serviceTeams.id, input.applicantId))
      : await ctx.db.select({ name: studios.name }).from(studios).where(eq(studios.id, input.applicantId));
  try {
    return await inTransaction(ctx, async (tx) => {
      const [row] = await tx.db
        .insert(challengeApplications)
        .values({
          challengeId: c.id,
          orgPath: c.orgPath,
          applicantType: input.applicantType,
          teamId: input.applicantType === 'team' ? input.applicantId : null,
          studioId: input.applicantType === 'studio' ? input.applicantId : null,
          applicantKey: key,
          applicantName: name.name,
          proposal: input.proposal,
          plan: input.plan ?? null,
          milestones,
          submittedBy: ctx.actor.userId,
          createdAt: ctx.clock.now(),
          updatedAt: ctx.clock.now(),
        })
        .returning();
      await tx.db.insert(challengeEvents).values({
        challengeId: c.id,
        orgPath: c.orgPath,
        at: ctx.clock.now(),
        userId: ctx.actor.userId,
        action: 'apply',
        fromState: c.state,
        toState: c.state,
        detail: { applicationId: row.id, applicant: name.name },
      });
      await writeAudit(tx, {
        event: 'challenge.apply',
        objectType: 'challenge_application',
        objectId: row.id,
      });
      return (await applicationDtos(tx, [row]))[0];
    });
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    if (e.code === '23505' || e.cause?.code === '23505')
      throw conflict(`${name.name}已揭此榜，不能重复揭榜（可先撤回原申请）`, [
        { path: 'applicantId', message: '重复' },
      ]);
    throw err;
  }
}

async function loadApplication(ctx: AuthedContext, id: number) {
  const [a] = await ctx.db.select().from(challengeApplications).where(eq(challengeApplications.id, id));
  if (!a) throw notFound('揭榜申请');
  const { c, s } = await loadVisible(ctx, a.challengeId).catch(() => {
    throw notFound('揭榜申请');
  });
  const own = a.submittedBy === ctx.actor.userId || s.applicantKeys.includes(a.applicantKey);
  if (!own && !s.operator && !s.reader && !s.panel) throw notFound('揭榜申请');
  return { a, c, s, own };
}

export async function withdrawApplication(ctx: ServiceContext, id: number, input: { version: number }) {
  assertPermission(ctx, 'join:challenge:assigned');
  const { a, c, own } = await loadApplication(ctx, id);
  if (!own) throw new AppError('FORBIDDEN', '只有揭榜方可以撤回申请');
  if (c.state !== 'published' || a.state !== 'submitted')
    throw conflict('评审开始后不能撤回揭榜申请', [{ path: 'state', message: '状态不符' }]);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (tx) => {
    const row = await updateVersioned(
      tx.db,
      challengeApplications,
      id,
      input.version,
      { state: 'withdrawn', withdrawnAt: now },
      now,
      {
        where: eq(challengeApplications.state, 'submitted'),
        message: '该申请已被修改，请刷新后重试（版本不一致）',
      },
    );
    await tx.db.insert(challengeEvents).values({
      challengeId: c.id,
      orgPath: c.orgPath,
      at: now,
      userId: ctx.actor.userId,
      action: 'withdraw',
      fromState: c.state,
      toState: c.state,
      detail: { applicationId: id, applicant: a.applicantName },
    });
    await writeAudit(tx, { event: 'challenge.withdraw', objectType: 'challenge_application', objectId: id });
    return (await applicationDtos(tx, [row]))[0];
  });
}

/**
 * The applicant edits a live application while the call is open (before `applyBy`, China date,
 * and before any panel member has scored it): compare-and-set on its version, one event, audited
 * with the fields changed. An edit that changes nothing is refused.
 */
export async function updateApplication(
  ctx: ServiceContext,
  id: number,
  input: { version: number; proposal?: string; plan?: string | null; milestones?: MilestoneInput[] },
) {
  assertPermission(ctx, 'join:challenge:assigned');
  const { a, c, own } = await loadApplication(ctx, id);
  if (!own) throw new AppError('FORBIDDEN', '只有揭榜方可以修改申请');
  if (a.state !== 'submitted')
    throw conflict(a.state === 'withdrawn' ? '该申请已撤回，不能修改' : '该申请已定榜，不能修改', [
      { path: 'state', message: '状态不符' },
    ]);
  if (c.state !== 'published')
    throw conflict('揭榜已截止、评审已开始，不能再修改申请', [{ path: 'state', message: '状态不符' }]);
  if (todayInChina(ctx.clock.now()) > c.applyBy)
    throw conflict(`揭榜已于 ${c.applyBy} 截止，不能再修改申请`, [{ path: 'applyBy', message: '已截止' }]);
  const [scored] = await ctx.db
    .select({ id: challengeScores.id })
    .from(challengeScores)
    .where(eq(challengeScores.applicationId, id))
    .limit(1);
  if (scored) throw conflict('评审专家已开始评分，不能再修改申请');
  const values: Partial<typeof challengeApplications.$inferInsert> = {};
  if (input.proposal !== undefined && input.proposal !== a.proposal) values.proposal = input.proposal;
  if (input.plan !== undefined && (input.plan ?? null) !== a.plan) values.plan = input.plan ?? null;
  if (input.milestones !== undefined) {
    const milestones = checkMilestones(input.milestones, c.fundYuan);
    if (
      JSON.stringify(milestones) !==
      JSON.stringify(a.milestones.map((m) => ({ ...m, dueOn: m.dueOn ?? null })))
    )
      values.milestones = milestones;
  }
  const fields = Object.keys(values);
  if (!fields.length)
    throw invalid('申请内容没有变化：请修改揭榜方案、实施计划或里程碑后再保存', [
      { path: 'proposal', message: '没有修改' },
    ]);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (tx) => {
    const row = await updateVersioned(tx.db, challengeApplications, id, input.version, values, now, {
      where: eq(challengeApplications.state, 'submitted'),
      message: '该申请已被修改，请刷新后重试（版本不一致）',
    });
    await tx.db.insert(challengeEvents).values({
      challengeId: c.id,
      orgPath: c.orgPath,
      at: now,
      userId: ctx.actor.userId,
      action: 'editApplication',
      fromState: c.state,
      toState: c.state,
      detail: { applicationId: id, applicant: a.applicantName, fields },
    });
    await writeAudit(tx, {
      event: 'challenge.application.update',
      objectType: 'challenge_application',
      objectId: id,
      detail: {
        fields,
        before: Object.fromEntries(fields.map((f) => [f, a[f as keyof ApplicationRow]])),
      },
    });
    return (await applicationDtos(tx, [row]))[0];
  });
}

// —— conflicts of interest on the panel ——

/** Why a panel member may not score an application, keyed `userId:applicationId`. */
export type Recusals = Map<string, string>;

/**
 * A member is recused from an application when they belong to the applying team (a linked
 * craftsman profile among its members), or share an employer with the applicant: their own
 * organisation or their craftsman profile's employer is the studio's enterprise or a team
 * member's employer. (A team's home union is not its employer: the union staff who review
 * would all be recused from their own county's teams.)
 */
async function recusalsOf(ctx: ServiceContext, userIds: number[], apps: ApplicationRow[]): Promise<Recusals> {
  const out: Recusals = new Map();
  if (!userIds.length || !apps.length) return out;
  const members = await ctx.db
    .select({ id: users.id, orgId: users.orgId })
    .from(users)
    .where(inArray(users.id, userIds));
  const linked = await ctx.db
    .select({ id: craftsmen.id, userId: craftsmen.userId, employerId: craftsmen.employerId })
    .from(craftsmen)
    .where(and(inArray(craftsmen.userId, userIds), isNull(craftsmen.deletedAt)));
  const teamIds = apps.map((a) => a.teamId).filter((x): x is number => !!x);
  const studioIds = apps.map((a) => a.studioId).filter((x): x is number => !!x);
  const teamMembers = teamIds.length
    ? await ctx.db
        .select({
          teamId: serviceTeamMembers.teamId,
          craftsmanId: serviceTeamMembers.craftsmanId,
          employerId: craftsmen.employerId,
        })
        .from(serviceTeamMembers)
        .innerJoin(craftsmen, eq(craftsmen.id, serviceTeamMembers.craftsmanId))
        .where(inArray(serviceTeamMembers.teamId, teamIds))
    : [];
  const studioEnts = studioIds.length
    ? await ctx.db
        .select({ id: studios.id, enterpriseId: studios.enterpriseId })
        .from(studios)
        .where(inArray(studios.id, studioIds))
    : [];
  const orgIds = [
    ...new Set([
      ...teamMembers.map((m) => m.employerId),
      ...studioEnts.map((s) => s.enterpriseId),
      ...linked.map((l) => l.employerId),
    ]),
  ].filter((x): x is number => !!x);
  const orgNames = new Map(
    (orgIds.length
      ? await ctx.db
          .select({ id: organizations.id, name: organizations.name })
          .from(organizations)
          .where(inArray(organizations.id, orgIds))
      : []
    ).map((o) => [o.id, o.name]),
  );
  for (const m of members) {
    const mine = linked.filter((l) => l.userId === m.id);
    const myOrgs = new Set<number>([
      m.orgId,
      ...mine.map((l) => l.employerId).filter((x): x is number => !!x),
    ]);
    for (const a of apps) {
      let reason: string | null = null;
      if (a.applicantType === 'team' && a.teamId) {
        const team = teamMembers.filter((t) => t.teamId === a.teamId);
        if (team.some((t) => mine.some((l) => l.id === t.craftsmanId)))
          reason = `是揭榜服务队“${a.applicantName}”的成员`;
        else {
          const shared = team.find((t) => t.employerId && myOrgs.has(t.employerId));
          if (shared)
            reason = `与揭榜服务队“${a.applicantName}”的成员同在${orgNames.get(shared.employerId!) ?? '一个单位'}`;
        }
      } else if (a.studioId) {
        const ent = studioEnts.find((x) => x.id === a.studioId)?.enterpriseId;
        if (ent && myOrgs.has(ent))
          reason = `与揭榜工作室“${a.applicantName}”同在${orgNames.get(ent) ?? '一个单位'}`;
      }
      if (reason) out.set(`${m.id}:${a.id}`, reason);
    }
  }
  return out;
}

/** Operators, readers and the panel see every application; an applicant sees their own. */
export async function findApplications(ctx: ServiceContext, id: number) {
  requireActor(ctx);
  const { c, s } = await loadVisible(ctx, id);
  const rows =
    s.operator || s.reader || s.panel
      ? await ctx.db
          .select()
          .from(challengeApplications)
          .where(eq(challengeApplications.challengeId, c.id))
          .orderBy(asc(challengeApplications.id))
      : await ownApplications(ctx, c.id, s.applicantKeys, ctx.actor.userId);
  return { items: await applicationDtos(ctx, rows) };
}

/** Where an application sits, for its attachments: the applicant manages them while the call is open. */
export async function applicationPlace(ctx: AuthedContext, id: number, forWrite: boolean) {
  const { a, c, own } = await loadApplication(ctx, id);
  if (forWrite && (!own || c.state !== 'published' || a.state !== 'submitted')) throw notFound('揭榜申请');
  return { orgId: c.orgId, orgPath: c.orgPath, orgAltPath: c.orgAltPath };
}

// —— scores ——

export async function scoreApplication(
  ctx: ServiceContext,
  applicationId: number,
  input: { scores: Record<string, number>; comment?: string | null },
) {
  assertPermission(ctx, 'join:challenge:assigned');
  const { a, c, s } = await loadApplication(ctx, applicationId);
  if (!s.panel) throw new AppError('FORBIDDEN', '只有评审组成员可以评分');
  if (c.state !== 'reviewing' || c.panelClosedAt)
    throw conflict('只能在评审期间评分（截止揭榜后、结束评审前）', [{ path: 'state', message: '状态不符' }]);
  if (a.state !== 'submitted') throw conflict('该申请已撤回，不能评分');
  const recused = (await recusalsOf(ctx, [ctx.actor.userId], [a])).get(`${ctx.actor.userId}:${a.id}`);
  if (recused) throw new AppError('FORBIDDEN', `您${recused}，存在利益关系，须回避，不能为该申请评分`);
  const keys = Object.keys(input.scores);
  const missing = c.criteria.filter((k) => !keys.includes(k.key));
  if (missing.length || keys.length !== c.criteria.length)
    throw invalid(`请按本榜单的评分项评分：${c.criteria.map((k) => k.label).join('、')}`, [
      { path: 'scores', message: '评分项不符' },
    ]);
  const total = weightedTotal(c.criteria, input.scores);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(challengeScores)
      .values({
        challengeId: c.id,
        applicationId,
        userId: ctx.actor.userId,
        scores: input.scores,
        total: total.toFixed(2),
        comment: input.comment ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [challengeScores.applicationId, challengeScores.userId],
        set: {
          scores: input.scores,
          total: total.toFixed(2),
          comment: input.comment ?? null,
          updatedAt: now,
          version: sql`${challengeScores.version} + 1`,
        },
      })
      .returning();
    await writeAudit(tx, {
      event: 'challenge.score',
      objectType: 'challenge_application',
      objectId: applicationId,
      detail: { total },
    });
    return {
      applicationId,
      scores: row.scores,
      total: Number(row.total),
      comment: row.comment,
      version: row.version,
    };
  });
}

/**
 * The panel's scores. Until the panel closes a member sees only their own and the operator only
 * who has scored; afterwards everyone who may see the applications sees all, with the ranking.
 */
export async function findScores(ctx: ServiceContext, id: number) {
  requireActor(ctx);
  const { c, s } = await loadVisible(ctx, id);
  if (!s.operator && !s.reader && !s.panel) throw notFound('评审结果');
  const closed = !!c.panelClosedAt;
  const apps = await liveApplications(ctx, c.id);
  const panel = await panelOf(ctx, c.id);
  const rows = await ctx.db.select().from(challengeScores).where(eq(challengeScores.challengeId, c.id));
  const live = rows.filter((r) => apps.some((a) => a.id === r.applicationId));
  const ranking = rankApplications(
    apps.map((a) => ({
      applicationId: a.id,
      totals: live.filter((r) => r.applicationId === a.id).map((r) => Number(r.total)),
    })),
  );
  const shown = closed ? live : live.filter((r) => r.userId === ctx.actor.userId);
  const recusals = await recusalsOf(
    ctx,
    panel.map((m) => m.userId),
    apps,
  );
  const recusedOf = (userId: number) =>
    apps
      .filter((a) => recusals.has(`${userId}:${a.id}`))
      .map((a) => ({
        applicationId: a.id,
        applicantName: a.applicantName,
        reason: recusals.get(`${userId}:${a.id}`)!,
      }));
  return {
    closed,
    criteria: c.criteria,
    panel,
    progress: panel.map((m) => ({
      userId: m.userId,
      displayName: m.displayName,
      scored: live.filter((r) => r.userId === m.userId).length,
      of: apps.length - recusedOf(m.userId).length,
      recused: recusedOf(m.userId),
    })),
    items: shown.map((r) => ({
      applicationId: r.applicationId,
      userId: r.userId,
      displayName: panel.find((m) => m.userId === r.userId)?.displayName ?? '',
      scores: r.scores,
      total: Number(r.total),
      comment: r.comment,
      version: r.version,
      path: c.orgPath,
    })),
    ranking: closed
      ? ranking.map((r) => ({
          ...r,
          applicantName: apps.find((a) => a.id === r.applicationId)?.applicantName ?? '',
        }))
      : [],
  };
}

// —— award ——

export async function awardChallenge(
  ctx: ServiceContext,
  id: number,
  input: { version: number; applicationId: number; reason?: string | null },
) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { c } = await loadForOperator(ctx, id);
  if (c.state === 'reviewing' && !c.panelClosedAt)
    throw conflict('评审尚未结束，请先结束评审再定榜', [{ path: 'panel', message: '评审未结束' }]);
  const apps = await liveApplications(ctx, c.id);
  const chosen = apps.find((a) => a.id === input.applicationId);
  if (c.state === 'reviewing' && !chosen)
    throw invalid('所选申请不属于本榜单或已撤回', [{ path: 'applicationId', message: '无效' }]);
  const scores = await ctx.db.select().from(challengeScores).where(eq(challengeScores.challengeId, c.id));
  const ranking = rankApplications(
    apps.map((a) => ({
      applicationId: a.id,
      totals: scores.filter((r) => r.applicationId === a.id).map((r) => Number(r.total)),
    })),
  );
  const rank = ranking.find((r) => r.applicationId === input.applicationId)?.rank ?? null;
  const reason = input.reason?.trim() || null;
  if (c.state === 'reviewing' && rank !== 1 && !reason)
    throw invalid(`所选申请评审排名第 ${rank ?? '—'}，选择非第一名须写明理由`, [
      { path: 'reason', message: '请填写理由' },
    ]);
  const now = ctx.clock.now();
  await transition(
    ctx,
    c,
    'operator',
    'award',
    input.version,
    { awardedApplicationId: input.applicationId, awardReason: reason, awardedAt: now },
    { applicationId: input.applicationId, rank, reason },
    async (tx) => {
      await tx.db
        .update(challengeApplications)
        .set({ state: 'not_awarded', updatedAt: now, version: sql`${challengeApplications.version} + 1` })
        .where(
          and(eq(challengeApplications.challengeId, c.id), eq(challengeApplications.state, 'submitted')),
        );
      await tx.db
        .update(challengeApplications)
        .set({ state: 'awarded', updatedAt: now })
        .where(eq(challengeApplications.id, input.applicationId));
      await tx.db.insert(challengeMilestones).values(
        chosen!.milestones.map((m, i) => ({
          challengeId: c.id,
          orgPath: c.orgPath,
          seq: i + 1,
          title: m.title,
          amountYuan: m.amountYuan,
          dueOn: m.dueOn ?? null,
          createdAt: now,
          updatedAt: now,
        })),
      );
      const won = chosen!.submittedBy ? [chosen!.submittedBy] : [];
      await notifyUsers(tx, won, {
        kind: 'challenge.awarded',
        title: `恭喜：${chosen!.applicantName}揭榜“${c.title}”中榜`,
        link: link(c.id),
        orgId: c.orgId,
        subjectType: 'challenge',
        subjectId: c.id,
      });
      const others = apps
        .filter((a) => a.id !== input.applicationId)
        .map((a) => a.submittedBy)
        .filter((x): x is number => !!x && !won.includes(x));
      await notifyUsers(tx, others, {
        kind: 'challenge.not_awarded',
        title: `揭榜挂帅“${c.title}”已定榜，您的申请未中榜`,
        link: link(c.id),
        orgId: c.orgId,
        subjectType: 'challenge',
        subjectId: c.id,
      });
    },
  );
  return getChallenge(ctx, id);
}

// —— milestones and tranches ——

async function milestoneDtos(ctx: ServiceContext, c: ChallengeRow) {
  const rows = await ctx.db
    .select()
    .from(challengeMilestones)
    .where(eq(challengeMilestones.challengeId, c.id))
    .orderBy(asc(challengeMilestones.seq));
  return rows.map((m) => ({
    id: m.id,
    challengeId: m.challengeId,
    path: m.orgPath,
    seq: m.seq,
    title: m.title,
    amountYuan: money(m.amountYuan),
    dueOn: m.dueOn,
    state: m.state,
    evidence: m.evidence,
    acceptedAt: m.acceptedAt?.toISOString() ?? null,
    tranche: m.tranche,
    grantId: m.grantId,
    version: m.version,
  }));
}

export async function findMilestones(ctx: ServiceContext, id: number) {
  requireActor(ctx);
  const { c, s } = await loadVisible(ctx, id);
  if (!s.operator && !s.reader && !s.panel) {
    const own = await ownApplications(ctx, c.id, s.applicantKeys, ctx.actor.userId);
    if (!own.some((a) => a.id === c.awardedApplicationId))
      return { fundYuan: money(c.fundYuan), paidYuan: '0.00', items: [] };
  }
  const items = await milestoneDtos(ctx, c);
  const paid = items.filter((m) => m.state === 'accepted').reduce((a, m) => a + yuanToFen(m.amountYuan)!, 0);
  return { fundYuan: money(c.fundYuan), paidYuan: fenToYuan(paid), items };
}

export async function replaceMilestones(
  ctx: ServiceContext,
  id: number,
  input: { version: number; milestones: MilestoneInput[] },
) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { c } = await loadForOperator(ctx, id);
  const list = checkMilestones(input.milestones, c.fundYuan);
  const now = ctx.clock.now();
  await transition(
    ctx,
    c,
    'operator',
    'editMilestones',
    input.version,
    {},
    { count: list.length },
    async (tx) => {
      await tx.db.delete(challengeMilestones).where(eq(challengeMilestones.challengeId, c.id));
      await tx.db.insert(challengeMilestones).values(
        list.map((m, i) => ({
          challengeId: c.id,
          orgPath: c.orgPath,
          seq: i + 1,
          title: m.title,
          amountYuan: m.amountYuan,
          dueOn: m.dueOn ?? null,
          createdAt: now,
          updatedAt: now,
        })),
      );
    },
  );
  return findMilestones(ctx, id);
}

export async function startChallenge(ctx: ServiceContext, id: number, input: { version: number }) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { c } = await loadForOperator(ctx, id);
  await transition(ctx, c, 'operator', 'start', input.version, {}, null, async (tx) => {
    await notifyUsers(tx, await awardedUsers(tx, c), {
      kind: 'challenge.started',
      title: `揭榜挂帅“${c.title}”启动攻关`,
      link: link(c.id),
      orgId: c.orgId,
      subjectType: 'challenge',
      subjectId: c.id,
    });
  });
  return getChallenge(ctx, id);
}

async function awardedUsers(ctx: ServiceContext, c: ChallengeRow): Promise<number[]> {
  if (!c.awardedApplicationId) return [];
  const [a] = await ctx.db
    .select()
    .from(challengeApplications)
    .where(eq(challengeApplications.id, c.awardedApplicationId));
  const ids = a?.submittedBy ? [a.submittedBy] : [];
  if (a?.teamId) {
    const ms = await ctx.db
      .select({
        userId: sql<
          number | null
        >`(select user_id from craftsmen where id = ${serviceTeamMembers.craftsmanId})`,
      })
      .from(serviceTeamMembers)
      .where(eq(serviceTeamMembers.teamId, a.teamId));
    for (const m of ms) if (m.userId) ids.push(Number(m.userId));
  }
  return ids;
}

/**
 * Accepts a milestone with its evidence and pays its tranche: a grants ledger row (recipient =
 * the challenge and its team, the amount, the year, purpose 助企行, the tranche number) in the
 * same transaction, so the grants-based targets count it.
 */
export async function acceptMilestone(
  ctx: ServiceContext,
  milestoneId: number,
  input: { version: number; evidence: string },
) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const [m] = await ctx.db.select().from(challengeMilestones).where(eq(challengeMilestones.id, milestoneId));
  if (!m) throw notFound('里程碑');
  const { c } = await loadForOperator(ctx, m.challengeId).catch((e) => {
    throw e instanceof AppError && e.code === 'NOT_FOUND' ? notFound('里程碑') : e;
  });
  if (m.state !== 'pending') throw conflict('该里程碑已验收');
  const org = await orgById(ctx, c.orgId);
  if (!org) throw notFound('发榜单位');
  const [app] = await ctx.db
    .select()
    .from(challengeApplications)
    .where(eq(challengeApplications.id, c.awardedApplicationId ?? 0));
  const now = ctx.clock.now();
  const paidOn = todayInChina(now);
  await transition(
    ctx,
    c,
    'operator',
    'acceptMilestone',
    c.version,
    {},
    { milestoneId, seq: m.seq, amountYuan: m.amountYuan },
    async (tx) => {
      const [{ n }] = await tx.db
        .select({ n: count() })
        .from(challengeMilestones)
        .where(and(eq(challengeMilestones.challengeId, c.id), eq(challengeMilestones.state, 'accepted')));
      const tranche = Number(n) + 1;
      const grant = await insertRecord(
        tx as AuthedContext,
        registryOf('grants'),
        { id: org.id, path: org.path, altPath: org.altPath },
        {
          recipientKind: 'challenge',
          recipientName: `${app?.applicantName ?? ''}（揭榜挂帅：${c.title}）`.slice(0, 150),
          studioId: app?.studioId ?? null,
          projectId: null,
          amount: m.amountYuan,
          year: Number(paidOn.slice(0, 4)),
          sourceLevel: SOURCE_LEVEL[org.kind] ?? 'county',
          purpose: 'assist_enterprises',
          tranche,
          paidOn,
        },
      );
      await writeAudit(tx, {
        event: 'registry.create',
        objectType: 'grants',
        objectId: grant.id as number,
        detail: { challengeId: c.id, milestoneId, tranche },
      });
      await updateVersioned(
        tx.db,
        challengeMilestones,
        milestoneId,
        input.version,
        {
          state: 'accepted',
          evidence: input.evidence,
          acceptedAt: now,
          acceptedBy: ctx.actor.userId,
          tranche,
          grantId: grant.id as number,
        },
        now,
        {
          where: eq(challengeMilestones.state, 'pending'),
          message: '该里程碑已被他人处理，请刷新后重试（版本不一致）',
        },
      );
      await notifyUsers(tx, await awardedUsers(tx, c), {
        kind: 'challenge.tranche',
        title: `“${c.title}”第 ${tranche} 笔资金（${m.amountYuan} 元）已拨付：${m.title}验收通过`,
        link: link(c.id),
        orgId: c.orgId,
        subjectType: 'challenge',
        subjectId: c.id,
      });
    },
  );
  return findMilestones(ctx, c.id);
}

export async function completeChallenge(ctx: ServiceContext, id: number, input: { version: number }) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const { c } = await loadForOperator(ctx, id);
  const pending = await ctx.db
    .select({ title: challengeMilestones.title })
    .from(challengeMilestones)
    .where(and(eq(challengeMilestones.challengeId, c.id), eq(challengeMilestones.state, 'pending')));
  if (c.state === 'in_progress' && pending.length)
    throw conflict(`还有里程碑未验收：${pending.map((p) => p.title).join('、')}`, [
      { path: 'milestones', message: '未全部验收' },
    ]);
  await transition(
    ctx,
    c,
    'operator',
    'complete',
    input.version,
    { completedAt: ctx.clock.now() },
    null,
    async (tx) => {
      await notifyUsers(tx, await awardedUsers(tx, c), {
        kind: 'challenge.completed',
        title: `揭榜挂帅“${c.title}”已结项`,
        link: link(c.id),
        orgId: c.orgId,
        subjectType: 'challenge',
        subjectId: c.id,
      });
    },
  );
  return getChallenge(ctx, id);
}

export async function findChallengeEvents(ctx: ServiceContext, id: number) {
  requireActor(ctx);
  const { c } = await loadVisible(ctx, id);
  const rows = await ctx.db
    .select({ e: challengeEvents, name: users.displayName })
    .from(challengeEvents)
    .leftJoin(users, eq(users.id, challengeEvents.userId))
    .where(eq(challengeEvents.challengeId, c.id))
    .orderBy(asc(challengeEvents.at), asc(challengeEvents.id));
  return {
    items: rows.map(({ e, name }) => ({
      id: e.id,
      path: e.orgPath,
      at: e.at.toISOString(),
      userId: e.userId,
      userName: name ?? (e.userId ? '' : '系统'),
      action: e.action,
      fromState: e.fromState,
      toState: e.toState,
      detail: e.detail,
    })),
  };
}

// —— 共性难题 ——

/** Open demands in the actor's scope, not yet in a live challenge, grouped into clusters of similar ones. */
export async function findClusters(ctx: ServiceContext, q: { threshold?: number }) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const rows = await ctx.db
    .select()
    .from(demands)
    .where(
      and(
        isNull(demands.deletedAt),
        eq(demands.state, 'published'),
        inScope(ctx.actor, demands.orgPath, demands.orgAltPath),
        sql`not exists (select 1 from ${challengeDemands} cd join ${challenges} ch on ch.id = cd.challenge_id
              where cd.demand_id = ${demands.id} and ch.state <> 'cancelled' and ch.deleted_at is null)`,
      ),
    )
    .orderBy(asc(demands.id))
    .limit(2000);
  const clusters = clusterDemands(
    rows.map((d) => ({
      id: d.id,
      title: d.title,
      description: d.description,
      categoryId: d.categoryId,
      industryDivision: d.industryDivision,
    })),
    q.threshold ?? DEFAULT_THRESHOLD,
  );
  const orgIds = [...new Set(rows.flatMap((r) => [r.orgId, r.countyId]))];
  const orgs = orgIds.length
    ? await ctx.db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, orgIds))
    : [];
  const cats = await ctx.db.select().from(demandCategories);
  const name = (id: number) => orgs.find((o) => o.id === id)?.name ?? '';
  return {
    threshold: q.threshold ?? DEFAULT_THRESHOLD,
    items: clusters.map((cl) => {
      const ds = cl.demandIds.map((id) => rows.find((r) => r.id === id)!);
      const path = commonPath(ds.map((d) => d.orgPath));
      const category = cats.find((x) => x.id === cl.categoryId)?.name ?? '';
      return {
        key: cl.demandIds.join('-'),
        path,
        categoryId: cl.categoryId,
        categoryName: category,
        industryDivision: cl.industryDivision,
        sharedTerms: cl.sharedTerms,
        minSimilarity: cl.minSimilarity,
        links: cl.links,
        reason: `同属“${category}”类${cl.industryDivision ? `、行业 ${cl.industryDivision}` : ''}；文本相似度 ≥ ${cl.minSimilarity}（阈值 ${q.threshold ?? DEFAULT_THRESHOLD}）；共同关键词：${cl.sharedTerms.join('、')}`,
        demands: ds.map((d) => ({
          id: d.id,
          title: d.title,
          description: d.description,
          enterpriseName: name(d.orgId),
          countyName: name(d.countyId),
          wantedBy: d.wantedBy,
        })),
      };
    }),
  };
}

function commonPath(paths: string[]): string {
  const parts = paths.map((p) => p.split('/').filter(Boolean));
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const x = parts[0][i];
    if (x === undefined || parts.some((p) => p[i] !== x)) break;
    out.push(x);
  }
  return `/${out.join('/')}/`;
}

// —— the public list (共享平台 showcase, no sign-in) ——

/** States a call is shown in publicly: published and after, never drafts nor cancelled ones. */
export const PUBLIC_CHALLENGE_STATES: ChallengeState[] = [
  'published',
  'reviewing',
  'awarded',
  'in_progress',
  'completed',
];

/** What the public may know of a call: the union that published it, the problem, the fund and dates; nobody's name. */
async function publicChallengeDtos(ctx: ServiceContext, rows: ChallengeRow[]) {
  const orgIds = [...new Set(rows.map((r) => r.orgId))];
  const orgs = orgIds.length
    ? await ctx.db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, orgIds))
    : [];
  const cats = await ctx.db.select().from(demandCategories);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    problem: r.problem,
    requirements: r.requirements,
    fundYuan: money(r.fundYuan),
    applyBy: r.applyBy,
    completeBy: r.completeBy,
    state: r.state as ChallengeState,
    stateLabel: STATE_LABELS[r.state as ChallengeState],
    publisherName: orgs.find((o) => o.id === r.orgId)?.name ?? '',
    categoryName: cats.find((x) => x.id === r.categoryId)?.name ?? null,
    industryDivision: r.industryDivision,
    publishedAt: r.publishedAt?.toISOString() ?? null,
  }));
}

const publicWhere = () =>
  and(
    isNull(challenges.deletedAt),
    inArray(challenges.state, PUBLIC_CHALLENGE_STATES),
    isNotNull(challenges.publishedAt),
  ) as SQL;

/** Published calls, open ones first (by deadline), then the rest newest first. */
export async function findPublicChallenges(
  ctx: ServiceContext,
  q: { page: number; pageSize: number; state?: ChallengeState },
) {
  const where: SQL[] = [publicWhere()];
  if (q.state) where.push(eq(challenges.state, q.state));
  const { rows, total } = await pageOfRows(
    ctx.db,
    challenges,
    where,
    [
      sql`case when ${challenges.state} = 'published' then 0 else 1 end`,
      sql`case when ${challenges.state} = 'published' then ${challenges.applyBy} end asc`,
      desc(challenges.publishedAt),
      desc(challenges.id),
    ],
    q,
  );
  return { items: await publicChallengeDtos(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** One published call, or 404 (drafts and cancelled calls are not public). */
export async function getPublicChallenge(ctx: ServiceContext, id: number) {
  const [row] = await ctx.db
    .select()
    .from(challenges)
    .where(and(eq(challenges.id, id), publicWhere()));
  if (!row) throw notFound('揭榜挂帅榜单');
  return (await publicChallengeDtos(ctx, [row]))[0];
}
