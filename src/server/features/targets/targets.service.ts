// 任务督办: plans, their progress for any organisation and as-of date, the breakdown of a
// metric by the organisations below, the records behind a number, decomposition and warnings.
import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Progress, assessProgress } from '#shared/targets/progress.ts';
import {
  type Comparator,
  isAdditive,
  isRate,
  type MetricKind,
  type MetricSource,
} from '#shared/targets/types.ts';
import type { Db } from '../../db/client.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { metricAssignments, metricReports, planMetrics, plans, planTasks } from '../../db/schema/targets.ts';
import { writeAudit } from '../../lib/audit.ts';
import { todayInChina } from '../../lib/clock.ts';
import {
  type AuthedContext,
  assertPermission,
  inTransaction,
  type ServiceContext,
} from '../../lib/context.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { updateVersioned } from '../../lib/optimistic.ts';
import { isInScope } from '../../lib/scope.ts';
import { METRIC_DEFINITIONS } from './definitions.ts';
import { type Evaluation, evaluate, type MetricValue, type OrgNode } from './evaluate.ts';
import { copyPlanRows } from './plans.seed.ts';

export const EVALUATED_KINDS = ['province', 'city', 'county', 'industry_union'] as const;

// --- plans --------------------------------------------------------------------------------

export interface PlanMetric {
  id: number;
  taskId: number;
  key: string;
  label: string;
  unit: string;
  kind: MetricKind;
  comparator: Comparator;
  target: number | null;
  source: MetricSource;
  note: string | null;
  version: number;
  /** Whether the platform has a definition that computes it from records. */
  computed: boolean;
}

export interface PlanTask {
  id: number;
  no: string;
  title: string;
  owners: string;
  section: string | null;
  version: number;
  metrics: PlanMetric[];
}

export interface PlanView {
  id: number;
  year: number;
  title: string;
  issuer: string;
  issuedOn: string | null;
  basedOnYear: number | null;
  version: number;
  tasks: PlanTask[];
}

export async function listPlans(ctx: ServiceContext) {
  assertPermission(ctx, 'read:target:subtree');
  return ctx.db
    .select({ year: plans.year, title: plans.title, issuer: plans.issuer, issuedOn: plans.issuedOn })
    .from(plans)
    .orderBy(asc(plans.year));
}

export async function loadPlan(db: Db, year: number): Promise<PlanView> {
  const [plan] = await db.select().from(plans).where(eq(plans.year, year));
  if (!plan) throw notFound(`${year} 年度工作方案`);
  const tasks = await db
    .select()
    .from(planTasks)
    .where(eq(planTasks.planId, plan.id))
    .orderBy(asc(planTasks.sortOrder));
  const metrics = await db
    .select()
    .from(planMetrics)
    .where(eq(planMetrics.planId, plan.id))
    .orderBy(asc(planMetrics.sortOrder));
  let basedOnYear: number | null = null;
  if (plan.basedOnId) {
    const [b] = await db.select({ year: plans.year }).from(plans).where(eq(plans.id, plan.basedOnId));
    basedOnYear = b?.year ?? null;
  }
  return {
    id: plan.id,
    year: plan.year,
    title: plan.title,
    issuer: plan.issuer,
    issuedOn: plan.issuedOn,
    basedOnYear,
    version: plan.version,
    tasks: tasks.map((t) => ({
      id: t.id,
      no: t.no,
      title: t.title,
      owners: t.owners,
      section: t.section,
      version: t.version,
      metrics: metrics
        .filter((m) => m.taskId === t.id)
        .map((m) => ({
          id: m.id,
          taskId: m.taskId,
          key: m.key,
          label: m.label,
          unit: m.unit,
          kind: m.kind as MetricKind,
          comparator: m.comparator as Comparator,
          target: m.target === null ? null : Number(m.target),
          source: m.source as MetricSource,
          note: m.note,
          version: m.version,
          computed: m.source === 'records' && m.key in METRIC_DEFINITIONS,
        })),
    })),
  };
}

export async function getPlan(ctx: ServiceContext, year: number) {
  assertPermission(ctx, 'read:target:subtree');
  return loadPlan(ctx.db, year);
}

