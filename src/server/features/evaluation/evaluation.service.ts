// 成效评估: the yearly effectiveness of every service team, from its records on the platform,
// scored by evaluation.scoring.ts with the year's weights. Normalised among all the province's
// teams of the year; each manager sees the teams in their scope (province all, a city its
// teams, a county its own), ranked. Craftsmen and enterprises have no access; nothing is public.
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { loadExcel } from '../../lib/lazy-libs.ts';
import type { Db } from '../../db/client.ts';
import { evaluationWeights, evaluationWeightVersions } from '../../db/schema/evaluation.ts';
import { users } from '../../db/schema/users.ts';
import { organizations } from '../../db/schema/orgs.ts';
import {
  assignments,
  demandFollowups,
  demands,
  serviceActionParticipants,
  serviceActions,
  serviceRecords,
  serviceTeamMembers,
  serviceTeams,
} from '../../db/schema/zhuqi.ts';
import { writeAudit } from '../../lib/audit.ts';
import { mountainIslandCountyIds } from '../orgs/mountain-island.ts';
import { assertPermission, inTransaction, type ServiceContext } from '../../lib/context.ts';
import { AppError, conflict, invalid } from '../../lib/errors.ts';
import { isInScope } from '../../lib/scope.ts';
import {
  EVALUATION_KEYS,
  EVALUATION_LABELS,
  type EvaluationWeights,
  scoreTeams,
  type TeamRaw,
} from './evaluation.scoring.ts';

export const NORMALISATION =
  '每项先取本年度原始值，再在全省同年度各服务队之间做最小-最大归一（0–1；响应时间越短越好，无数据计 0），乘以权重占比后累加为 0–100 分。';

type WeightsRow = typeof evaluationWeights.$inferSelect;

function weightsOf(row: WeightsRow): EvaluationWeights {
  return Object.fromEntries(
    EVALUATION_KEYS.map((k) => [k, Number(row.weights[k] ?? 0)]),
  ) as EvaluationWeights;
}

/** The row in force for a year: its own, else the nearest earlier year's, else the nearest later one's. */
async function rowInForce(db: Db, year: number): Promise<WeightsRow | null> {
  const [own] = await db.select().from(evaluationWeights).where(eq(evaluationWeights.year, year));
  if (own) return own;
  const [earlier] = await db
    .select()
    .from(evaluationWeights)
    .where(lt(evaluationWeights.year, year))
    .orderBy(desc(evaluationWeights.year))
    .limit(1);
  if (earlier) return earlier;
  const [later] = await db
    .select()
    .from(evaluationWeights)
    .where(gt(evaluationWeights.year, year))
    .orderBy(asc(evaluationWeights.year))
    .limit(1);
  return later ?? null;
}

function describeWeights(year: number, row: WeightsRow) {
  const list = EVALUATION_KEYS.map((k) => `${EVALUATION_LABELS[k]} ${Number(row.weights[k] ?? 0)}`).join(
    '、',
  );
  const own = row.year === year;
  return own
    ? `${year} 年评估权重第 ${row.version} 版（${list}）${row.note ? `；说明：${row.note}` : ''}`
    : `${year} 年尚未设置评估权重，沿用 ${row.year} 年第 ${row.version} 版（${list}）`;
}

/**
 * The weights of a year, from the data: its own row (version ≥ 1), or — until the year is
 * seeded or the province saves it — the nearest year's row, reported with version 0 and the
 * year it is inherited from. No row at all (every row deleted by hand) is a 409, never a guess.
 */
export async function getWeights(ctx: ServiceContext, year: number) {
  assertPermission(ctx, 'read:evaluation:subtree');
  const row = await rowInForce(ctx.db, year);
  if (!row) throw new AppError('INVALID_STATE', '尚无任何年度的评估权重，请省总工会先设置本年度权重');
  const own = row.year === year;
  return {
    year,
    weights: weightsOf(row),
    version: own ? row.version : 0,
    inheritedFrom: own ? null : row.year,
    note: own ? row.note : null,
    updatedAt: own ? row.updatedAt.toISOString() : null,
    explanation: describeWeights(year, row),
  };
}

