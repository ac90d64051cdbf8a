// The demo province: industry unions, enterprises in every county, and the demo accounts
// (password Demo@2025). Created only in demo mode, deterministic, built with the factories.
import type { Db } from '../../db/client.ts';
import { DIVISIONS } from '#shared/orgs.ts';
import type { Role } from '#shared/roles.ts';
import type { KdfParams } from '../../lib/crypto.ts';
import { copyPlanRows } from '../targets/plans.seed.ts';
import { makeEnterprise, makeIndustryUnion, makeUser, orgByCodeOrThrow, userByName } from './factories.ts';
import { seedRecords } from './records.seed.ts';
import { seedSharingDemo } from '../sharing/sharing.demo.ts';

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
    org: 'enterprise:330127:1',
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
        if (i === 1) firstEnterprise.set(c.code, e.id);
      }
    });
    done += perCounty;
    opts.progress?.(done, total);
  }
  await seedSharingDemo(db, [...firstEnterprise.values()]);
  for (const a of DEMO_ACCOUNTS) {
    const orgId = a.org.startsWith('enterprise:')
      ? firstEnterprise.get(a.org.split(':')[1])!
      : (await orgByCodeOrThrow(db, a.org)).id;
    await makeUser(db, {
      orgId,
      username: a.username,
      displayName: a.displayName,
      roles: a.roles,
      password: DEMO_PASSWORD,
      kdf: opts.kdf,
    });
  }
  opts.log?.('正在生成演示台账记录与 2026 年度方案…');
  await seedRecords(db, { scale: opts.recordScale ?? 1 });
  await copyPlanRows(db, 2025, 2026);
  return true;
}