/** Next year's plan: a copy of this one, to edit. Growth metrics then compare with this year. */
export async function copyPlan(ctx: ServiceContext, fromYear: number, toYear: number, title?: string) {
  assertPermission(ctx, 'manage:plan:all');
  if (toYear <= fromYear)
    throw invalid('新方案的年度须晚于被复制的方案', [{ path: 'toYear', message: '须晚于原方案年度' }]);
  return inTransaction(ctx, async (tx) => {
    await loadPlan(tx.db, fromYear);
    const [exists] = await tx.db.select({ id: plans.id }).from(plans).where(eq(plans.year, toYear));
    if (exists) throw conflict(`${toYear} 年度工作方案已存在`, [{ path: 'toYear', message: '已存在' }]);
    const plan = await copyPlanRows(tx.db, fromYear, toYear);
    if (title) await tx.db.update(plans).set({ title }).where(eq(plans.id, plan.id));
    await writeAudit(tx, {
      event: 'plan.copy',
      objectType: 'plan',
      objectId: plan.id,
      detail: { fromYear, toYear },
    });
    return loadPlan(tx.db, toYear);
  });
}

export async function updatePlanMetric(
  ctx: ServiceContext,
  year: number,
  metricId: number,
  input: {
    version: number;
    label?: string;
    unit?: string;
    target?: number | null;
    comparator?: Comparator;
    note?: string | null;
  },
) {
  assertPermission(ctx, 'manage:plan:all');
  return inTransaction(ctx, async (tx) => {
    const plan = await loadPlan(tx.db, year);
    const metric = plan.tasks.flatMap((t) => t.metrics).find((m) => m.id === metricId);
    if (!metric) throw notFound('指标');
    if (
      input.target !== undefined &&
      input.target !== null &&
      isRate(metric.kind) &&
      metric.kind !== 'growth'
    ) {
      if (input.target < 0 || input.target > 1) {
        throw invalid('比率类指标的目标值须在 0 到 1 之间（如 60% 填 0.6）', [
          { path: 'target', message: '须在 0 到 1 之间' },
        ]);
      }
    }
    const { version, ...values } = input;
    const row = await updateVersioned(tx.db, planMetrics, metricId, version, values, tx.clock.now());
    await writeAudit(tx, {
      event: 'plan.metric.update',
      objectType: 'plan_metric',
      objectId: metricId,
      detail: {
        year,
        key: metric.key,
        before: { label: metric.label, target: metric.target },
        after: values,
      },
    });
    return { id: row.id, version: row.version };
  });
}

export async function updatePlanTask(
  ctx: ServiceContext,
  year: number,
  taskId: number,
  input: { version: number; title?: string; owners?: string },
) {
  assertPermission(ctx, 'manage:plan:all');
  return inTransaction(ctx, async (tx) => {
    const plan = await loadPlan(tx.db, year);
    const task = plan.tasks.find((t) => t.id === taskId);
    if (!task) throw notFound('任务');
    const { version, ...values } = input;
    const row = await updateVersioned(tx.db, planTasks, taskId, version, values, tx.clock.now());
    await writeAudit(tx, {
      event: 'plan.task.update',
      objectType: 'plan_task',
      objectId: taskId,
      detail: { year, no: task.no, after: values },
    });
    return { id: row.id, version: row.version };
  });
}

// --- organisations and dates --------------------------------------------------------------

export async function evaluatedOrgs(db: Db): Promise<OrgNode[]> {
  return db
    .select({
      id: organizations.id,
      kind: organizations.kind,
      code: organizations.code,
      name: organizations.name,
      parentId: organizations.parentId,
      path: organizations.path,
      altPath: organizations.altPath,
    })
    .from(organizations)
    .where(and(inArray(organizations.kind, [...EVALUATED_KINDS]), isNull(organizations.deletedAt)))
    .orderBy(asc(organizations.sortOrder), asc(organizations.id));
}

/** The organisation a view is for: the given code, or the actor's own (the province for its departments). */
export function resolveOrg(ctx: AuthedContext, orgs: OrgNode[], code?: string): OrgNode {
  if (code) {
    const org = orgs.find((o) => o.code === code);
    if (!org || !isInScope(ctx.actor, org.path, org.altPath)) throw notFound('组织');
    return org;
  }
  const own =
    orgs.find((o) => o.id === ctx.actor.scopeOrgId) ??
    orgs.find((o) => ctx.actor.orgPath.startsWith(o.path) && o.kind !== 'province');
  if (own) return own;
  const province = orgs.find((o) => o.kind === 'province');
  if (province && isInScope(ctx.actor, province.path)) return province;
  throw notFound('组织');
}

