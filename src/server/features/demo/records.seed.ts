// Registry records for the demo province and for benchmarks: studios, academies, trainings,
// competitions, grants … spread over the 90 counties and the years around the plan, so that
// 任务督办 has numbers to show at every level. Generated in the database with
// generate_series (deterministic: every value is a function of the row number), which makes
// millions of rows a matter of seconds to minutes.
//
// `scale` 1 ≈ 1,100 records (the demo); `scale` 2,800 ≈ 3,000,000 (the benchmark).
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

const CHAINS = [
  '数控机床',
  '新能源汽车',
  '智能装备',
  '集成电路',
  '生物医药',
  '新材料',
  '纺织服装',
  '绿色石化',
  '电子信息',
  '现代物流',
];
const FOCUS = [
  '精密制造',
  '焊接工艺',
  '设备改造',
  '节能降耗',
  '质量攻关',
  '数字化改造',
  '安全生产',
  '工艺优化',
  '模具设计',
  '智能检测',
];
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
];
const GIVEN = [
  '建国',
  '海峰',
  '丽华',
  '志强',
  '晓东',
  '秀英',
  '国庆',
  '春梅',
  '伟',
  '敏',
  '军',
  '磊',
  '静',
  '勇',
  '洋',
  '芳',
];
const COURSES = [
  'TRIZ 创新思维方法',
  '数控加工工艺',
  '焊接技术',
  '工业机器人运维',
  '电工技能',
  '质量管理',
  '安全生产',
  '精益生产',
  '智能制造',
  'PLC 编程',
];
const OCCUPATIONS = [
  '车工',
  '钳工',
  '焊工',
  '电工',
  '数控车工',
  '维修电工',
  '工业机器人系统运维员',
  '化学检验员',
  '汽车维修工',
  '茶艺师',
];

export interface RecordCounts {
  [registry: string]: number;
}

/** Rows per scale unit. */
export const RECORDS_PER_UNIT = {
  studios: 100,
  workstations: 50,
  academies: 20,
  training_sessions: 400,
  alliances: 30,
  alliance_projects: 30,
  candidates: 30,
  competitions: 100,
  upgrades: 100,
  grants: 100,
  wage_negotiations: 100,
} as const;

const arr = (xs: string[]) => sql`${`{${xs.map((x) => `"${x}"`).join(',')}}`}::text[]`;
const pick = (xs: string[], expr: ReturnType<typeof sql>) =>
  sql`(${arr(xs)})[1 + ((${expr}) % ${xs.length})]`;

/**
 * Adds `scale` units of records. Years: the plan year and the ones around it; dates of the
 * current year stop at `today`. Owners are the counties (most), the cities and the province.
 */
