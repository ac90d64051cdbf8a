// 成效评估: the yearly effectiveness of every service team, from its records on the platform,
// scored by evaluation.scoring.ts with the year's weights. Normalised among all the province's
// teams of the year; each manager sees the teams in their scope (province all, a city its
// teams, a county its own), ranked. Craftsmen and enterprises have no access; nothing is public.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { evaluationWeights } from '../../db/schema/evaluation.ts';
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
import { conflict, invalid } from '../../lib/errors.ts';
import { isInScope } from '../../lib/scope.ts';
import {
  DEFAULT_EVALUATION_WEIGHTS,
  EVALUATION_KEYS,
  EVALUATION_LABELS,
  type EvaluationWeights,
  scoreTeams,
  type TeamRaw,
} from './evaluation.scoring.ts';

export const NORMALISATION =
  '每项先取本年度原始值，再在全省同年度各服务队之间做最小-最大归一（0–1；响应时间越短越好，无数据计 0），乘以权重占比后累加为 0–100 分。';

/** The weights of a year: its row, or the defaults (version 0) until the province first saves. */
export async function getWeights(ctx: ServiceContext, year: number) {
  assertPermission(ctx, 'read:evaluation:subtree');
  const [row] = await ctx.db.select().from(evaluationWeights).where(eq(evaluationWeights.year, year));
  return row
    ? {
        year,
        weights: { ...DEFAULT_EVALUATION_WEIGHTS, ...row.weights } as EvaluationWeights,
        version: row.version,
        isDefault: false,
      }
    : { year, weights: { ...DEFAULT_EVALUATION_WEIGHTS }, version: 0, isDefault: true };
}

/** The province edits a year's weights (compare-and-set; version 0 = still the defaults). */
export async function saveWeights(
  ctx: ServiceContext,
  input: { year: number; version: number; weights: EvaluationWeights },
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
    const now = ctx.clock.now();
    const weights = Object.fromEntries(EVALUATION_KEYS.map((k) => [k, input.weights[k]]));
    if (input.version === 0) {
      if (!before.isDefault) throw stale();
      const rows = await tx.db
        .insert(evaluationWeights)
        .values({ year: input.year, weights, updatedBy: ctx.actor.userId, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      if (!rows.length) throw stale();
    } else {
      const rows = await tx.db
        .update(evaluationWeights)
        .set({
          weights,
          version: sql`${evaluationWeights.version} + 1`,
          updatedBy: ctx.actor.userId,
          updatedAt: now,
        })
        .where(and(eq(evaluationWeights.year, input.year), eq(evaluationWeights.version, input.version)))
        .returning();
      if (!rows.length) throw stale();
    }
    await writeAudit(tx, {
      event: 'evaluation.weights.update',
      objectType: 'evaluation_weights',
      objectId: input.year,
      detail: { year: input.year, before: before.weights, after: weights },
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
    normalisation: NORMALISATION,
    teamsInProvince: teams.length,
    teams: visible.map((t, i) => ({ rank: i + 1, ...t })),
  };
}

/** The ranking table as an Excel workbook. */
export async function exportRanking(ctx: ServiceContext, year: number): Promise<Buffer> {
  const r = await teamRanking(ctx, year);
  const wb = new ExcelJS.Workbook();
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
  ws.addRow([`权重：${EVALUATION_KEYS.map((k) => `${EVALUATION_LABELS[k]} ${r.weights[k]}`).join('，')}`]);
  ws.addRow([r.normalisation]);
  ws.columns.forEach((col, i) => {
    col.width = i === 1 ? 28 : i === 2 ? 18 : 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
