// 派单 with the dispatch engine: the 助企行 rows turned into the engine's profiles, the
// explained candidate list of one demand, and the batch proposal for every published demand
// in the operator's scope (LP optimum under capacities; greedy as the instant fallback), which
// the operator reviews and sends (each demand dispatched to its proposed candidate first and
// the next-ranked ones behind, so a decline or a timeout passes it on).
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations } from '../../db/schema/orgs.ts';
import {
  craftsmen,
  demandCategories,
  demands,
  serviceRecords,
  serviceTeamMembers,
  serviceTeams,
} from '../../db/schema/zhuqi.ts';
import { todayInChina } from '../../lib/clock.ts';
import { type AuthedContext, assertPermission, type ServiceContext } from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { mountainIslandCountyIds } from '../orgs/mountain-island.ts';
import {
  type CandidateProfile,
  DEMAND_CATEGORY_LABELS,
  DispatchEngine,
  type DemandProfile,
} from '../dispatch/dispatch.engine.ts';
import { dispatchDemand } from './zhuqi.demands.service.ts';
import { activeLoads } from './zhuqi.resources.service.ts';

const URGENCY: Record<string, number> = { normal: 1, urgent: 2, critical: 3 };
const CATEGORY_KEY_BY_NAME = new Map(Object.entries(DEMAND_CATEGORY_LABELS).map(([k, v]) => [v, k]));

async function countyCodes(db: Db): Promise<Map<number, string>> {
  const rows = await db
    .select({ id: organizations.id, code: organizations.code })
    .from(organizations)
    .where(eq(organizations.kind, 'county'));
  return new Map(rows.map((r) => [r.id, r.code]));
}

const cityOf = (countyCode: string) => `${countyCode.slice(0, 4)}00`;

