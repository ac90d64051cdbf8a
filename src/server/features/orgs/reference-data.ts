// The organisations every installation has, demo or not: 浙江省总工会 with the departments,
// centre and academy the 2025 plan names, the 11 city and 90 county federations keyed by
// their GB/T 2260 codes, and the 山区海岛县 lists of 2024 and 2025. Idempotent.
import { ensurePlans } from '../targets/plans.seed.ts';
import { eq } from 'drizzle-orm';
import { DIVISIONS } from '#shared/orgs.ts';
import type { Db } from '../../db/client.ts';
import { mountainIslandLists, mountainIslandMembers, organizations } from '../../db/schema/orgs.ts';
import { insertOrg, orgByCode } from './orgs.tree.ts';

export const PROVINCE_CODE = '330000';

/** Departments and units of 浙江省总工会 named by the plan, with stable codes. */
export const PROVINCE_UNITS = [
  { code: '330000-LJB', kind: 'department', name: '省总工会劳动和经济工作部', shortName: '劳动和经济工作部' },
  { code: '330000-XJB', kind: 'department', name: '省总工会宣传教育部', shortName: '宣传教育部' },
  { code: '330000-XCB', kind: 'department', name: '省总工会宣传部', shortName: '宣传部' },
  { code: '330000-FLB', kind: 'department', name: '省总工会法律工作部', shortName: '法律工作部' },
  {
    code: '330000-WLZX',
    kind: 'centre',
    name: '职工技术协作与网络中心',
    shortName: '职工技术协作与网络中心',
  },
  {
    code: '330000-GJXY',
    kind: 'academy',
    name: '浙江工匠学院（省总工会干部学校）',
    shortName: '浙江工匠学院',
  },
] as const;

export const MOUNTAIN_ISLAND_LISTS = [
  {
    year: 2024,
    effectiveFrom: '2024-08-21',
    title: '山区海岛县（25 县）',
    source:
      '2024-08-21 浙江省山海协作工程暨山区海岛县高质量发展推进会：建立山区海岛县分类动态调整机制，平阳县、柯城区、莲都区调出，洞头区、嵊泗县（海岛县）调入',
    flag: 'mountainIsland2024' as const,
  },
  {
    year: 2025,
    effectiveFrom: '2025-05-28',
    title: '山区海岛县（22 县）',
    source: '2025-05-28 全省山区海岛县高质量发展推进会：第二轮调整，永嘉县、苍南县、江山市调出',
    flag: 'mountainIsland2025' as const,
  },
];

export async function ensureReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    let province = await orgByCode(t, PROVINCE_CODE);
    if (province) return;
    const provinceDiv = DIVISIONS.find((d) => d.level === 'province')!;
    province = await insertOrg(t, null, {
      kind: 'province',
      code: PROVINCE_CODE,
      name: '浙江省总工会',
      shortName: '省总工会',
      divisionCode: provinceDiv.code,
      divisionType: provinceDiv.type,
    });
    let order = 0;
    for (const u of PROVINCE_UNITS) {
      await insertOrg(t, province, { ...u, divisionCode: PROVINCE_CODE, sortOrder: order++ });
    }
    const cityRows = new Map<string, Awaited<ReturnType<typeof insertOrg>>>();
    for (const d of DIVISIONS.filter((x) => x.level === 'prefecture')) {
      cityRows.set(
        d.code,
        await insertOrg(t, province, {
          kind: 'city',
          code: d.code,
          name: `${d.name}总工会`,
          shortName: d.name,
          divisionCode: d.code,
          divisionType: d.type,
          sortOrder: order++,
        }),
      );
    }
    const countyIds = new Map<string, number>();
    for (const d of DIVISIONS.filter((x) => x.level === 'county')) {
      const parent = cityRows.get(d.parent!)!;
      const row = await insertOrg(t, parent, {
        kind: 'county',
        code: d.code,
        name: `${d.name}总工会`,
        shortName: d.name,
        divisionCode: d.code,
        divisionType: d.type,
        isIsland: d.isIsland,
        isMountain26: d.isMountain26,
        sortOrder: order++,
      });
      countyIds.set(d.code, row.id);
    }
    for (const list of MOUNTAIN_ISLAND_LISTS) {
      const [l] = await t
        .insert(mountainIslandLists)
        .values({
          year: list.year,
          effectiveFrom: list.effectiveFrom,
          title: list.title,
          source: list.source,
        })
        .returning();
      const members = DIVISIONS.filter((d) => d.level === 'county' && d[list.flag]).map((d) => ({
        listId: l.id,
        orgId: countyIds.get(d.code)!,
        category: d.mountainIslandCategory === '海岛县' ? 'island' : 'mountain',
      }));
      await t.insert(mountainIslandMembers).values(members);
    }
  });
  await ensurePlans(db);
}

export async function provinceOrg(db: Db) {
  const [row] = await db.select().from(organizations).where(eq(organizations.code, PROVINCE_CODE));
  return row;
}