export async function seedRecords(db: Db, opts: { scale: number; years?: number[]; today?: string }) {
  const years = opts.years ?? [2024, 2025, 2026];
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const n = (k: keyof typeof RECORDS_PER_UNIT) => Math.round(RECORDS_PER_UNIT[k] * opts.scale);
  const yearsSql = sql`${`{${years.join(',')}}`}::int[]`;
  // A deterministic date within the row's year, never after today.
  const dateIn = (g: ReturnType<typeof sql>, year: ReturnType<typeof sql>) =>
    sql`least(make_date(${year}, 1, 1) + ((${g}) * 37 % 365), ${today}::date)`;
  const year = (g: ReturnType<typeof sql>) => sql`(${yearsSql})[1 + ((${g}) % ${years.length})]`;

  // Owners: the counties (index by row), with their first enterprises.
  await db.execute(sql`drop table if exists pg_temp.seed_owners`);
  await db.execute(sql`
    create temp table seed_owners as
    select row_number() over (order by c.sort_order, c.id) - 1 as i, c.id, c.path,
      (select array_agg(e.id order by e.id) from organizations e where e.parent_id = c.id and e.kind = 'enterprise' and e.deleted_at is null) as ents
    from organizations c where c.kind = 'county' and c.deleted_at is null`);
  const [{ k }] = (await db.execute(sql`select count(*)::int as k from seed_owners`)).rows as { k: number }[];
  const owner = (g: ReturnType<typeof sql>) => sql`join seed_owners o on o.i = (${g}) % ${k}`;
  const ent = sql`o.ents[1 + (g % greatest(coalesce(array_length(o.ents, 1), 1), 1))]`;
  const person = sql`${pick(SURNAMES, sql`g`)} || ${pick(GIVEN, sql`g / 7`)}`;

  await db.execute(sql`
    insert into studios (org_id, org_path, name, level, year, batch, leader_name, leader_honours, enterprise_id, industry_chain, focus, member_count, status, created_at, updated_at)
    select o.id, o.path,
      ${pick(FOCUS, sql`g`)} || ${pick(CHAINS, sql`g / 10`)} || '劳模工匠创新工作室（' || g || '）',
      (array['provincial','city','county','enterprise','provincial','county','city','national'])[1 + (g * 7) % 8],
      ${year(sql`g`)}, '第' || (1 + g % 3) || '批', ${person}, (array['浙江工匠','省级劳模','全国劳模','浙江杰出工匠'])[1 + g % 4],
      ${ent}, ${pick(CHAINS, sql`g / 10`)}, ${pick(FOCUS, sql`g / 3`)}, 5 + g % 20,
      (array['active','active','active','reconfirming','revoked'])[1 + g % 5],
      ${dateIn(sql`g`, year(sql`g`))}, now()
    from generate_series(1, ${n('studios')}) g ${owner(sql`g`)}`);

  await db.execute(sql`
    insert into workstations (org_id, org_path, name, enterprise_id, level, year, created_at, updated_at)
    select o.id, o.path, ${pick(CHAINS, sql`g`)} || '职工创新工作站（' || g || '）', ${ent},
      (array['provincial','city','county'])[1 + g % 3], ${year(sql`g`)}, ${dateIn(sql`g`, year(sql`g`))}, now()
    from generate_series(1, ${n('workstations')}) g ${owner(sql`g`)}
    where ${ent} is not null`);

  await db.execute(sql`
    insert into academies (org_id, org_path, name, kind, level, year_established, host_name, created_at, updated_at)
    select o.id, o.path, ${pick(CHAINS, sql`g`)} || (case when g % 3 = 0 then '实训基地' else '工匠学院' end) || '（' || g || '）',
      case when g % 3 = 0 then 'training_base' else 'academy' end,
      (array['county','city','provincial_site','enterprise','county'])[1 + g % 5],
      ${year(sql`g`)} - (g % 3), '依托单位' || g, ${dateIn(sql`g`, sql`(${year(sql`g`)} - (g % 3))`)}, now()
    from generate_series(1, ${n('academies')}) g ${owner(sql`g * 7`)}`);

  await db.execute(sql`
    insert into training_sessions (org_id, org_path, academy_id, course, triz, start_date, person_times, demonstration, mountain_island, created_at, updated_at)
    select a.org_id, a.org_path, a.id, ${pick(COURSES, sql`g`)} || '（第' || g || '期）', g % 10 = 0,
      ${dateIn(sql`g`, year(sql`g`))}, 20 + g % 180, g % 40 = 0, g % 4 = 0, now(), now()
    from generate_series(1, ${n('training_sessions')}) g
    join (select row_number() over (order by id) - 1 as i, id, org_id, org_path from academies where deleted_at is null) a
      on a.i = g % greatest((select count(*) from academies where deleted_at is null), 1)`);

  await db.execute(sql`
    insert into alliances (org_id, org_path, name, batch, year, member_studio_count, industry_chain, created_at, updated_at)
    select o.id, o.path, ${pick(CHAINS, sql`g`)} || '创新工作室联盟（' || g || '）', (array['1','2','2','3'])[1 + g % 4],
      ${year(sql`g`)}, 3 + g % 10, ${pick(CHAINS, sql`g`)}, ${dateIn(sql`g`, year(sql`g`))}, now()
    from generate_series(1, ${n('alliances')}) g ${owner(sql`g * 3`)}`);

  await db.execute(sql`
    insert into alliance_projects (org_id, org_path, title, alliance_id, year, status, top_ten, summary, created_at, updated_at)
    select a.org_id, a.org_path, ${pick(FOCUS, sql`g`)} || '联合攻关（' || g || '）', a.id, ${year(sql`g`)},
      (array['proposed','funded','ongoing','completed'])[1 + g % 4], g % 9 = 0, '围绕' || ${pick(CHAINS, sql`g`)} || '开展技术攻关', ${dateIn(sql`g`, year(sql`g`))}, now()
    from generate_series(1, ${n('alliance_projects')}) g
    join (select row_number() over (order by id) - 1 as i, id, org_id, org_path from alliances where deleted_at is null) a
      on a.i = g % greatest((select count(*) from alliances where deleted_at is null), 1)`);

  // Row-numbered ids of studios and projects, for records that point to them.
  await db.execute(sql`drop table if exists pg_temp.seed_refs`);
  await db.execute(sql`
    create temp table seed_refs as
    select 's' as kind, row_number() over (order by id) - 1 as i, id from studios where deleted_at is null
    union all
    select 'p', row_number() over (order by id) - 1, id from alliance_projects where deleted_at is null`);
  await db.execute(sql`create index on seed_refs (kind, i)`);
  const counts = Object.fromEntries(
    (
      (await db.execute(sql`select kind, count(*)::int as n from seed_refs group by kind`)).rows as {
        kind: string;
        n: number;
      }[]
    ).map((r) => [r.kind, r.n]),
  ) as { s?: number; p?: number };
  counts.s ??= 0;
  counts.p ??= 0;

  await db.execute(sql`
    insert into candidates (org_id, org_path, name, year, field, employer_id, studio_id, created_at, updated_at)
    select p.id, p.path, ${person} || g, ${year(sql`g`)}, ${pick(FOCUS, sql`g`)}, ${ent},
      case when g % 10 = 0 then null else (select id from seed_refs r where r.kind = 's' and r.i = g % greatest(${counts.s}, 1)) end,
      ${dateIn(sql`g`, year(sql`g`))}, now()
    from generate_series(1, ${n('candidates')}) g ${owner(sql`g`)}
    cross join (select id, path from organizations where kind = 'province') p`);

  await db.execute(sql`
    insert into cohorts (org_id, org_path, name, year, start_date, participants, created_at, updated_at)
    select p.id, p.path, y || ' 年大国工匠浙江培育对象培育行动第' || s || '期', y, make_date(y, 3 + s * 4, 10), 40 + s * 5, now(), now()
    from unnest(${yearsSql}) y cross join generate_series(1, 2) s
    cross join (select id, path from organizations where kind = 'province') p
    where make_date(y, 3 + s * 4, 10) <= ${today}::date`);

  await db.execute(sql`
    insert into competitions (org_id, org_path, name, level, occupation, organiser, start_date, participants, promotions, created_at, updated_at)
    select o.id, o.path, ${pick(OCCUPATIONS, sql`g`)} || '职业技能竞赛（' || g || '）', (array['provincial','city','county','provincial','national'])[1 + g % 5],
      ${pick(OCCUPATIONS, sql`g`)}, '总工会', ${dateIn(sql`g`, year(sql`g`))}, 200 + (g * 13) % 20000, 10 + (g * 7) % 1000, now(), now()
    from generate_series(1, ${n('competitions')}) g ${owner(sql`g`)}`);

  await db.execute(sql`
    insert into upgrades (org_id, org_path, kind, period_start, period_end, people, evidence, created_at, updated_at)
    select o.id, o.path, case when g % 2 = 0 then 'education' else 'skill' end,
      ${dateIn(sql`g`, year(sql`g`))} - 30, ${dateIn(sql`g`, year(sql`g`))}, 5 + (g * 11) % 300, '名单与证书', now(), now()
    from generate_series(1, ${n('upgrades')}) g ${owner(sql`g`)}`);

  await db.execute(sql`
    insert into grants (org_id, org_path, recipient_kind, recipient_name, studio_id, project_id, amount, year, source_level, purpose, tranche, paid_on, created_at, updated_at)
    select p.id, p.path, k.kind, k.kind || '-' || g,
      case when k.kind = 'studio' then (select id from seed_refs r where r.kind = 's' and r.i = g % greatest(${counts.s}, 1)) end,
      case when k.kind = 'alliance_project' then (select id from seed_refs r where r.kind = 'p' and r.i = g % greatest(${counts.p}, 1)) end,
      10000 + (g * 97) % 200000, ${year(sql`g`)}, (array['provincial','city','county'])[1 + g % 3],
      case k.kind when 'studio' then 'studio_funding' when 'alliance_project' then 'research' when 'service_team' then 'assist_enterprises' else 'other' end,
      1 + g % 3, ${dateIn(sql`g`, year(sql`g`))}, ${dateIn(sql`g`, year(sql`g`))}, now()
    from generate_series(1, ${n('grants')}) g
    cross join lateral (select (array['studio','alliance_project','service_team','studio','other'])[1 + g % 5] as kind) k
    cross join (select id, path from organizations where kind = 'province') p`);

  await db.execute(sql`
    insert into wage_negotiations (org_id, org_path, enterprise_id, year, signed_on, contract_kind, created_at, updated_at)
    select o.id, o.path, ${ent}, ${year(sql`g`)}, ${dateIn(sql`g`, year(sql`g`))}, 'enterprise', ${dateIn(sql`g`, year(sql`g`))}, now()
    from generate_series(1, ${n('wage_negotiations')}) g ${owner(sql`g`)}
    where ${ent} is not null`);

  // Each city's coordination mechanism (all but two), and the province's exchange mechanism.
  await db.execute(sql`
    insert into mechanisms (org_id, org_path, kind, established_on, document_title, partners, created_at, updated_at)
    select c.id, c.path, 'coordination', make_date(${years[0]}::int, 3 + (c.id % 8)::int, 15), c.short_name || '职工创新工作协同机制实施意见', '科技、经信、人社、教育', now(), now()
    from organizations c where c.kind = 'city' and c.code not in ('330800', '331100')
      and not exists (select 1 from mechanisms m where m.org_id = c.id and m.kind = 'coordination' and m.deleted_at is null)`);
  await db.execute(sql`drop table if exists pg_temp.seed_owners`);
  await db.execute(sql`drop table if exists pg_temp.seed_refs`);
}