/** The craftsmen and teams in the actor's scope, as the engine sees them. */
export async function candidateProfiles(ctx: AuthedContext, today: string): Promise<CandidateProfile[]> {
  const db = ctx.db;
  const people = await db
    .select()
    .from(craftsmen)
    .where(and(isNull(craftsmen.deletedAt), inScope(ctx.actor, craftsmen.orgPath, craftsmen.orgAltPath)));
  const teams = await db
    .select()
    .from(serviceTeams)
    .where(
      and(isNull(serviceTeams.deletedAt), inScope(ctx.actor, serviceTeams.orgPath, serviceTeams.orgAltPath)),
    );
  const codes = await countyCodes(db);
  const mi = await mountainIslandCountyIds(db, Number(today.slice(0, 4)));
  const loads = await activeLoads(
    ctx,
    people.map((p) => p.id),
  );
  const ids = people.map((p) => p.id);
  const ratings = new Map<number, { avg: number; n: number }>();
  const past = new Map<number, string[]>();
  const served = new Set<number>();
  if (ids.length) {
    const r = await db
      .select({
        id: demands.serverCraftsmanId,
        avg: sql<number>`avg((${demands.ratingTimeliness} + ${demands.ratingEffect} + ${demands.ratingAttitude}) / 3.0)::float8`,
        n: sql<number>`count(*)::int`,
      })
      .from(demands)
      .where(and(inArray(demands.serverCraftsmanId, ids), sql`${demands.ratingEffect} is not null`))
      .groupBy(demands.serverCraftsmanId);
    for (const x of r) if (x.id) ratings.set(x.id, { avg: Number(x.avg), n: Number(x.n) });
    const recs = await db
      .select({
        id: serviceRecords.craftsmanId,
        content: serviceRecords.content,
        countyId: serviceRecords.countyId,
      })
      .from(serviceRecords)
      .where(inArray(serviceRecords.craftsmanId, ids))
      .orderBy(desc(serviceRecords.visitDate))
      .limit(5000);
    for (const x of recs) {
      if (!x.id) continue;
      const list = past.get(x.id) ?? [];
      if (list.length < 5) list.push(x.content);
      past.set(x.id, list);
      if (mi.has(x.countyId)) served.add(x.id);
    }
  }
  const available = (p: typeof craftsmen.$inferSelect) =>
    p.employerConsent && !(p.unavailable ?? []).some((u) => u.from <= today && today <= u.to);
  const profiles: CandidateProfile[] = people.map((p) => {
    const county = codes.get(p.countyId) ?? '';
    const rating = ratings.get(p.id);
    return {
      id: `craftsman:${p.id}`,
      kind: 'craftsman',
      name: p.name,
      employerOrgIds: p.employerId ? [p.employerId] : [],
      countyCode: county,
      cityCode: cityOf(county),
      occupationCodes: p.occupation ? [p.occupation] : [],
      industryDivisions: p.industries ?? [],
      specialtyTags: p.specialtyTags ?? [],
      specialtyText: p.specialties ?? '',
      pastServiceTexts: past.get(p.id) ?? [],
      monthlyCapacity: p.monthlyCapacity,
      currentLoad: loads.get(p.id) ?? 0,
      ratingAverage: rating?.avg ?? null,
      ratingCount: rating?.n ?? 0,
      servesMountainIsland: mi.has(p.countyId) || served.has(p.id),
      available: available(p),
    };
  });
  if (teams.length) {
    const members = await db
      .select({ teamId: serviceTeamMembers.teamId, craftsmanId: serviceTeamMembers.craftsmanId })
      .from(serviceTeamMembers)
      .where(
        inArray(
          serviceTeamMembers.teamId,
          teams.map((t) => t.id),
        ),
      );
    const byId = new Map(people.map((p) => [p.id, p]));
    const teamLoad = await db
      .select({ id: demands.serverTeamId, n: sql<number>`count(*)::int` })
      .from(demands)
      .where(
        and(
          inArray(
            demands.serverTeamId,
            teams.map((t) => t.id),
          ),
          inArray(demands.state, ['claimed', 'in_service', 'completed']),
        ),
      )
      .groupBy(demands.serverTeamId);
    const loadOf = new Map(teamLoad.map((r) => [r.id, Number(r.n)]));
    for (const t of teams) {
      const ms = members
        .filter((m) => m.teamId === t.id)
        .map((m) => byId.get(m.craftsmanId))
        .filter((m) => !!m);
      const leader = byId.get(t.leaderId);
      const county = codes.get(leader?.countyId ?? -1) ?? codes.get(t.orgId) ?? '';
      profiles.push({
        id: `team:${t.id}`,
        kind: 'team',
        name: t.name,
        employerOrgIds: [...new Set(ms.map((m) => m.employerId).filter((x): x is number => !!x))],
        countyCode: county,
        cityCode: cityOf(county),
        occupationCodes: [...new Set(ms.map((m) => m.occupation).filter((x): x is string => !!x))],
        industryDivisions: [...new Set(ms.flatMap((m) => m.industries ?? []))],
        specialtyTags: [...new Set(ms.flatMap((m) => m.specialtyTags ?? []))],
        specialtyText: [t.specialty ?? '', t.description ?? ''].join(' '),
        pastServiceTexts: ms.flatMap((m) => past.get(m.id) ?? []).slice(0, 5),
        monthlyCapacity: Math.max(1, ms.length),
        currentLoad: loadOf.get(t.id) ?? 0,
        ratingAverage: null,
        ratingCount: 0,
        servesMountainIsland: ms.some((m) => mi.has(m.countyId) || served.has(m.id)),
        available: ms.length > 0,
      });
    }
  }
  return profiles;
}

