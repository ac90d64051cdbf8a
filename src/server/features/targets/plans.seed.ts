// Seeds the 2025 plan from the source document on a fresh database (reference data, like the
// organisations: every installation starts with it). Idempotent.
import { and, asc, eq } from 'drizzle-orm';
import { PLAN_2025, PLAN_2025_TASKS } from '#shared/targets/plan-2025.ts';
import type { PlanMetricSeed, PlanTaskSeed } from '#shared/targets/types.ts';
import type { Db } from '../../db/client.ts';
import { planMetrics, plans, planTasks } from '../../db/schema/targets.ts';

export async function insertPlan(
  db: Db,
  plan: { year: number; title: string; issuer: string; issuedOn: string | null; basedOnId?: number | null },
  tasks: readonly PlanTaskSeed[],
) {
  const [p] = await db
    .insert(plans)
    .values({ ...plan, basedOnId: plan.basedOnId ?? null })
    .returning();
  let order = 0;
  for (const task of tasks) {
    const [t] = await db
      .insert(planTasks)
      .values({
        planId: p.id,
        no: task.no,
        title: task.title,
        owners: task.owners,
        section: task.section,
        sortOrder: order++,
      })
      .returning();
    if (task.metrics.length) {
      await db.insert(planMetrics).values(
        task.metrics.map((m, i) => ({
          planId: p.id,
          taskId: t.id,
          key: m.key,
          label: m.label,
          unit: m.unit,
          kind: m.kind,
          comparator: m.comparator,
          target: m.target,
          source: m.source,
          note: m.note ?? null,
          sortOrder: i,
        })),
      );
    }
  }
  return p;
}

export async function ensurePlans(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [existing] = await t.select({ id: plans.id }).from(plans).where(eq(plans.year, PLAN_2025.year));
    if (!existing) {
      await insertPlan(t, PLAN_2025, PLAN_2025_TASKS);
      return;
    }
    await addMissingMetrics(t, existing.id, PLAN_2025_TASKS);
  });
}

/**
 * An installation seeded before a metric joined the seed (e.g. target 5's intentions) gets it
 * added to its task, in the seed's order; metrics it already has are left as they are.
 */
async function addMissingMetrics(db: Db, planId: number, tasks: readonly PlanTaskSeed[]) {
  const have = new Set(
    (await db.select({ key: planMetrics.key }).from(planMetrics).where(eq(planMetrics.planId, planId))).map(
      (m) => m.key,
    ),
  );
  for (const task of tasks) {
    const missing = task.metrics.map((m, i) => ({ m, i })).filter(({ m }) => !have.has(m.key));
    if (!missing.length) continue;
    const [row] = await db
      .select({ id: planTasks.id })
      .from(planTasks)
      .where(and(eq(planTasks.planId, planId), eq(planTasks.no, task.no)));
    if (!row) continue;
    await db.insert(planMetrics).values(
      missing.map(({ m, i }) => ({
        planId,
        taskId: row.id,
        key: m.key,
        label: m.label,
        unit: m.unit,
        kind: m.kind,
        comparator: m.comparator,
        target: m.target,
        source: m.source,
        note: m.note ?? null,
        sortOrder: i,
      })),
    );
    for (const [i, m] of task.metrics.entries()) {
      await db
        .update(planMetrics)
        .set({ sortOrder: i })
        .where(and(eq(planMetrics.planId, planId), eq(planMetrics.key, m.key)));
    }
  }
}

/** Copies a plan's tasks and metrics into a new year's plan (no audit: for seeding; users go through copyPlan). */
export async function copyPlanRows(db: Db, fromYear: number, toYear: number) {
  const [from] = await db.select().from(plans).where(eq(plans.year, fromYear));
  if (!from) throw new Error(`no plan for ${fromYear}`);
  const [exists] = await db.select({ id: plans.id }).from(plans).where(eq(plans.year, toYear));
  if (exists) return exists;
  const tasks = await db
    .select()
    .from(planTasks)
    .where(eq(planTasks.planId, from.id))
    .orderBy(asc(planTasks.sortOrder));
  const metrics = await db
    .select()
    .from(planMetrics)
    .where(eq(planMetrics.planId, from.id))
    .orderBy(asc(planMetrics.sortOrder));
  return insertPlan(
    db,
    {
      year: toYear,
      title: from.title.replace(String(fromYear), String(toYear)),
      issuer: from.issuer,
      issuedOn: null,
      basedOnId: from.id,
    },
    tasks.map((t) => ({
      no: t.no,
      title: t.title,
      owners: t.owners,
      section: t.section ?? '',
      metrics: metrics
        .filter((m) => m.taskId === t.id)
        .map((m) => ({
          key: m.key,
          label: m.label,
          unit: m.unit,
          kind: m.kind as PlanMetricSeed['kind'],
          comparator: m.comparator as PlanMetricSeed['comparator'],
          target: m.target === null ? null : Number(m.target),
          source: m.source as PlanMetricSeed['source'],
          note: m.note ?? undefined,
        })),
    })),
  );
}
