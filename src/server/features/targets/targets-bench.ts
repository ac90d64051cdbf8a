// Speed of 任务督办 for `npm run bench` (figures targets_all_orgs_ms, targets_vs_hand_sql_ratio,
// word_report_ms), on a database seeded at benchmark scale. "Warm" (decision 020): the same
// evaluation has run once before, so the database's buffers hold its pages; nothing is cached
// in the app — evaluatePlan runs on the bare database, without the read cache of decision 013. The hand-written SQL below computes
// the same numbers as the declarative definitions, one plain query per metric, written without
// the evaluator — so the bench both times the two and checks that they agree.
import { sql } from 'drizzle-orm';
import { permissionsOf } from '#shared/roles.ts';
import type { Db } from '../../db/client.ts';
import { systemClock } from '../../lib/clock.ts';
import type { ServiceContext } from '../../lib/context.ts';
import { planWordReport } from './report-files.ts';
import { evaluate } from './evaluate.ts';
import { checkRollups } from './rollups.ts';
import { evaluatedOrgs, evaluatePlan, loadPlan } from './targets.service.ts';

/** Per metric: SQL giving (loc_path, value) rows for the 2025 plan at 2025-12-31; summed by path prefix. */
const Y = 2025;
export const HAND_SQL: Record<string, string> = {
  provincial_workstations: `select coalesce(e.path, t.org_path) as p, count(*) as v from workstations t left join organizations e on e.id = t.enterprise_id
    where t.deleted_at is null and t.level = 'provincial' and t.year = ${Y} group by 1`,
  provincial_studios_new: `select coalesce(e.path, t.org_path) as p, count(*) as v from studios t left join organizations e on e.id = t.enterprise_id
    where t.deleted_at is null and t.level = 'provincial' and t.year = ${Y} group by 1`,
  funded_provincial_studios: `select coalesce(s.org_path, t.org_path) as p, count(distinct t.studio_id) as v from grants t left join studios s on s.id = t.studio_id and s.deleted_at is null
    where t.deleted_at is null and t.recipient_kind = 'studio' and t.source_level = 'provincial' and t.studio_id is not null and t.year = ${Y} group by 1`,
  second_batch_alliances: `select t.org_path as p, count(*) as v from alliances t where t.deleted_at is null and t.batch = '2' and t.year = ${Y} group by 1`,
  funded_alliance_projects: `select coalesce(a.org_path, t.org_path) as p, count(distinct t.project_id) as v from grants t left join alliance_projects a on a.id = t.project_id and a.deleted_at is null
    where t.deleted_at is null and t.recipient_kind = 'alliance_project' and t.project_id is not null and t.year = ${Y} group by 1`,
  candidates_selected: `select coalesce(e.path, t.org_path) as p, count(*) as v from candidates t left join organizations e on e.id = t.employer_id
    where t.deleted_at is null and t.year = ${Y} group by 1`,
  cohorts_held: `select t.org_path as p, count(*) as v from cohorts t where t.deleted_at is null and t.start_date between '${Y}-01-01' and '${Y}-12-31' group by 1`,
  cohort_participants: `select t.org_path as p, sum(t.participants) as v from cohorts t where t.deleted_at is null and t.start_date between '${Y}-01-01' and '${Y}-12-31' group by 1`,
  provincial_academy_sites: `select t.org_path as p, count(*) as v from academies t where t.deleted_at is null and t.level = 'provincial_site' and t.year_established = ${Y} group by 1`,
  academies_total: `select t.org_path as p, count(*) as v from academies t where t.deleted_at is null and t.kind = 'academy' and t.year_established <= ${Y} group by 1`,
  zj_academy_demonstration_training: `select t.org_path as p, sum(t.person_times) as v from training_sessions t where t.deleted_at is null and t.demonstration and t.start_date between '${Y}-01-01' and '${Y}-12-31' group by 1`,
  academy_training_total: `select t.org_path as p, sum(t.person_times) as v from training_sessions t where t.deleted_at is null and t.start_date between '${Y}-01-01' and '${Y}-12-31' group by 1`,
  upgrades_people: `select t.org_path as p, sum(t.people) as v from upgrades t where t.deleted_at is null and t.period_end between '${Y}-01-01' and '${Y}-12-31' group by 1`,
  provincial_competitions: `select t.org_path as p, count(*) as v from competitions t where t.deleted_at is null and t.level = 'provincial' and t.start_date between '${Y}-01-01' and '${Y}-12-31' group by 1`,
  competition_participants: `select t.org_path as p, sum(t.participants) as v from competitions t where t.deleted_at is null and t.start_date between '${Y}-01-01' and '${Y}-12-31' group by 1`,
  competition_promotions: `select t.org_path as p, sum(t.promotions) as v from competitions t where t.deleted_at is null and t.start_date between '${Y}-01-01' and '${Y}-12-31' group by 1`,
  assist_provincial_funds: `select t.org_path as p, sum(t.amount) as v from grants t where t.deleted_at is null and t.purpose = 'assist_enterprises' and t.source_level = 'provincial' and t.year = ${Y} group by 1`,
  triz_sessions: `select t.org_path as p, count(*) as v from training_sessions t where t.deleted_at is null and t.triz and t.start_date between '${Y}-01-01' and '${Y}-12-31' group by 1`,
  triz_trained: `select t.org_path as p, sum(t.person_times) as v from training_sessions t where t.deleted_at is null and t.triz and t.start_date between '${Y}-01-01' and '${Y}-12-31' group by 1`,
  // Coverage and milestones: (member path, covered 0/1) rows.
  coordination_mechanism_cities: `select c.path as p, (exists (select 1 from mechanisms t where t.org_id = c.id and t.deleted_at is null and t.kind = 'coordination' and t.established_on <= '${Y}-12-31'))::int as v
    from organizations c where c.kind = 'city' and c.deleted_at is null and c.active`,
  exchange_mechanism: `select c.path as p, (exists (select 1 from mechanisms t where t.org_path like c.path || '%' and t.deleted_at is null and t.kind = 'exchange' and t.established_on <= '${Y}-12-31'))::int as v
    from organizations c where c.kind = 'province'`,
  county_academy_coverage: `select c.path as p, (exists (select 1 from academies t where t.org_path like c.path || '%' and t.deleted_at is null and t.year_established <= ${Y}))::int as v
    from organizations c where c.kind = 'county' and c.deleted_at is null and c.active`,
  wage_negotiation_reform_coverage: `select e.path as p, (exists (select 1 from wage_negotiations t where t.enterprise_id = e.id and t.deleted_at is null and t.year = ${Y}))::int as v
    from organizations e where e.kind = 'enterprise' and e.deleted_at is null and e.active and e.reform_pilot`,
  wage_negotiation_unionised_coverage: `select e.path as p, (exists (select 1 from wage_negotiations t where t.enterprise_id = e.id and t.deleted_at is null and t.year = ${Y}))::int as v
    from organizations e where e.kind = 'enterprise' and e.deleted_at is null and e.active and e.has_union and (e.above_scale_industry or e.above_limit_service)`,
  candidates_with_studio_share: `select coalesce(e.path, t.org_path) as p, (t.studio_id is not null)::int as v from candidates t left join organizations e on e.id = t.employer_id
    where t.deleted_at is null and t.year <= ${Y}`,
};