export async function demandProfiles(
  db: Db,
  rows: (typeof demands.$inferSelect)[],
  year: number,
): Promise<DemandProfile[]> {
  if (!rows.length) return [];
  const codes = await countyCodes(db);
  const mi = await mountainIslandCountyIds(db, year);
  const cats = await db
    .select({ id: demandCategories.id, name: demandCategories.name })
    .from(demandCategories);
  const catName = new Map(cats.map((c) => [c.id, c.name]));
  return rows.map((d) => {
    const county = codes.get(d.countyId) ?? '';
    const name = catName.get(d.categoryId) ?? '';
    return {
      id: d.id,
      enterpriseOrgId: d.orgId,
      countyCode: county,
      cityCode: cityOf(county),
      industryDivision: d.industryDivision,
      categoryKey: CATEGORY_KEY_BY_NAME.get(name) ?? name,
      text: `${d.title}\n${d.description}`,
      urgency: URGENCY[d.urgency] ?? 1,
      isMountainIsland: mi.has(d.countyId),
      createdAt: d.createdAt.toISOString(),
    };
  });
}

const today = (ctx: ServiceContext) => todayInChina(ctx.clock.now());

/** One engine per process; its pool is replaced for each request's scope (cheap for a county's pool). */
const engine = new DispatchEngine({ timeoutMs: 10_000 });
export const closeMatching = () => engine.close();

/** The explained, ranked candidates for one demand (the operator's 推荐). */
export async function rankForDemand(ctx: ServiceContext, demandId: number, limit = 20) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const actx = ctx as AuthedContext;
  const [d] = await ctx.db
    .select()
    .from(demands)
    .where(and(eq(demands.id, demandId), isNull(demands.deletedAt)));
  if (!d || !isInScope(actx.actor, d.orgPath, d.orgAltPath)) throw notFound('需求');
  const day = today(ctx);
  const pool = await candidateProfiles(actx, day);
  const [profile] = await demandProfiles(ctx.db, [d], Number(day.slice(0, 4)));
  engine.setCandidates(pool);
  const result = engine.rank(profile, { limit });
  return { poolSize: pool.length, ...result };
}

/** An optimal proposal for every published demand in the actor's scope, for the operator to review. */
export async function proposeBatch(ctx: ServiceContext) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const actx = ctx as AuthedContext;
  const rows = await ctx.db
    .select()
    .from(demands)
    .where(
      and(
        isNull(demands.deletedAt),
        eq(demands.state, 'published'),
        inScope(actx.actor, demands.orgPath, demands.orgAltPath),
      ),
    );
  const day = today(ctx);
  const pool = await candidateProfiles(actx, day);
  const profiles = await demandProfiles(ctx.db, rows, Number(day.slice(0, 4)));
  engine.setCandidates(pool);
  const result = await engine.batch(profiles);
  const names = new Map(pool.map((p) => [p.id, p.name]));
  const titles = new Map(rows.map((r) => [r.id, r.title]));
  const versions = new Map(rows.map((r) => [r.id, r.version]));
  const profileOf = new Map(profiles.map((p) => [p.id, p]));
  const reasons = new Map(
    result.assignments.map((a) => {
      const p = profileOf.get(a.demandId);
      return [a.demandId, p ? engine.explainFor(p, [a.candidateId]).get(a.candidateId) : undefined];
    }),
  );
  return {
    method: result.method,
    ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
    demands: rows.length,
    candidates: pool.length,
    totalScore: result.totalScore,
    capacityViolations: result.capacity.violations,
    greedyTotal: result.greedyTotal,
    assignments: result.assignments.map((a) => ({
      demandId: a.demandId,
      demandTitle: titles.get(a.demandId) ?? '',
      demandVersion: versions.get(a.demandId) ?? 1,
      candidate: {
        type: a.candidateId.split(':')[0] as 'craftsman' | 'team',
        id: Number(a.candidateId.split(':')[1]),
      },
      candidateName: names.get(a.candidateId) ?? a.candidateId,
      score: a.score,
      components: reasons.get(a.demandId)?.components ?? [],
    })),
    unassigned: result.unassignedDemandIds.map((id) => ({
      demandId: id,
      demandTitle: titles.get(id) ?? '',
      demandVersion: versions.get(id) ?? 1,
    })),
  };
}