/** The as-of date: the given one, or today, held within the plan's year. */
export function resolveAsOf(ctx: ServiceContext, year: number, asOf?: string): string {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  if (asOf) {
    if (asOf < first || asOf > last) {
      throw invalid(`统计截止日期须在 ${year} 年内（${first} 至 ${last}）`, [
        { path: 'asOf', message: `须在 ${year} 年内` },
      ]);
    }
    return asOf;
  }
  const today = todayInChina(ctx.clock.now());
  return today < first ? first : today > last ? last : today;
}

/** The organisations a breakdown shows below `org`: cities and industry unions under the province, counties under a city. */
export function childrenOf(orgs: OrgNode[], org: OrgNode): OrgNode[] {
  if (org.kind === 'province')
    return orgs.filter((o) => o.parentId === org.id && (o.kind === 'city' || o.kind === 'industry_union'));
  if (org.kind === 'city') return orgs.filter((o) => o.parentId === org.id && o.kind === 'county');
  return [];
}

// --- progress -----------------------------------------------------------------------------

export interface MetricProgress {
  id: number;
  key: string;
  label: string;
  unit: string;
  kind: MetricKind;
  comparator: Comparator;
  /** The target for this organisation: the plan's for the province; a sub-target or the plan's rate below. */
  target: number | null;
  targetSource: 'plan' | 'assigned' | 'rate' | 'population' | null;
  planTarget: number | null;
  source: MetricSource;
  computed: boolean;
  note: string | null;
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Reported metrics: the value submitted and awaiting approval. */
  pending: number | null;
  monthly: number[] | null;
  lastYearMonthly: number[] | null;
  progress: Progress;
}

interface ReportRow {
  metricId: number;
  orgPath: string;
  orgAltPath: string | null;
  value: number;
  status: string;
}

export interface PlanEvaluation {
  plan: PlanView;
  orgs: OrgNode[];
  asOf: string;
  values: Evaluation;
  reports: ReportRow[];
  assignments: Map<number, Map<number, number>>; // metric id → org id → target
}

/** Evaluates every metric of a plan for every organisation at once. */
export async function evaluatePlan(
  db: Db,
  year: number,
  asOf: string,
  orgs?: OrgNode[],
  /** Only these metrics (a view of one metric need not evaluate the whole plan). */
  only?: readonly string[],
): Promise<PlanEvaluation> {
  const plan = await loadPlan(db, year);
  const allOrgs = orgs ?? (await evaluatedOrgs(db));
  const metrics = plan.tasks.flatMap((t) => t.metrics).filter((m) => !only || only.includes(m.key));
  const values = await evaluate(db, {
    year,
    asOf,
    orgs: allOrgs,
    metricKeys: metrics.filter((m) => m.computed).map((m) => m.key),
  });
  const metricIds = metrics.map((m) => m.id);
  const reports = metricIds.length
    ? (
        await db
          .select({
            metricId: metricReports.metricId,
            orgPath: metricReports.orgPath,
            orgAltPath: metricReports.orgAltPath,
            value: metricReports.value,
            status: metricReports.status,
          })
          .from(metricReports)
          .where(and(inArray(metricReports.metricId, metricIds), sql`${metricReports.asOf} <= ${asOf}::date`))
      ).map((r) => ({ ...r, value: Number(r.value) }))
    : [];
  const assignments = new Map<number, Map<number, number>>();
  if (metricIds.length) {
    const rows = await db
      .select({
        metricId: metricAssignments.metricId,
        orgId: metricAssignments.orgId,
        target: metricAssignments.target,
      })
      .from(metricAssignments)
      .where(inArray(metricAssignments.metricId, metricIds));
    for (const r of rows) {
      const m = assignments.get(r.metricId) ?? new Map<number, number>();
      m.set(r.orgId, Number(r.target));
      assignments.set(r.metricId, m);
    }
  }
  return { plan, orgs: allOrgs, asOf, values, reports, assignments };
}

function reportedValue(ev: PlanEvaluation, metricId: number, org: OrgNode) {
  let approved = 0;
  let pending: number | null = null;
  for (const r of ev.reports) {
    if (r.metricId !== metricId) continue;
    if (!(r.orgPath.startsWith(org.path) || (r.orgAltPath ?? '').startsWith(org.path))) continue;
    if (r.status === 'approved') approved += r.value;
    else if (r.status === 'submitted') pending = (pending ?? 0) + r.value;
  }
  return { actual: approved, pending };
}