/** Every version of a year's weights, newest first, with who set it. */
export async function findWeightVersions(ctx: ServiceContext, year: number) {
  assertPermission(ctx, 'read:evaluation:subtree');
  const rows = await ctx.db
    .select({ v: evaluationWeightVersions, name: users.displayName })
    .from(evaluationWeightVersions)
    .leftJoin(users, eq(users.id, evaluationWeightVersions.changedBy))
    .where(eq(evaluationWeightVersions.year, year))
    .orderBy(desc(evaluationWeightVersions.version));
  return {
    year,
    items: rows.map(({ v, name }) => ({
      version: v.version,
      weights: Object.fromEntries(EVALUATION_KEYS.map((k) => [k, Number(v.weights[k] ?? 0)])),
      note: v.note,
      changedBy: name ?? null,
      changedAt: v.changedAt.toISOString(),
    })),
  };
}

/**
 * Seeds a year's row from the nearest earlier year (else the nearest later one) when it has
 * none: run at start for the current year, so each year has its own versioned weights. Returns
 * whether it wrote one. A concurrent seed or save wins quietly (the unique year).
 */
export async function ensureYearWeights(db: Db, year: number, now: Date): Promise<boolean> {
  const [own] = await db
    .select({ id: evaluationWeights.id })
    .from(evaluationWeights)
    .where(eq(evaluationWeights.year, year));
  if (own) return false;
  const from = await rowInForce(db, year);
  if (!from) return false;
  const note = `按 ${from.year} 年第 ${from.version} 版权重生成`;
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(evaluationWeights)
      .values({ year, weights: from.weights, version: 1, note, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!rows.length) return false;
    await tx
      .insert(evaluationWeightVersions)
      .values({ year, version: 1, weights: from.weights, note, changedAt: now });
    return true;
  });
}