const RATE_KEYS = new Set([
  'coordination_mechanism_cities',
  'exchange_mechanism',
  'county_academy_coverage',
  'wage_negotiation_reform_coverage',
  'wage_negotiation_unionised_coverage',
  'candidates_with_studio_share',
]);

/** Runs the hand-written SQL and rolls it up to the province, cities and counties. */
export async function handSqlValues(db: Db, orgs: { id: number; kind: string; path: string }[]) {
  const out = new Map<string, Map<number, number | null>>();
  const targets = orgs.filter((o) => o.kind === 'province' || o.kind === 'city' || o.kind === 'county');
  for (const [key, q] of Object.entries(HAND_SQL)) {
    // Plain SQL as written, without the app's statement timeout (PostgreSQL: 5 s), which the
    // coverage queries' EXISTS per enterprise can exceed at bench scale.
    const rows = (
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local statement_timeout = 0`);
        return tx.execute(sql.raw(q));
      })
    ).rows as { p: string; v: string | number }[];
    const byOrg = new Map<number, number | null>();
    for (const o of targets) {
      let sum = 0;
      let n = 0;
      for (const r of rows) {
        if (!r.p.startsWith(o.path)) continue;
        sum += Number(r.v);
        n++;
      }
      if (!RATE_KEYS.has(key)) byOrg.set(o.id, sum);
      else if (key === 'coordination_mechanism_cities' || key === 'exchange_mechanism')
        byOrg.set(o.id, n ? sum : null);
      else byOrg.set(o.id, n ? sum / n : null);
    }
    out.set(key, byOrg);
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchTargets(db: Db, runs = 5) {
  const asOf = `${Y}-12-31`;
  const orgs = await evaluatedOrgs(db);
  const counted = orgs.filter((o) => o.kind !== 'industry_union').length;
  await evaluatePlan(db, Y, asOf, orgs); // warm-up
  const engine: number[] = [];
  let ev = await evaluatePlan(db, Y, asOf, orgs);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    ev = await evaluatePlan(db, Y, asOf, orgs);
    engine.push(performance.now() - t);
  }
  // The same evaluation scanning the records instead of the rollups (decision 020), for comparison.
  const plan = await loadPlan(db, Y);
  const metricKeys = plan.tasks
    .flatMap((t) => t.metrics)
    .filter((m) => m.computed)
    .map((m) => m.key);
  const scanInput = { year: Y, asOf, orgs, metricKeys, rollups: false };
  await evaluate(db, scanInput); // warm-up
  const scan: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await evaluate(db, scanInput);
    scan.push(performance.now() - t);
  }
  const tc = performance.now();
  const drift = await checkRollups(db);
  const checkMs = performance.now() - tc;
  for (const [table, n] of Object.entries(drift))
    process.stderr.write(`[bench] rollup ${table} differs from a recount in ${n} rows\n`);

  await handSqlValues(db, orgs); // warm-up
  const hand: number[] = [];
  let handValues = await handSqlValues(db, orgs);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    handValues = await handSqlValues(db, orgs);
    hand.push(performance.now() - t);
  }
  let mismatches = 0;
  for (const [key, byOrg] of handValues) {
    for (const [orgId, v] of byOrg) {
      const e = ev.values.get(key)?.get(orgId)?.actual ?? null;
      const same = v === null || e === null ? v === e : Math.abs(v - e) <= 1e-6 * Math.max(1, Math.abs(v));
      if (!same) {
        mismatches++;
        if (mismatches <= 5)
          process.stderr.write(`[bench] mismatch ${key} org ${orgId}: engine ${e}, hand ${v}\n`);
      }
    }
  }
  const [{ n }] = (
    await db.execute(sql`select (select count(*) from studios) + (select count(*) from workstations) + (select count(*) from academies)
      + (select count(*) from training_sessions) + (select count(*) from alliances) + (select count(*) from alliance_projects)
      + (select count(*) from candidates) + (select count(*) from cohorts) + (select count(*) from competitions)
      + (select count(*) from upgrades) + (select count(*) from grants) + (select count(*) from wage_negotiations)
      + (select count(*) from mechanisms) as n`)
  ).rows as { n: string }[];

  const ctx = await provinceContext(db);
  const word: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await planWordReport(ctx, Y, { asOf });
    word.push(performance.now() - t);
  }
  return {
    records: Number(n),
    orgs: counted,
    targets_all_orgs_ms: Math.round(median(engine)),
    records_scan_ms: Math.round(median(scan)),
    rollup_mismatches: Object.values(drift).reduce((a, b) => a + b, 0),
    rollup_check_ms: Math.round(checkMs),
    hand_sql_ms: Math.round(median(hand)),
    targets_vs_hand_sql_ratio: Number((median(engine) / median(hand)).toFixed(2)),
    targets_hand_sql_mismatches: mismatches,
    word_report_ms: Math.round(median(word)),
  };
}

async function provinceContext(db: Db): Promise<ServiceContext> {
  const [p] = (await db.execute(sql`select id, path, name from organizations where kind = 'province'`))
    .rows as {
    id: number;
    path: string;
    name: string;
  }[];
  return {
    db,
    clock: systemClock,
    ip: null,
    requestId: 'bench',
    userAgent: null,
    actor: {
      userId: 0,
      username: 'bench',
      displayName: 'bench',
      orgId: Number(p.id),
      orgPath: p.path,
      scopeOrgId: Number(p.id),
      orgName: p.name,
      roles: ['province_admin'],
      permissions: permissionsOf(['province_admin']),
      sessionId: 'bench',
    },
  } as ServiceContext;
}
