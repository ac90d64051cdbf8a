// The organisation tree: the federation's own units, cities, counties, industry unions and
// enterprises, each seen only by users whose organisation lies above it.
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableName,
  ilike,
  isNull,
  lte,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { industryDivisionSection, type MountainIslandCategory } from '#shared/orgs.ts';
import { maskPhone } from '#shared/validators.ts';
import { mountainIslandLists, mountainIslandMembers, organizations } from '../../db/schema/orgs.ts';
import { users } from '../../db/schema/users.ts';
import { writeAudit } from '../../lib/audit.ts';
import {
  assertPermission,
  type AuthedContext,
  hasPermission,
  inTransaction,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { updateVersioned } from '../../lib/optimistic.ts';
import { offsetOf, type Page } from '../../lib/pagination.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { insertOrg } from './orgs.tree.ts';
import type { OrgKind } from '#shared/orgs.ts';

type OrgRow = typeof organizations.$inferSelect;

/** Members of the 山区海岛县 list in force for `year` (the latest list not after it). */
export async function mountainIslandMap(
  ctx: ServiceContext,
  year?: number,
): Promise<Map<number, MountainIslandCategory>> {
  const [list] = await ctx.db
    .select({ id: mountainIslandLists.id })
    .from(mountainIslandLists)
    .where(year ? lte(mountainIslandLists.year, year) : undefined)
    .orderBy(desc(mountainIslandLists.year))
    .limit(1);
  const map = new Map<number, MountainIslandCategory>();
  if (!list) return map;
  const rows = await ctx.db
    .select()
    .from(mountainIslandMembers)
    .where(eq(mountainIslandMembers.listId, list.id));
  for (const r of rows) map.set(r.orgId, r.category as MountainIslandCategory);
  return map;
}

function toDto(row: OrgRow, mi: Map<number, MountainIslandCategory>, revealPhone = false) {
  const { path, altPath: _alt, createdAt: _c, updatedAt: _u, deletedAt: _d, sortOrder: _s, ...rest } = row;
  return {
    ...rest,
    path,
    mountainIsland: mi.get(row.id) ?? null,
    contactPhone: revealPhone ? row.contactPhone : maskPhone(row.contactPhone),
  };
}

const live = isNull(organizations.deletedAt);
const LATEST_LIST = sql`(select ${mountainIslandLists.id} from ${mountainIslandLists} order by ${mountainIslandLists.year} desc limit 1)`;

/** The tree above enterprises (province, units, cities, counties, industry unions) within the actor's scope. */
export async function getOrgTree(ctx: ServiceContext, opts: { year?: number }) {
  assertPermission(ctx, 'read:org:subtree');
  const scope = inScope(ctx.actor, organizations.path, organizations.altPath);
  // Units above the actor's own (its city and province) are shown so the tree has its root.
  const ancestors = ctx.actor.orgPath.split('/').filter(Boolean).map(Number);
  const rows = await ctx.db
    .select()
    .from(organizations)
    .where(
      and(
        live,
        ne(organizations.kind, 'enterprise'),
        or(
          scope,
          sql`${organizations.id} in (${sql.join(
            ancestors.map((a) => sql`${a}`),
            sql`, `,
          )})`,
        ),
      ),
    )
    .orderBy(asc(organizations.depth), asc(organizations.sortOrder), asc(organizations.code));
  const counts = await ctx.db
    .select({ parentId: organizations.parentId, n: count() })
    .from(organizations)
    .where(and(live, eq(organizations.kind, 'enterprise'), scope))
    .groupBy(organizations.parentId);
  const unionCounts = await ctx.db
    .select({ parentId: organizations.industryUnionId, n: count() })
    .from(organizations)
    .where(and(live, eq(organizations.kind, 'enterprise'), scope))
    .groupBy(organizations.industryUnionId);
  // A county counts the enterprises under it; an industry union those that belong to it.
  const byParent = new Map([...counts, ...unionCounts].map((c) => [c.parentId, c.n]));
  const mi = await mountainIslandMap(ctx, opts.year);
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parentId,
    kind: r.kind as OrgKind,
    code: r.code,
    name: r.name,
    shortName: r.shortName,
    divisionType: r.divisionType,
    isIsland: r.isIsland,
    isMountain26: r.isMountain26,
    mountainIsland: mi.get(r.id) ?? null,
    enterpriseCount: byParent.get(r.id) ?? 0,
  }));
}

const SORTS = {
  name: organizations.name,
  code: organizations.code,
  createdAt: organizations.createdAt,
} as const;