export interface SendRow {
  demandId: number;
  version: number;
  candidate: { type: 'craftsman' | 'team'; id: number };
}

/** How many next-ranked candidates queue behind the chosen one, so a decline or a timeout passes it on. */
const BACKUPS = 2;

/**
 * Sends the reviewed proposal: each row is dispatched through the normal workflow transition
 * (its own transaction, one event, compare-and-set on the version the proposal showed) to the
 * chosen candidate first and the next-ranked eligible ones behind. A row whose demand changed
 * since (version or state) is reported `stale` and not sent; a row the checks refuse (capacity,
 * unavailability, conflict, scope) is reported `refused` with the message. Nothing is retried.
 */
export async function sendBatch(ctx: ServiceContext, rows: SendRow[]) {
  assertPermission(ctx, 'dispatch:demand:subtree');
  const actx = ctx as AuthedContext;
  const seen = new Set<number>();
  for (const [i, r] of rows.entries()) {
    if (seen.has(r.demandId))
      throw invalid('同一需求在方案中出现了两次', [{ path: `rows.${i}.demandId`, message: '重复' }]);
    seen.add(r.demandId);
  }
  const found = await ctx.db
    .select()
    .from(demands)
    .where(
      and(
        inArray(
          demands.id,
          rows.map((r) => r.demandId),
        ),
        isNull(demands.deletedAt),
      ),
    );
  const byId = new Map(found.map((d) => [d.id, d]));
  const day = today(ctx);
  const pool = await candidateProfiles(actx, day);
  engine.setCandidates(pool);
  const visible = found.filter((d) => isInScope(actx.actor, d.orgPath, d.orgAltPath));
  const profiles = new Map(
    (await demandProfiles(ctx.db, visible, Number(day.slice(0, 4)))).map((p) => [p.id, p]),
  );
  const results: { demandId: number; status: 'sent' | 'stale' | 'refused'; message: string }[] = [];
  // Offers made in this loop count against capacities (the pool's loads were read before it).
  const poolById = new Map(pool.map((p) => [p.id, p]));
  const added = new Map<string, number>();
  const hasRoom = (id: string) => {
    const p = poolById.get(id);
    return !!p && p.currentLoad + (added.get(id) ?? 0) < p.monthlyCapacity;
  };
  for (const r of rows) {
    const d = byId.get(r.demandId);
    const profile = profiles.get(r.demandId);
    if (!d || !profile) {
      results.push({ demandId: r.demandId, status: 'refused', message: '需求不存在或无权访问' });
      continue;
    }
    if (d.version !== r.version || d.state !== 'published') {
      results.push({ demandId: r.demandId, status: 'stale', message: '需求已被他人处理或修改，未派出' });
      continue;
    }
    const chosen = `${r.candidate.type}:${r.candidate.id}`;
    const backups = engine
      .rank(profile, { limit: BACKUPS + 1 + added.size, includeExcluded: false })
      .results.filter((c) => c.candidateId !== chosen && hasRoom(c.candidateId))
      .slice(0, BACKUPS)
      .map((c) => ({
        type: c.kind,
        id: Number(c.candidateId.split(':')[1]),
      }));
    try {
      await dispatchDemand(ctx, r.demandId, { version: r.version, candidates: [r.candidate, ...backups] });
      added.set(chosen, (added.get(chosen) ?? 0) + 1);
      results.push({ demandId: r.demandId, status: 'sent', message: '已派出' });
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      const stale = e.status === 409;
      results.push({
        demandId: r.demandId,
        status: stale ? 'stale' : 'refused',
        message: stale ? `需求已被他人处理或修改，未派出（${e.message}）` : e.message,
      });
    }
  }
  return { sent: results.filter((x) => x.status === 'sent').length, results };
}
