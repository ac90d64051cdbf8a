// The demo province: industry unions, enterprises in every county, and the demo accounts
// (password Demo@2025). Created only in demo mode, deterministic, built with the factories.
import type { Db } from '../../db/client.ts';
import { DIVISIONS } from '#shared/orgs.ts';
import type { Role } from '#shared/roles.ts';
import type { KdfParams } from '../../lib/crypto.ts';
import { seedSharingDemo } from '../sharing/sharing.demo.ts';
import { copyPlanRows } from '../targets/plans.seed.ts';
import {
  makeCraftsman,
  makeDemand,
  makeEnterprise,
  makeIndustryUnion,
  makeServiceTeam,
  makeUser,
  orgByCodeOrThrow,
  userByName,
} from './factories.ts';
import { seedRecords } from './records.seed.ts';
import { eq } from 'drizzle-orm';
import { DEFAULT_CRITERIA } from '#shared/challenges.ts';
import { grants } from '../../db/schema/registries.ts';
import {
  challengeApplications,
  challengeEvents,
  challengeMilestones,
  challenges,
  dueJobs,
} from '../../db/schema/zhuqi.ts';
import { todayInChina } from '../../lib/clock.ts';

export const DEMO_PASSWORD = 'Demo@2025';

export const DEMO_INDUSTRY_UNIONS = [
  { code: 'IU-JXYJ', name: '浙江省机械冶金工会（演示）' },
  { code: 'IU-NYHX', name: '浙江省能源化学地质工会（演示）' },
  { code: 'IU-JSJC', name: '浙江省建设建材工会（演示）' },
];

export const DEMO_ACCOUNTS: { username: string; displayName: string; org: string; roles: Role[] }[] = [
  { username: 'province.admin', displayName: '省总管理员（演示）', org: '330000', roles: ['province_admin'] },
  { username: 'hangzhou.admin', displayName: '杭州市总管理员（演示）', org: '330100', roles: ['city_admin'] },
  { username: 'chunan.admin', displayName: '淳安县总管理员（演示）', org: '330127', roles: ['county_admin'] },
  {
    username: 'industry.admin',
    displayName: '产业工会管理员（演示）',
    org: 'IU-JXYJ',
    roles: ['industry_union_admin'],
  },
  {
    username: 'enterprise.demo',
    displayName: '企业联系人（演示）',
    org: 'enterprise:330127:1',
    roles: ['enterprise_contact'],
  },
  {
    username: 'craftsman.demo',
    displayName: '劳模工匠（演示）',
    // Another enterprise than enterprise.demo's: a craftsman is not dispatched to his own employer.
    org: 'enterprise:330127:2',
    roles: ['craftsman'],
  },
  { username: 'auditor.demo', displayName: '审计管理员（演示）', org: '330000', roles: ['audit_admin'] },
  { username: 'sysadmin.demo', displayName: '系统管理员（演示）', org: '330000', roles: ['system_admin'] },
  { username: 'security.demo', displayName: '安全管理员（演示）', org: '330000', roles: ['security_admin'] },
];

/** Enterprises per county: 5 in the demo, `5 × scale` for benchmarks. */
export async function seedDemo(
  db: Db,
  opts: {
    log?: (m: string) => void;
    scale?: number;
    kdf?: KdfParams;
    progress?: (done: number, total: number) => void;
    /** Units of registry records (≈ 1,100 each); 1 in the demo. */
    recordScale?: number;
  } = {},
): Promise<boolean> {
  if (await userByName(db, 'province.admin')) return false;
  const perCounty = 5 * (opts.scale ?? 1);
  const counties = DIVISIONS.filter((d) => d.level === 'county');
  const total = counties.length * perCounty;
  opts.log?.(`正在生成演示数据：${counties.length} 个县，每县 ${perCounty} 家企业…`);
  const unions: { id: number }[] = [];
  for (const u of DEMO_INDUSTRY_UNIONS) unions.push(await makeIndustryUnion(db, u.code, u.name));
  const firstEnterprise = new Map<string, number>();
  let done = 0;
  for (const c of counties) {
    await db.transaction(async (tx) => {
      for (let i = 1; i <= perCounty; i++) {
        const e = await makeEnterprise(tx as unknown as Db, {
          countyCode: c.code,
          seq: i,
          industryUnionId: i % 3 === 0 ? unions[i % unions.length].id : null,
          flags: c.code === '330127' && i === 1 ? { hasUnion: true, aboveScaleIndustry: true } : undefined,
        });
        if (i <= 3) firstEnterprise.set(i === 1 ? c.code : `${c.code}:${i}`, e.id);
      }
    });
    done += perCounty;
    opts.progress?.(done, total);
  }
  await seedSharingDemo(db, [...firstEnterprise.values()]);
  const accounts = new Map<string, number>();
  for (const a of DEMO_ACCOUNTS) {
    const [, code, seq] = a.org.split(':');
    const orgId = a.org.startsWith('enterprise:')
      ? firstEnterprise.get(seq && seq !== '1' ? `${code}:${seq}` : code)!
      : (await orgByCodeOrThrow(db, a.org)).id;
    const u = await makeUser(db, {
      orgId,
      username: a.username,
      displayName: a.displayName,
      roles: a.roles,
      password: DEMO_PASSWORD,
      kdf: opts.kdf,
    });
    accounts.set(a.username, u.id);
  }
  opts.log?.('正在生成演示台账记录与 2026 年度方案…');
  await seedRecords(db, { scale: opts.recordScale ?? 1 });
  await copyPlanRows(db, 2025, 2026);
  await seedZhuqi(db, {
    enterprise: firstEnterprise.get('330127')!,
    enterprise3: firstEnterprise.get('330127:3')!,
    craftsmanEmployer: firstEnterprise.get('330127:2')!,
    craftsmanUser: accounts.get('craftsman.demo')!,
    enterpriseUser: accounts.get('enterprise.demo')!,
    countyAdmin: accounts.get('chunan.admin')!,
  });
  return true;
}