export async function findOrgs(
  ctx: ServiceContext,
  q: {
    page: number;
    pageSize: number;
    kind?: OrgKind;
    parentId?: number;
    within?: number;
    q?: string;
    hasUnion?: 'true' | 'false';
    aboveScale?: 'true' | 'false';
    sort: keyof typeof SORTS;
    order: 'asc' | 'desc';
  },
): Promise<Page<ReturnType<typeof toDto>>> {
  assertPermission(ctx, 'read:org:subtree');
  // The list depends on the scope and the query only (no personal data is revealed in it):
  // cached until organisations or the 山区海岛县 lists are written (decision 013).
  const load = () => queryOrgs(ctx as AuthedContext, q);
  if (!ctx.reads) return load();
  return ctx.reads.read(`orgs:${ctx.actor.orgPath}:${JSON.stringify(q)}`, ORG_LIST_TABLES, load);
}

const ORG_LIST_TABLES = [
  getTableName(organizations),
  getTableName(mountainIslandMembers),
  getTableName(mountainIslandLists),
];

async function queryOrgs(
  ctx: AuthedContext,
  q: Parameters<typeof findOrgs>[1],
): Promise<Page<ReturnType<typeof toDto>>> {
  const where: SQL[] = [live, inScope(ctx.actor, organizations.path, organizations.altPath)];
  if (q.kind) where.push(eq(organizations.kind, q.kind));
  if (q.parentId) where.push(eq(organizations.parentId, q.parentId));
  if (q.within) {
    const root = await loadInScope(ctx, q.within);
    where.push(inScope({ orgPath: root.path }, organizations.path, organizations.altPath));
  }
  if (q.hasUnion) where.push(eq(organizations.hasUnion, q.hasUnion === 'true'));
  if (q.aboveScale === 'true')
    where.push(or(organizations.aboveScaleIndustry, organizations.aboveLimitService) as SQL);
  if (q.aboveScale === 'false') {
    where.push(
      and(eq(organizations.aboveScaleIndustry, false), eq(organizations.aboveLimitService, false)) as SQL,
    );
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(
      or(
        ilike(organizations.name, like),
        ilike(organizations.code, like),
        ilike(organizations.uscc, like),
      ) as SQL,
    );
  }
  const cond = and(...where);
  const col = SORTS[q.sort];
  // One query: the page, its total (window count) and each row's 山区海岛县 category.
  const rows = await ctx.db
    .select({
      o: organizations,
      category: mountainIslandMembers.category,
      total: sql<number>`count(*) over()`,
    })
    .from(organizations)
    .leftJoin(
      mountainIslandMembers,
      and(eq(mountainIslandMembers.orgId, organizations.id), eq(mountainIslandMembers.listId, LATEST_LIST)),
    )
    .where(cond)
    .orderBy(q.order === 'desc' ? desc(col) : asc(col), asc(organizations.id))
    .limit(q.pageSize)
    .offset(offsetOf(q));
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && q.page > 1)
    [{ n: total }] = await ctx.db.select({ n: count() }).from(organizations).where(cond);
  const items = rows.map((r) =>
    toDto(r.o, new Map(r.category ? [[r.o.id, r.category as MountainIslandCategory]] : [])),
  );
  return { items, total: Number(total), page: q.page, pageSize: q.pageSize };
}

async function loadInScope(ctx: ServiceContext, id: number): Promise<OrgRow> {
  assertPermission(ctx, 'read:org:subtree');
  const [row] = await ctx.db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), live));
  if (!row || !isInScope(ctx.actor, row.path, row.altPath)) throw notFound('组织');
  return row;
}

/** One organisation; `reveal` shows the full contact phone to holders of pii:view, audited. */
export async function getOrg(ctx: ServiceContext, id: number, opts: { reveal?: boolean } = {}) {
  const row = await loadInScope(ctx, id);
  let reveal = false;
  if (opts.reveal) {
    if (!hasPermission(ctx, 'pii:view'))
      throw new AppError('FORBIDDEN', '没有查看完整个人信息的权限（pii:view）');
    reveal = true;
    await writeAudit(ctx, {
      event: 'pii.view',
      objectType: 'organization',
      objectId: id,
      detail: { fields: ['contactPhone'] },
    });
  }
  return toDto(row, await mountainIslandMap(ctx), reveal);
}

async function assertIndustryUnion(
  ctx: ServiceContext,
  id: number | null | undefined,
): Promise<OrgRow | null> {
  if (id === null || id === undefined) return null;
  const [iu] = await ctx.db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), live));
  if (iu?.kind !== 'industry_union')
    throw invalid('所选产业工会不存在', [{ path: 'industryUnionId', message: '不存在' }]);
  return iu;
}