export function metricProgressFor(ev: PlanEvaluation, metric: PlanMetric, org: OrgNode): MetricProgress {
  let value: MetricValue = { actual: null };
  let pending: number | null = null;
  if (metric.source === 'reported') {
    const r = reportedValue(ev, metric.id, org);
    value = { actual: r.actual };
    pending = r.pending;
  } else if (metric.computed) {
    value = ev.values.get(metric.key)?.get(org.id) ?? { actual: null };
  }
  let target: number | null = null;
  let targetSource: MetricProgress['targetSource'] = null;
  const assigned = ev.assignments.get(metric.id)?.get(org.id);
  if (org.kind === 'province') {
    target = metric.target;
    targetSource = metric.target === null ? null : 'plan';
  } else if (assigned !== undefined) {
    target = assigned;
    targetSource = 'assigned';
  } else if (metric.target !== null && isRate(metric.kind)) {
    target = metric.target;
    targetSource = 'rate';
  } else if (metric.kind === 'milestone' && metric.target !== null && value.denominator) {
    target = value.denominator;
    targetSource = 'population';
  }
  const uncomputed = metric.source === 'records' && !metric.computed;
  const progress = assessProgress({
    kind: metric.kind,
    comparator: metric.comparator,
    // Not yet computed from records: shown as such, neither zero nor a warning.
    target: uncomputed ? null : target,
    actual: value.actual,
    monthly: value.monthly,
    lastYearMonthly: value.lastYearMonthly,
    numerator: value.numerator,
    year: ev.plan.year,
    asOf: ev.asOf,
  });
  return {
    id: metric.id,
    key: metric.key,
    label: metric.label,
    unit: metric.unit,
    kind: metric.kind,
    comparator: metric.comparator,
    target,
    targetSource,
    planTarget: metric.target,
    source: metric.source,
    computed: metric.computed,
    note: metric.note,
    actual: value.actual,
    numerator: value.numerator ?? null,
    denominator: value.denominator ?? null,
    pending,
    monthly: value.monthly ?? null,
    lastYearMonthly: value.lastYearMonthly ?? null,
    progress,
  };
}

export interface OrgRef {
  id: number;
  code: string;
  name: string;
  kind: string;
}

const orgRef = (o: OrgNode): OrgRef => ({ id: o.id, code: o.code, name: o.name, kind: o.kind });

export async function planProgress(ctx: ServiceContext, year: number, q: { org?: string; asOf?: string }) {
  assertPermission(ctx, 'read:target:subtree');
  const asOf = resolveAsOf(ctx, year, q.asOf);
  const orgs = await evaluatedOrgs(ctx.db);
  const org = resolveOrg(ctx, orgs, q.org);
  const ev = await evaluatePlan(ctx.db, year, asOf, orgs);
  return {
    year,
    title: ev.plan.title,
    asOf,
    org: orgRef(org),
    tasks: ev.plan.tasks.map((t) => ({
      id: t.id,
      no: t.no,
      title: t.title,
      owners: t.owners,
      section: t.section,
      metrics: t.metrics.map((m) => metricProgressFor(ev, m, org)),
    })),
  };
}

export function findMetric(plan: PlanView, key: string): PlanMetric {
  const m = plan.tasks.flatMap((t) => t.metrics).find((x) => x.key === key);
  if (!m) throw notFound('指标');
  return m;
}

/** One metric for an organisation and each organisation below it, with the sub-targets' sum. */
export async function metricBreakdown(
  ctx: ServiceContext,
  year: number,
  key: string,
  q: { org?: string; asOf?: string },
) {
  assertPermission(ctx, 'read:target:subtree');
  const asOf = resolveAsOf(ctx, year, q.asOf);
  const orgs = await evaluatedOrgs(ctx.db);
  const org = resolveOrg(ctx, orgs, q.org);
  const ev = await evaluatePlan(ctx.db, year, asOf, orgs, [key]);
  const metric = findMetric(ev.plan, key);
  const task = ev.plan.tasks.find((t) => t.id === metric.taskId)!;
  const own = metricProgressFor(ev, metric, org);
  const children = childrenOf(orgs, org).map((c) => ({
    org: orgRef(c),
    ...metricProgressFor(ev, metric, c),
  }));
  const assignedSum = children.reduce((s, c) => s + (c.targetSource === 'assigned' ? (c.target ?? 0) : 0), 0);
  const assignedCount = children.filter((c) => c.targetSource === 'assigned').length;
  const decomposition =
    isAdditive(metric.kind) && assignedCount > 0 && own.target !== null
      ? {
          assignedSum,
          assignedCount,
          childCount: children.length,
          target: own.target,
          /** Sub-targets that do not add up to the target above. */
          mismatch: Math.abs(assignedSum - own.target) > 1e-9 ? assignedSum - own.target : 0,
        }
      : null;
  return {
    year,
    asOf,
    task: { no: task.no, title: task.title, owners: task.owners },
    org: orgRef(org),
    metric: own,
    children,
    decomposition,
  };
}