/** 劳模工匠助企行 in 淳安: craftsmen (one linked to craftsman.demo), a team, demands in several states. */
async function seedZhuqi(
  db: Db,
  ids: {
    enterprise: number;
    enterprise3: number;
    craftsmanEmployer: number;
    craftsmanUser: number;
    enterpriseUser: number;
    countyAdmin: number;
  },
) {
  const wang = await makeCraftsman(db, {
    countyCode: '330127',
    name: '王建国',
    employerId: ids.craftsmanEmployer,
    userId: ids.craftsmanUser,
    skillLevel: 6,
    occupation: '6-18',
    honours: [{ id: 'zj-gongjiang', year: 2023 }],
    specialtyTags: ['数控机床', '节能改造'],
    specialties: '数控机床故障诊断、空压机与电机系统节能改造',
    industries: ['34', '35'],
    phone: '13800001234',
  });
  const li = await makeCraftsman(db, {
    countyCode: '330127',
    name: '李秀英',
    skillLevel: 7,
    occupation: '6-04',
    honours: [{ id: 'zj-model-worker', year: 2020 }],
    specialtyTags: ['纺织工艺', '质量管理'],
    specialties: '纺织印染工艺优化、质量管理体系',
    industries: ['17'],
  });
  const zhao = await makeCraftsman(db, {
    countyCode: '330127',
    name: '赵志强',
    skillLevel: 5,
    occupation: '6-31',
    specialtyTags: ['安全生产', '职业健康'],
    specialties: '车间安全隐患排查、职业病防护',
    industries: ['33'],
  });
  await makeCraftsman(db, {
    countyCode: '330106',
    name: '陈工匠（西湖）',
    skillLevel: 8,
    honours: [{ id: 'national-model-worker', year: 2020 }],
    specialtyTags: ['自动化产线'],
  });
  const team = await makeServiceTeam(db, {
    orgCode: '330127',
    name: '淳安县劳模工匠助企服务队',
    leaderId: li.id,
    memberIds: [wang.id, zhao.id],
    specialty: '节能降耗、工艺改进',
    foundedOn: '2025-03-01',
  });
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
  await makeDemand(db, {
    enterpriseId: ids.enterprise,
    title: '涂装线烘干能耗偏高',
    description: '涂装线烘干炉天然气单耗高于同行 20%，希望诊断热损失并提出改造方案。',
    category: '节能降耗',
    urgency: 'urgent',
    createdBy: ids.enterpriseUser,
    at: ago(2),
  });
  await makeDemand(db, {
    enterpriseId: ids.enterprise,
    title: '新员工技能培训',
    description: '新招 30 名操作工，希望劳模工匠开展数控设备操作与安全培训。',
    category: '职工技能',
    state: 'published',
    createdBy: ids.enterpriseUser,
    at: ago(5),
  });
  await makeDemand(db, {
    enterpriseId: ids.enterprise3,
    title: '染色工序色差控制',
    description: '批次间色差超标，返工率 8%，希望优化染色工艺参数。',
    category: '工艺设计质量',
    state: 'in_service',
    server: { teamId: team.id },
    at: ago(20),
  });
  await makeDemand(db, {
    enterpriseId: ids.enterprise,
    title: '空压机群控改造',
    description: '3 台螺杆空压机独立运行，空载率高，希望实施群控改造。',
    category: '设备改造',
    state: 'closed',
    server: { craftsmanId: wang.id },
    createdBy: ids.enterpriseUser,
    at: ago(60),
  });
  await seedChallenges(db, {
    teamId: team.id,
    teamName: team.name,
    craftsmanUser: ids.craftsmanUser,
    countyAdmin: ids.countyAdmin,
  });
}

/**
 * 揭榜挂帅 in 淳安: one open call, and one in progress — awarded to the county's service team,
 * its first milestone accepted and paid as tranche 1 in the grants ledger.
 */
