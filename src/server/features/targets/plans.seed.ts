// Seeds the 2025 plan from the source document on a fresh database (reference data, like the
// organisations: every installation starts with it). Idempotent.
import { asc, eq } from 'drizzle-orm';
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
    if (existing) return;
    await insertPlan(t, PLAN_2025, PLAN_2025_TASKS);
  });
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