/** What will be missed (督办): the organisation's own metrics and those of the organisations below it. */
export async function planWarnings(ctx: ServiceContext, year: number, q: { org?: string; asOf?: string }) {
  assertPermission(ctx, 'read:target:subtree');
  const asOf = resolveAsOf(ctx, year, q.asOf);
  const orgs = await evaluatedOrgs(ctx.db);
  const org = resolveOrg(ctx, orgs, q.org);
  const ev = await evaluatePlan(ctx.db, year, asOf, orgs);
  const scope = [org, ...childrenOf(orgs, org)];
  const items = [];
  for (const task of ev.plan.tasks) {
    for (const m of task.metrics) {
      for (const o of scope) {
        const p = metricProgressFor(ev, m, o);
        if (!p.progress.willMiss) continue;
        items.push({
          org: orgRef(o),
          task: { no: task.no, title: task.title, owners: task.owners },
          metric: p,
          severity: p.progress.pace === 'at_risk' ? 2 : 1,
        });
      }
    }
  }
  items.sort(
    (a, b) =>
      b.severity - a.severity || (a.metric.progress.completion ?? 0) - (b.metric.progress.completion ?? 0),
  );
  return { year, asOf, org: orgRef(org), items };
}

// --- decomposition ------------------------------------------------------------------------

/** Sets the sub-targets of the organisations directly below `org` (the province → cities and industry unions; a city → its counties). */
export async function setAssignments(
  ctx: ServiceContext,
  year: number,
  key: string,
  input: { org?: string; items: { org: string; target: number | null }[] },
) {
  assertPermission(ctx, 'assign:target:subtree');
  return inTransaction(ctx, async (tx) => {
    const plan = await loadPlan(tx.db, year);
    const metric = findMetric(plan, key);
    const orgs = await evaluatedOrgs(tx.db);
    const parent = resolveOrg(tx as AuthedContext, orgs, input.org);
    const children = childrenOf(orgs, parent);
    if (!children.length)
      throw invalid(`${parent.name}没有可分解目标的下级组织`, [{ path: 'org', message: '无下级' }]);
    const byCode = new Map(children.map((c) => [c.code, c]));
    const issues = input.items.flatMap((it, i) => {
      const out: { path: string; message: string }[] = [];
      if (!byCode.has(it.org))
        out.push({ path: `items.${i}.org`, message: `${it.org} 不是${parent.name}的直接下级` });
      if (
        it.target !== null &&
        isRate(metric.kind) &&
        metric.kind !== 'growth' &&
        (it.target < 0 || it.target > 1)
      ) {
        out.push({ path: `items.${i}.target`, message: '比率须在 0 到 1 之间' });
      }
      return out;
    });
    if (issues.length) throw invalid('分解目标有误，请按提示修改', issues);
    for (const it of input.items) {
      const child = byCode.get(it.org)!;
      if (it.target === null) {
        await tx.db
          .delete(metricAssignments)
          .where(and(eq(metricAssignments.metricId, metric.id), eq(metricAssignments.orgId, child.id)));
        continue;
      }
      await tx.db
        .insert(metricAssignments)
        .values({
          metricId: metric.id,
          orgId: child.id,
          orgPath: child.path,
          target: it.target,
          assignedBy: tx.actor!.userId,
        })
        .onConflictDoUpdate({
          target: [metricAssignments.metricId, metricAssignments.orgId],
          set: {
            target: it.target,
            assignedBy: tx.actor!.userId,
            version: sql`${metricAssignments.version} + 1`,
            updatedAt: tx.clock.now(),
          },
        });
    }
    await writeAudit(tx, {
      event: 'target.assign',
      objectType: 'plan_metric',
      objectId: metric.id,
      detail: { year, key, parent: parent.code, items: input.items },
    });
    return { ok: true };
  });
}

// --- records behind a number --------------------------------------------------------------

export type { SQL };