async function seedChallenges(
  db: Db,
  ids: { teamId: number; teamName: string; craftsmanUser: number; countyAdmin: number },
) {
  const county = await orgByCodeOrThrow(db, '330127');
  const day = (n: number) => todayInChina(new Date(Date.now() + n * 86_400_000));
  const at = (n: number) => new Date(Date.now() + n * 86_400_000);
  const place = { orgId: county.id, orgPath: county.path, orgAltPath: null, createdBy: ids.countyAdmin };
  const [open] = await db
    .insert(challenges)
    .values({
      ...place,
      title: '涂装烘干工序节能共性难题',
      problem: '县内多家企业涂装线烘干炉天然气单耗偏高，热损失大，缺少系统的余热回收方案。',
      requirements: '提出可复制的烘干炉保温与余热回收方案，在两家企业验证，单耗下降 15% 以上。',
      fundYuan: '200000.00',
      applyBy: day(30),
      completeBy: day(240),
      criteria: [...DEFAULT_CRITERIA],
      state: 'published',
      publishedAt: at(-3),
      createdAt: at(-5),
      updatedAt: at(-3),
    })
    .returning();
  await db.insert(dueJobs).values({
    kind: 'challenge.deadline',
    refId: open.id,
    dueAt: new Date(Date.parse(`${open.applyBy}T00:00:00+08:00`) + 86_400_000),
  });
  const [run] = await db
    .insert(challenges)
    .values({
      ...place,
      title: '纺织印染色差控制攻关',
      problem: '染色工序批次间色差超标、返工率高，需要在线测色与工艺参数优化。',
      fundYuan: '150000.00',
      applyBy: day(-60),
      completeBy: day(120),
      criteria: [...DEFAULT_CRITERIA],
      state: 'in_progress',
      panelClosedAt: at(-50),
      awardedAt: at(-45),
      publishedAt: at(-90),
      createdAt: at(-95),
      updatedAt: at(-10),
    })
    .returning();
  const plan = [
    { title: '工艺诊断与方案设计', amountYuan: '50000.00', dueOn: day(-10) },
    { title: '在线测色系统上线', amountYuan: '60000.00', dueOn: day(60) },
    { title: '推广与验收', amountYuan: '40000.00', dueOn: day(120) },
  ];
  const [app] = await db
    .insert(challengeApplications)
    .values({
      challengeId: run.id,
      orgPath: run.orgPath,
      applicantType: 'team',
      teamId: ids.teamId,
      applicantKey: `team:${ids.teamId}`,
      applicantName: ids.teamName,
      proposal: '以在线测色为抓手，优化染色温度曲线与助剂配比，建立批次色差数据库。',
      plan: '诊断一个月、上线两个月、推广三个月',
      milestones: plan,
      state: 'awarded',
      submittedBy: ids.craftsmanUser,
      createdAt: at(-70),
      updatedAt: at(-45),
    })
    .returning();
  await db.update(challenges).set({ awardedApplicationId: app.id }).where(eq(challenges.id, run.id));
  const [grant] = await db
    .insert(grants)
    .values({
      orgId: county.id,
      orgPath: county.path,
      recipientKind: 'challenge',
      recipientName: `${ids.teamName}（揭榜挂帅：${run.title}）`,
      amount: '50000.00',
      year: Number(day(-8).slice(0, 4)),
      sourceLevel: 'county',
      purpose: 'assist_enterprises',
      tranche: 1,
      paidOn: day(-8),
      createdBy: ids.countyAdmin,
    })
    .returning();
  await db.insert(challengeMilestones).values(
    plan.map((m, i) => ({
      challengeId: run.id,
      orgPath: run.orgPath,
      seq: i + 1,
      title: m.title,
      amountYuan: m.amountYuan,
      dueOn: m.dueOn,
      state: i === 0 ? 'accepted' : 'pending',
      evidence: i === 0 ? '诊断报告与改造方案（演示）' : null,
      acceptedAt: i === 0 ? at(-8) : null,
      acceptedBy: i === 0 ? ids.countyAdmin : null,
      tranche: i === 0 ? 1 : null,
      grantId: i === 0 ? grant.id : null,
    })),
  );
  const events: [string, string | null, string, number][] = [
    ['create', null, 'draft', -95],
    ['publish', 'draft', 'published', -90],
    ['close', 'published', 'reviewing', -59],
    ['closePanel', 'reviewing', 'reviewing', -50],
    ['award', 'reviewing', 'awarded', -45],
    ['start', 'awarded', 'in_progress', -40],
    ['acceptMilestone', 'in_progress', 'in_progress', -8],
  ];
  await db.insert(challengeEvents).values([
    ...events.map(([action, fromState, toState, d]) => ({
      challengeId: run.id,
      orgPath: run.orgPath,
      at: at(d),
      userId: ids.countyAdmin,
      action,
      fromState,
      toState,
      detail: { seeded: true },
    })),
    {
      challengeId: open.id,
      orgPath: open.orgPath,
      at: at(-5),
      userId: ids.countyAdmin,
      action: 'create',
      fromState: null,
      toState: 'draft',
      detail: { seeded: true },
    },
    {
      challengeId: open.id,
      orgPath: open.orgPath,
      at: at(-3),
      userId: ids.countyAdmin,
      action: 'publish',
      fromState: 'draft',
      toState: 'published',
      detail: { seeded: true },
    },
  ]);
}