function assertDivision(code: string) {
  const section = industryDivisionSection(code);
  if (!section)
    throw invalid(`行业大类 ${code} 不在 GB/T 4754-2017 中`, [
      { path: 'industryDivision', message: '不存在的行业大类' },
    ]);
  return section;
}

async function assertUsccFree(ctx: ServiceContext, uscc: string, exceptId?: number) {
  const [dup] = await ctx.db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.uscc, uscc), live, exceptId ? ne(organizations.id, exceptId) : undefined));
  if (dup) throw conflict(`统一社会信用代码 ${uscc} 已登记`, [{ path: 'uscc', message: '已登记' }]);
}

/** Registers an enterprise under a county in the actor's scope. */
export async function createEnterprise(
  ctx: ServiceContext,
  input: {
    countyId: number;
    name: string;
    uscc: string;
    industryDivision: string;
    industryUnionId?: number | null;
    aboveScaleIndustry: boolean;
    aboveLimitService: boolean;
    hasUnion: boolean;
    reformPilot: boolean;
    address?: string | null;
    contactName?: string | null;
    contactPhone?: string | null;
  },
) {
  assertPermission(ctx, 'manage:enterprise:subtree');
  const county = await loadInScope(ctx, input.countyId);
  if (county.kind !== 'county')
    throw invalid('企业须登记在县（市、区）总工会之下', [{ path: 'countyId', message: '不是县级组织' }]);
  const section = assertDivision(input.industryDivision);
  const { countyId: _c, ...fields } = input;
  return inTransaction(ctx, async (tx) => {
    await assertUsccFree(tx, input.uscc);
    const iu = await assertIndustryUnion(tx, input.industryUnionId);
    const row = await insertOrg(
      tx.db,
      county,
      {
        ...fields,
        kind: 'enterprise',
        code: input.uscc,
        industrySection: section,
        divisionCode: county.divisionCode,
      },
      iu?.path ?? null,
    );
    await writeAudit(tx, {
      event: 'org.create',
      objectType: 'organization',
      objectId: row.id,
      detail: { kind: 'enterprise' },
    });
    return toDto(row, new Map());
  });
}

/** Edits an organisation (with its version). Enterprise facts only on enterprises. */
export async function updateOrg(
  ctx: ServiceContext,
  id: number,
  input: { version: number } & Record<string, unknown>,
) {
  const row = await loadInScope(ctx, id);
  const isEnterprise = row.kind === 'enterprise';
  assertPermission(ctx, isEnterprise ? 'manage:enterprise:subtree' : 'manage:org:subtree');
  const { version, ...values } = input;
  const enterpriseOnly = [
    'uscc',
    'industryDivision',
    'industryUnionId',
    'aboveScaleIndustry',
    'aboveLimitService',
    'hasUnion',
    'reformPilot',
  ];
  if (!isEnterprise) {
    const bad = Object.keys(values).filter((k) => enterpriseOnly.includes(k));
    if (bad.length)
      throw invalid(
        `只有企业有这些字段：${bad.join('、')}`,
        bad.map((p) => ({ path: p, message: '仅企业可填' })),
      );
  }
  return inTransaction(ctx, async (tx) => {
    const set: Record<string, unknown> = { ...values };
    if (typeof values.industryDivision === 'string')
      set.industrySection = assertDivision(values.industryDivision);
    if (typeof values.uscc === 'string') {
      await assertUsccFree(tx, values.uscc, id);
      set.code = values.uscc;
    }
    if ('industryUnionId' in values) {
      const iu = await assertIndustryUnion(tx, values.industryUnionId as number | null);
      set.altPath = iu?.path ?? null;
    }
    const updated = await updateVersioned(tx.db, organizations, id, version, set, ctx.clock.now());
    await writeAudit(tx, {
      event: 'org.update',
      objectType: 'organization',
      objectId: id,
      detail: { fields: Object.keys(values) },
    });
    return toDto(updated, await mountainIslandMap(tx));
  });
}

/** Soft-deletes an enterprise (its history stays in the audit trail). */
export async function deleteEnterprise(ctx: ServiceContext, id: number, version: number) {
  const row = await loadInScope(ctx, id);
  assertPermission(ctx, 'manage:enterprise:subtree');
  if (row.kind !== 'enterprise') throw new AppError('INVALID_STATE', '只能删除企业；工会组织不可删除');
  const [{ n }] = await ctx.db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.orgId, id), eq(users.status, 'active')));
  if (n > 0)
    throw new AppError('INVALID_STATE', `该企业还有 ${n} 个启用的账号，请先停用或调到其他单位后再删除`);
  await inTransaction(ctx, async (tx) => {
    await updateVersioned(
      tx.db,
      organizations,
      id,
      version,
      { deletedAt: ctx.clock.now(), active: false },
      ctx.clock.now(),
    );
    await writeAudit(tx, { event: 'org.delete', objectType: 'organization', objectId: id });
  });
}