/** The province edits a year's weights (compare-and-set on the version it read; 0 = the year has no row yet). */
export async function saveWeights(
  ctx: ServiceContext,
  input: { year: number; version: number; weights: EvaluationWeights; note?: string | null },
) {
  assertPermission(ctx, 'manage:evaluation:all');
  if (!EVALUATION_KEYS.some((k) => input.weights[k] > 0))
    throw invalid('权重不能全部为 0', [{ path: 'weights', message: '至少一项大于 0' }]);
  const stale = () =>
    conflict('该年度的权重已被他人修改，请刷新后再编辑（版本不一致）', [
      { path: 'version', message: '版本已过期' },
    ]);
  return inTransaction(ctx, async (tx) => {
    const before = await getWeights(tx, input.year);
    if (input.version !== before.version) throw stale();
    const now = ctx.clock.now();
    const weights = Object.fromEntries(EVALUATION_KEYS.map((k) => [k, input.weights[k]]));
    if (before.version > 0 && EVALUATION_KEYS.every((k) => before.weights[k] === input.weights[k]))
      throw invalid('权重没有变化，无需保存', [{ path: 'weights', message: '没有修改' }]);
    const note = input.note?.trim() || null;
    let version: number;
    if (input.version === 0) {
      const rows = await tx.db
        .insert(evaluationWeights)
        .values({
          year: input.year,
          weights,
          note,
          updatedBy: ctx.actor.userId,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning();
      if (!rows.length) throw stale();
      version = rows[0].version;
    } else {
      const rows = await tx.db
        .update(evaluationWeights)
        .set({
          weights,
          note,
          version: sql`${evaluationWeights.version} + 1`,
          updatedBy: ctx.actor.userId,
          updatedAt: now,
        })
        .where(and(eq(evaluationWeights.year, input.year), eq(evaluationWeights.version, input.version)))
        .returning();
      if (!rows.length) throw stale();
      version = rows[0].version;
    }
    await tx.db.insert(evaluationWeightVersions).values({
      year: input.year,
      version,
      weights,
      note,
      changedBy: ctx.actor.userId,
      changedAt: now,
    });
    await writeAudit(tx, {
      event: 'evaluation.weights.update',
      objectType: 'evaluation_weights',
      objectId: input.year,
      detail: {
        year: input.year,
        version,
        before: before.weights,
        beforeVersion: before.version,
        inheritedFrom: before.inheritedFrom,
        after: weights,
        note,
      },
    });
    return getWeights(tx, input.year);
  });
}

const inYear = (col: unknown, year: number) =>
  sql`extract(year from (${col} at time zone 'Asia/Shanghai')) = ${year}`;

/** Every team's raw figures for the year (the whole province: normalisation needs them all). */
async function rawFigures(ctx: ServiceContext, year: number, teamIds: number[]): Promise<TeamRaw[]> {
  const raw = new Map<number, TeamRaw>(
    teamIds.map((id) => [
      id,
      { teamId: id, solved: 0, rating: null, response: null, benefit: 0, mountainIsland: 0, trained: 0 },
    ]),
  );
  if (!teamIds.length) return [];
  const closed = await ctx.db
    .select({
      id: demands.serverTeamId,
      n: sql<number>`count(*)::int`,
      rating: sql<
        number | null
      >`avg((${demands.ratingTimeliness} + ${demands.ratingEffect} + ${demands.ratingAttitude}) / 3.0)::float8`,
      benefit: sql<number>`coalesce(sum(${demands.benefitYuan}), 0)::float8`,
    })
    .from(demands)
    .where(
      and(
        inArray(demands.serverTeamId, teamIds),
        eq(demands.state, 'closed'),
        inYear(demands.closedAt, year),
      ),
    )
    .groupBy(demands.serverTeamId);
  for (const r of closed) {
    const t = r.id ? raw.get(r.id) : undefined;
    if (!t) continue;
    t.solved = Number(r.n);
    t.rating = r.rating === null ? null : Number(r.rating);
    t.benefit += Number(r.benefit);
  }
  const followups = await ctx.db
    .select({
      id: demands.serverTeamId,
      benefit: sql<number>`coalesce(sum(${demandFollowups.benefitYuan}), 0)::float8`,
    })
    .from(demandFollowups)
    .innerJoin(demands, eq(demands.id, demandFollowups.demandId))
    .where(and(inArray(demands.serverTeamId, teamIds), inYear(demandFollowups.answeredAt, year)))
    .groupBy(demands.serverTeamId);
  for (const r of followups) if (r.id && raw.has(r.id)) raw.get(r.id)!.benefit += Number(r.benefit);
  const response = await ctx.db
    .select({
      id: assignments.teamId,
      hours: sql<number>`avg(extract(epoch from (${assignments.respondedAt} - ${assignments.offeredAt})) / 3600.0)::float8`,
    })
    .from(assignments)
    .where(
      and(
        inArray(assignments.teamId, teamIds),
        eq(assignments.state, 'accepted'),
        inYear(assignments.respondedAt, year),
      ),
    )
    .groupBy(assignments.teamId);
  for (const r of response) if (r.id && raw.has(r.id)) raw.get(r.id)!.response = Number(r.hours);
  // Service records of the team's demands (or recorded for the team) in the year.
  const mi = [...(await mountainIslandCountyIds(ctx.db, year))];
  const teamOfRecord = sql<number>`coalesce(${serviceRecords.teamId}, ${demands.serverTeamId})`;
  const records = await ctx.db
    .select({
      id: teamOfRecord,
      trained: sql<number>`coalesce(sum(${serviceRecords.workersTrained}), 0)::int`,
      mi: mi.length
        ? sql<number>`count(*) filter (where ${inArray(serviceRecords.countyId, mi)})::int`
        : sql<number>`0`,
    })
    .from(serviceRecords)
    .innerJoin(demands, eq(demands.id, serviceRecords.demandId))
    .where(and(inArray(teamOfRecord, teamIds), sql`extract(year from ${serviceRecords.visitDate}) = ${year}`))
    .groupBy(teamOfRecord);
  for (const r of records) {
    const t = raw.get(Number(r.id));
    if (!t) continue;
    t.trained += Number(r.trained);
    t.mountainIsland += Number(r.mi);
  }
  // 专项行动 a member of the team took part in (counted once per team and action).
  const actions = await ctx.db
    .selectDistinct({
      teamId: serviceTeamMembers.teamId,
      actionId: serviceActions.id,
      trained: serviceActions.workersTrained,
      countyId: serviceActions.countyId,
      special: serviceActions.mountainIsland,
    })
    .from(serviceActions)
    .innerJoin(serviceActionParticipants, eq(serviceActionParticipants.actionId, serviceActions.id))
    .innerJoin(serviceTeamMembers, eq(serviceTeamMembers.craftsmanId, serviceActionParticipants.craftsmanId))
    .where(
      and(
        inArray(serviceTeamMembers.teamId, teamIds),
        isNull(serviceActions.deletedAt),
        sql`extract(year from ${serviceActions.heldOn}) = ${year}`,
      ),
    );
  const miSet = new Set(mi);
  for (const a of actions) {
    const t = raw.get(a.teamId);
    if (!t) continue;
    t.trained += a.trained;
    if (a.special || miSet.has(a.countyId)) t.mountainIsland += 1;
  }
  return [...raw.values()];
}

/** The ranking of the teams in the actor's scope for a year, every score explained. */
export async function teamRanking(ctx: ServiceContext, year: number) {
  assertPermission(ctx, 'read:evaluation:subtree');
  const w = await getWeights(ctx, year);
  const teams = await ctx.db
    .select({
      id: serviceTeams.id,
      name: serviceTeams.name,
      orgPath: serviceTeams.orgPath,
      orgAltPath: serviceTeams.orgAltPath,
      orgName: organizations.name,
    })
    .from(serviceTeams)
    .innerJoin(organizations, eq(organizations.id, serviceTeams.orgId))
    .where(isNull(serviceTeams.deletedAt))
    .orderBy(serviceTeams.id);
  const scored = scoreTeams(
    await rawFigures(
      ctx,
      year,
      teams.map((t) => t.id),
    ),
    w.weights,
  );
  const byId = new Map(scored.map((s) => [s.teamId, s]));
  const visible = teams
    .filter((t) => isInScope(ctx.actor!, t.orgPath, t.orgAltPath))
    .map((t) => ({ name: t.name, orgName: t.orgName, ...byId.get(t.id)! }))
    .sort((a, b) => b.score - a.score || a.teamId - b.teamId);
  return {
    year,
    weights: w.weights,
    weightsVersion: w.version,
    weightsInheritedFrom: w.inheritedFrom,
    weightsExplanation: w.explanation,
    normalisation: NORMALISATION,
    teamsInProvince: teams.length,
    teams: visible.map((t, i) => ({ rank: i + 1, ...t })),
  };
}

/** The ranking table as an Excel workbook. */
export async function exportRanking(ctx: ServiceContext, year: number): Promise<Buffer> {
  const r = await teamRanking(ctx, year);
  const excel = await loadExcel();
  const wb = new excel.Workbook();
  const ws = wb.addWorksheet(`${year}年服务队成效评估`);
  const round = (x: number | null, d = 2) => (x === null ? '' : Math.round(x * 10 ** d) / 10 ** d);
  ws.addRow([
    '排名',
    '服务队',
    '所属组织',
    '得分',
    ...EVALUATION_KEYS.flatMap((k) => [
      `${EVALUATION_LABELS[k]}（原始值）`,
      `${EVALUATION_LABELS[k]}（得分）`,
    ]),
  ]).font = { bold: true };
  for (const t of r.teams)
    ws.addRow([
      t.rank,
      t.name,
      t.orgName,
      round(t.score),
      ...t.components.flatMap((c) => [round(c.raw), round(c.contribution)]),
    ]);
  ws.addRow([]);
  ws.addRow([`权重：${r.weightsExplanation}`]);
  ws.addRow([r.normalisation]);
  ws.columns.forEach((col, i) => {
    col.width = i === 1 ? 28 : i === 2 ? 18 : 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