/** Adds a provincial industry union (an editable list kept by the province). */
export async function createIndustryUnion(
  ctx: ServiceContext,
  input: { name: string; shortName?: string | null; code: string },
) {
  assertPermission(ctx, 'manage:industry-union:all');
  const [province] = await ctx.db.select().from(organizations).where(eq(organizations.kind, 'province'));
  return inTransaction(ctx, async (tx) => {
    const [dup] = await tx.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.code, input.code));
    if (dup) throw conflict(`代码 ${input.code} 已被使用`, [{ path: 'code', message: '已被使用' }]);
    const row = await insertOrg(tx.db, province, {
      ...input,
      kind: 'industry_union',
      divisionCode: province.divisionCode,
    });
    await writeAudit(tx, {
      event: 'org.create',
      objectType: 'organization',
      objectId: row.id,
      detail: { kind: 'industry_union' },
    });
    return toDto(row, new Map());
  });
}

/** Every yearly 山区海岛县 list with its members. */
export async function findMountainIslandLists(ctx: ServiceContext) {
  assertPermission(ctx, 'read:org:subtree');
  const lists = await ctx.db.select().from(mountainIslandLists).orderBy(desc(mountainIslandLists.year));
  const members = await ctx.db
    .select({
      listId: mountainIslandMembers.listId,
      orgId: organizations.id,
      code: organizations.code,
      name: organizations.name,
      category: mountainIslandMembers.category,
    })
    .from(mountainIslandMembers)
    .innerJoin(organizations, eq(organizations.id, mountainIslandMembers.orgId))
    .orderBy(asc(organizations.code));
  return lists.map(({ createdAt: _c, updatedAt: _u, ...l }) => ({
    ...l,
    members: members
      .filter((m) => m.listId === l.id)
      .map(({ listId: _l, ...m }) => ({ ...m, category: m.category as MountainIslandCategory })),
  }));
}

/** Creates or replaces the list of a year (province only). */
export async function saveMountainIslandList(
  ctx: ServiceContext,
  year: number,
  input: {
    version?: number;
    effectiveFrom: string;
    title: string;
    source?: string | null;
    members: { orgId: number; category: MountainIslandCategory }[];
  },
) {
  assertPermission(ctx, 'manage:mountain-island:all');
  const ids = input.members.map((m) => m.orgId);
  if (new Set(ids).size !== ids.length)
    throw invalid('名单中有重复的县', [{ path: 'members', message: '重复' }]);
  return inTransaction(ctx, async (tx) => {
    if (ids.length) {
      const counties = await tx.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(
          and(
            eq(organizations.kind, 'county'),
            sql`${organizations.id} in (${sql.join(
              ids.map((i) => sql`${i}`),
              sql`, `,
            )})`,
          ),
        );
      if (counties.length !== ids.length)
        throw invalid('名单只能包含县（市、区）', [{ path: 'members', message: '含非县级组织' }]);
    }
    const [existing] = await tx.db
      .select()
      .from(mountainIslandLists)
      .where(eq(mountainIslandLists.year, year));
    let listId: number;
    const now = ctx.clock.now();
    if (existing) {
      if (input.version === undefined)
        throw invalid('修改已有名单须提供 version', [{ path: 'version', message: '必填' }]);
      const row = await updateVersioned(
        tx.db,
        mountainIslandLists,
        existing.id,
        input.version,
        {
          effectiveFrom: input.effectiveFrom,
          title: input.title,
          source: input.source ?? null,
        },
        now,
      );
      listId = row.id;
      await tx.db.delete(mountainIslandMembers).where(eq(mountainIslandMembers.listId, listId));
    } else {
      const [row] = await tx.db
        .insert(mountainIslandLists)
        .values({
          year,
          effectiveFrom: input.effectiveFrom,
          title: input.title,
          source: input.source ?? null,
        })
        .returning();
      listId = row.id;
    }
    if (input.members.length) {
      await tx.db.insert(mountainIslandMembers).values(input.members.map((m) => ({ listId, ...m })));
    }
    await writeAudit(tx, {
      event: 'mountain_island.save',
      objectType: 'mountain_island_list',
      objectId: year,
      detail: { members: ids.length },
    });
    const all = await findMountainIslandLists(tx);
    return all.find((l) => l.year === year)!;
  });
}
