// 资源清单: craftsmen (劳模工匠) and service teams (服务队). A craftsman is owned by the county
// union of the county they serve (its path scopes them; the employer's industry union is the
// second path); a team by its home organisation. Personal data is masked unless revealed.
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { maskIdCard, maskPhone } from '#shared/validators.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { userRoles, users } from '../../db/schema/users.ts';
import { assignments, craftsmen, demands, serviceTeamMembers, serviceTeams } from '../../db/schema/zhuqi.ts';
import { writeAudit } from '../../lib/audit.ts';
import {
  type AuthedContext,
  assertPermission,
  hasPermission,
  inTransaction,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { updateVersioned } from '../../lib/optimistic.ts';
import { pageOfRows } from '../../lib/pagination.ts';
import { todayInChina } from '../../lib/clock.ts';
import { inScope, isInScope } from '../../lib/scope.ts';

type CraftsmanRow = typeof craftsmen.$inferSelect;
type TeamRow = typeof serviceTeams.$inferSelect;
type Org = typeof organizations.$inferSelect;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export async function orgById(ctx: ServiceContext, id: number): Promise<Org | null> {
  const [o] = await ctx.db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), isNull(organizations.deletedAt)));
  return o ?? null;
}

/** An organisation the actor may attach a record to: exists, in scope, of one of `kinds`. */
async function orgInScope(ctx: AuthedContext, id: number, kinds: string[], field: string, label: string) {
  const o = await orgById(ctx, id);
  if (!o || !isInScope(ctx.actor, o.path, o.altPath) || !kinds.includes(o.kind))
    throw invalid(`${label}不存在或不在您的管辖范围内`, [{ path: field, message: '无效' }]);
  return o;
}

async function orgNames(ctx: ServiceContext, ids: (number | null | undefined)[]) {
  const set = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
  const m = new Map<number, string>();
  if (!set.length) return m;
  const rows = await ctx.db
    .select({
      id: organizations.id,
      name: organizations.name,
      shortName: organizations.shortName,
      kind: organizations.kind,
    })
    .from(organizations)
    .where(inArray(organizations.id, set));
  // Counties by their short name (淳安县, not 淳安县总工会); enterprises by their full name.
  for (const r of rows) m.set(r.id, r.kind === 'county' ? (r.shortName ?? r.name) : r.name);
  return m;
}

/** Open work per craftsman: offers waiting for an answer and demands in service (their own or their team's). */
export async function activeLoads(ctx: ServiceContext, ids: number[]): Promise<Map<number, number>> {
  const m = new Map<number, number>();
  if (!ids.length) return m;
  const offered = await ctx.db
    .select({ id: assignments.craftsmanId, n: count() })
    .from(assignments)
    .where(and(inArray(assignments.craftsmanId, ids), eq(assignments.state, 'offered')))
    .groupBy(assignments.craftsmanId);
  const serving = await ctx.db
    .select({ id: demands.serverCraftsmanId, n: count() })
    .from(demands)
    .where(
      and(
        inArray(demands.serverCraftsmanId, ids),
        inArray(demands.state, ['claimed', 'in_service', 'completed']),
      ),
    )
    .groupBy(demands.serverCraftsmanId);
  for (const r of [...offered, ...serving]) if (r.id) m.set(r.id, (m.get(r.id) ?? 0) + Number(r.n));
  return m;
}

function craftsmanDto(r: CraftsmanRow, names: Map<number, string>, load: number, reveal = false) {
  return {
    id: r.id,
    orgId: r.orgId,
    name: r.name,
    gender: r.gender,
    birthYear: r.birthYear,
    phone: reveal ? r.phone : maskPhone(r.phone),
    idNumber: reveal ? r.idNumber : maskIdCard(r.idNumber),
    employerId: r.employerId,
    employerName: r.employerName ?? (r.employerId ? (names.get(r.employerId) ?? null) : null),
    countyId: r.countyId,
    countyName: names.get(r.countyId) ?? '',
    occupation: r.occupation,
    skillLevel: r.skillLevel,
    honours: r.honours,
    specialtyTags: r.specialtyTags,
    specialties: r.specialties,
    industries: r.industries,
    monthlyCapacity: r.monthlyCapacity,
    unavailable: r.unavailable,
    employerConsent: r.employerConsent,
    publicConsent: r.publicConsent,
    userId: r.userId,
    activeLoad: load,
    version: r.version,
  };
}

async function craftsmanDtos(ctx: ServiceContext, rows: CraftsmanRow[], reveal = false) {
  const names = await orgNames(
    ctx,
    rows.flatMap((r) => [r.countyId, r.employerId]),
  );
  const loads = await activeLoads(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => craftsmanDto(r, names, loads.get(r.id) ?? 0, reveal));
}

export interface CraftsmanQuery {
  page: number;
  pageSize: number;
  q?: string;
  countyId?: number;
  within?: number;
  skillLevelMin?: number;
  industry?: string;
  honoured?: 'true' | 'false';
}

/** The resource list, scoped, with the filters of the dispatch picker. */
export async function findCraftsmen(ctx: ServiceContext, q: CraftsmanQuery) {
  assertPermission(ctx, 'read:craftsman:subtree');
  const t = craftsmen;
  const where: SQL[] = [isNull(t.deletedAt), inScope(ctx.actor, t.orgPath, t.orgAltPath)];
  if (q.within) {
    const o = await orgById(ctx, q.within);
    if (!o || !isInScope(ctx.actor, o.path, o.altPath)) throw notFound('组织');
    where.push(inScope({ orgPath: o.path }, t.orgPath, t.orgAltPath));
  }
  if (q.countyId) where.push(eq(t.countyId, q.countyId));
  if (q.skillLevelMin) where.push(gte(t.skillLevel, q.skillLevelMin));
  if (q.industry) where.push(sql`${q.industry} = any(${t.industries})`);
  if (q.honoured === 'true') where.push(sql`jsonb_array_length(${t.honours}) > 0`);
  if (q.honoured === 'false') where.push(sql`jsonb_array_length(${t.honours}) = 0`);
  if (q.q) {
    const p = like(q.q);
    where.push(
      or(
        ilike(t.name, p),
        ilike(t.specialties, p),
        sql`array_to_string(${t.specialtyTags}, ' ') ilike ${p}`,
      ) as SQL,
    );
  }
  const { rows, total } = await pageOfRows(ctx.db, t, where, [desc(t.skillLevel), asc(t.id)], q);
  return {
    items: await craftsmanDtos(ctx, rows),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function loadCraftsman(ctx: AuthedContext, id: number): Promise<CraftsmanRow> {
  const [r] = await ctx.db
    .select()
    .from(craftsmen)
    .where(and(eq(craftsmen.id, id), isNull(craftsmen.deletedAt)));
  if (!r || !isInScope(ctx.actor, r.orgPath, r.orgAltPath)) throw notFound('劳模工匠');
  return r;
}

/** One craftsman; `reveal` shows phone and ID number to holders of pii:view, audited. */
export async function getCraftsman(ctx: ServiceContext, id: number, opts: { reveal?: boolean } = {}) {
  assertPermission(ctx, 'read:craftsman:subtree');
  const r = await loadCraftsman(ctx, id);
  if (opts.reveal) {
    if (!hasPermission(ctx, 'pii:view'))
      throw new AppError('FORBIDDEN', '没有查看完整个人信息的权限（pii:view）');
    await writeAudit(ctx, {
      event: 'pii.view',
      objectType: 'craftsman',
      objectId: id,
      detail: { fields: ['phone', 'idNumber'] },
    });
  }
  return (await craftsmanDtos(ctx, [r], !!opts.reveal))[0];
}

type CraftsmanInput = Partial<{
  name: string;
  gender: string | null;
  birthYear: number | null;
  phone: string | null;
  idNumber: string | null;
  employerId: number | null;
  employerName: string | null;
  countyId: number;
  occupation: string | null;
  skillLevel: number | null;
  honours: { id: string; year: number }[];
  specialtyTags: string[];
  specialties: string | null;
  industries: string[];
  monthlyCapacity: number;
  unavailable: { from: string; to: string; reason?: string | null }[];
  employerConsent: boolean;
  publicConsent: boolean;
  userId: number | null;
}>;

/** Checks the references of a craftsman's fields; returns the owner county and the employer. */
async function resolveCraftsmanRefs(ctx: AuthedContext, input: CraftsmanInput, current?: CraftsmanRow) {
  let employer: Org | null = null;
  const employerId = input.employerId !== undefined ? input.employerId : (current?.employerId ?? null);
  if (employerId) employer = await orgInScope(ctx, employerId, ['enterprise'], 'employerId', '工作单位');
  let countyId = input.countyId ?? current?.countyId;
  if (!countyId && employer) countyId = employer.parentId ?? undefined;
  if (!countyId) throw invalid('请选择所在县（市、区）', [{ path: 'countyId', message: '必填' }]);
  const county = await orgInScope(ctx, countyId, ['county'], 'countyId', '所在县（市、区）');
  if (input.userId) {
    const [u] = await ctx.db
      .select({ id: users.id, orgPath: organizations.path, orgAltPath: organizations.altPath })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(eq(users.id, input.userId));
    const roles = u
      ? await ctx.db
          .select()
          .from(userRoles)
          .where(and(eq(userRoles.userId, u.id), eq(userRoles.role, 'craftsman')))
      : [];
    if (!u || !isInScope(ctx.actor, u.orgPath, u.orgAltPath) || !roles.length)
      throw invalid('关联账号不存在、不在管辖范围内或没有“劳模工匠”角色', [
        { path: 'userId', message: '无效' },
      ]);
  }
  return { county, employer };
}

function uniqueViolation(err: unknown): string | null {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = e.code === '23505' ? e : e.cause?.code === '23505' ? e.cause : null;
  return c ? (c.constraint ?? 'unique') : null;
}

function craftsmanConflict(err: unknown): never {
  const c = uniqueViolation(err);
  if (c === 'craftsmen_user_uq')
    throw conflict('该账号已关联其他劳模工匠档案', [{ path: 'userId', message: '已被关联' }]);
  if (c === 'craftsmen_id_number_uq')
    throw conflict('该身份证号码已登记', [{ path: 'idNumber', message: '已登记' }]);
  throw err;
}

export async function createCraftsman(ctx: ServiceContext, input: CraftsmanInput & { name: string }) {
  assertPermission(ctx, 'manage:craftsman:subtree');
  const { county, employer } = await resolveCraftsmanRefs(ctx, input);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [row] = await tx.db
        .insert(craftsmen)
        .values({
          ...input,
          countyId: county.id,
          orgId: county.id,
          orgPath: county.path,
          orgAltPath: employer?.altPath ?? null,
          createdBy: ctx.actor.userId,
          updatedBy: ctx.actor.userId,
        })
        .returning();
      await writeAudit(tx, { event: 'craftsman.create', objectType: 'craftsman', objectId: row.id });
      return (await craftsmanDtos(tx, [row]))[0];
    });
  } catch (err) {
    craftsmanConflict(err);
  }
}

export async function updateCraftsman(
  ctx: ServiceContext,
  id: number,
  input: CraftsmanInput & { version: number },
) {
  assertPermission(ctx, 'manage:craftsman:subtree');
  const current = await loadCraftsman(ctx, id);
  const { version, ...values } = input;
  const { county, employer } = await resolveCraftsmanRefs(ctx, values, current);
  try {
    return await inTransaction(ctx, async (tx) => {
      const row = await updateVersioned(
        tx.db,
        craftsmen,
        id,
        version,
        {
          ...values,
          countyId: county.id,
          orgId: county.id,
          orgPath: county.path,
          orgAltPath: employer?.altPath ?? null,
          updatedBy: ctx.actor.userId,
        },
        ctx.clock.now(),
      );
      await writeAudit(tx, {
        event: 'craftsman.update',
        objectType: 'craftsman',
        objectId: id,
        detail: { fields: Object.keys(values) },
      });
      return (await craftsmanDtos(tx, [row]))[0];
    });
  } catch (err) {
    craftsmanConflict(err);
  }
}

export async function deleteCraftsman(ctx: ServiceContext, id: number, version: number) {
  assertPermission(ctx, 'manage:craftsman:subtree');
  await loadCraftsman(ctx, id);
  const [lead] = await ctx.db
    .select({ id: serviceTeams.id })
    .from(serviceTeams)
    .where(and(eq(serviceTeams.leaderId, id), isNull(serviceTeams.deletedAt)));
  if (lead) throw new AppError('INVALID_STATE', '该劳模工匠是服务队队长，请先更换队长');
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    await updateVersioned(tx.db, craftsmen, id, version, { deletedAt: now, userId: null }, now);
    await tx.db.delete(serviceTeamMembers).where(eq(serviceTeamMembers.craftsmanId, id));
    await writeAudit(tx, { event: 'craftsman.delete', objectType: 'craftsman', objectId: id });
  });
}

/** The craftsman profile linked to the signed-in user, if any. */
export async function craftsmanOfUser(ctx: ServiceContext, userId: number): Promise<CraftsmanRow | null> {
  const [r] = await ctx.db
    .select()
    .from(craftsmen)
    .where(and(eq(craftsmen.userId, userId), isNull(craftsmen.deletedAt)));
  return r ?? null;
}

// —— 服务队 ——

async function teamDtos(ctx: ServiceContext, rows: TeamRow[]) {
  const ids = rows.map((r) => r.id);
  const members = ids.length
    ? await ctx.db
        .select({
          teamId: serviceTeamMembers.teamId,
          id: craftsmen.id,
          name: craftsmen.name,
          countyId: craftsmen.countyId,
        })
        .from(serviceTeamMembers)
        .innerJoin(craftsmen, eq(craftsmen.id, serviceTeamMembers.craftsmanId))
        .where(inArray(serviceTeamMembers.teamId, ids))
        .orderBy(asc(craftsmen.id))
    : [];
  const leaders = rows.length
    ? await ctx.db
        .select({ id: craftsmen.id, name: craftsmen.name })
        .from(craftsmen)
        .where(
          inArray(
            craftsmen.id,
            rows.map((r) => r.leaderId),
          ),
        )
    : [];
  const names = await orgNames(ctx, [...rows.map((r) => r.orgId), ...members.map((m) => m.countyId)]);
  return rows.map((r) => {
    const ms = members.filter((m) => m.teamId === r.id);
    return {
      id: r.id,
      orgId: r.orgId,
      orgName: names.get(r.orgId) ?? '',
      name: r.name,
      leaderId: r.leaderId,
      leaderName: leaders.find((l) => l.id === r.leaderId)?.name ?? '',
      specialty: r.specialty,
      foundedOn: r.foundedOn,
      description: r.description,
      memberCount: ms.length,
      members: ms.map((m) => ({ id: m.id, name: m.name, countyName: names.get(m.countyId) ?? '' })),
      version: r.version,
    };
  });
}

export async function findTeams(
  ctx: ServiceContext,
  q: { page: number; pageSize: number; q?: string; within?: number },
) {
  assertPermission(ctx, 'read:craftsman:subtree');
  const t = serviceTeams;
  const where: SQL[] = [isNull(t.deletedAt), inScope(ctx.actor, t.orgPath, t.orgAltPath)];
  if (q.within) {
    const o = await orgById(ctx, q.within);
    if (!o || !isInScope(ctx.actor, o.path, o.altPath)) throw notFound('组织');
    where.push(inScope({ orgPath: o.path }, t.orgPath, t.orgAltPath));
  }
  if (q.q) where.push(or(ilike(t.name, like(q.q)), ilike(t.specialty, like(q.q))) as SQL);
  const { rows, total } = await pageOfRows(ctx.db, t, where, [desc(t.id)], q);
  return {
    items: await teamDtos(ctx, rows),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function loadTeam(ctx: AuthedContext, id: number): Promise<TeamRow> {
  const [r] = await ctx.db
    .select()
    .from(serviceTeams)
    .where(and(eq(serviceTeams.id, id), isNull(serviceTeams.deletedAt)));
  if (!r || !isInScope(ctx.actor, r.orgPath, r.orgAltPath)) throw notFound('服务队');
  return r;
}

export async function getTeam(ctx: ServiceContext, id: number) {
  assertPermission(ctx, 'read:craftsman:subtree');
  return (await teamDtos(ctx, [await loadTeam(ctx, id)]))[0];
}

type TeamInput = Partial<{
  name: string;
  leaderId: number;
  memberIds: number[];
  specialty: string | null;
  foundedOn: string | null;
  description: string | null;
  orgId: number;
}>;

async function assertCraftsmenInScope(ctx: AuthedContext, ids: number[], field: string) {
  if (!ids.length) return;
  const rows = await ctx.db
    .select({ id: craftsmen.id, orgPath: craftsmen.orgPath, orgAltPath: craftsmen.orgAltPath })
    .from(craftsmen)
    .where(and(inArray(craftsmen.id, ids), isNull(craftsmen.deletedAt)));
  const ok = new Set(rows.filter((r) => isInScope(ctx.actor, r.orgPath, r.orgAltPath)).map((r) => r.id));
  const bad = ids.filter((i) => !ok.has(i));
  if (bad.length)
    throw invalid(`劳模工匠不存在或不在您的管辖范围内（编号 ${bad.slice(0, 5).join('、')}）`, [
      { path: field, message: '无效' },
    ]);
}

async function setMembers(ctx: ServiceContext, teamId: number, ids: number[]) {
  await ctx.db.delete(serviceTeamMembers).where(eq(serviceTeamMembers.teamId, teamId));
  if (ids.length)
    await ctx.db.insert(serviceTeamMembers).values(
      ids.map((craftsmanId) => ({
        teamId,
        craftsmanId,
        joinedOn: todayInChina(ctx.clock.now()),
      })),
    );
}

export async function createTeam(ctx: ServiceContext, input: TeamInput & { name: string; leaderId: number }) {
  assertPermission(ctx, 'manage:craftsman:subtree');
  const { memberIds = [], orgId, ...values } = input;
  const home = await orgInScope(
    ctx,
    orgId ?? ctx.actor.scopeOrgId,
    ['province', 'city', 'county', 'industry_union'],
    'orgId',
    '所属组织',
  );
  const members = [...new Set([input.leaderId, ...memberIds])];
  await assertCraftsmenInScope(ctx, members, 'memberIds');
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(serviceTeams)
      .values({
        ...values,
        orgId: home.id,
        orgPath: home.path,
        orgAltPath: home.altPath,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await setMembers(tx, row.id, members);
    await writeAudit(tx, {
      event: 'team.create',
      objectType: 'service_team',
      objectId: row.id,
      detail: { members: members.length },
    });
    return (await teamDtos(tx, [row]))[0];
  });
}

export async function updateTeam(ctx: ServiceContext, id: number, input: TeamInput & { version: number }) {
  assertPermission(ctx, 'manage:craftsman:subtree');
  const current = await loadTeam(ctx, id);
  const { version, memberIds, orgId, ...values } = input;
  const home = orgId
    ? await orgInScope(ctx, orgId, ['province', 'city', 'county', 'industry_union'], 'orgId', '所属组织')
    : null;
  const leaderId = values.leaderId ?? current.leaderId;
  let members: number[] | null = null;
  if (memberIds || values.leaderId) {
    const existing = memberIds
      ? memberIds
      : (
          await ctx.db
            .select({ id: serviceTeamMembers.craftsmanId })
            .from(serviceTeamMembers)
            .where(eq(serviceTeamMembers.teamId, id))
        ).map((m) => m.id);
    members = [...new Set([leaderId, ...existing])];
    await assertCraftsmenInScope(ctx, memberIds ? members : [leaderId], 'memberIds');
  }
  return inTransaction(ctx, async (tx) => {
    const row = await updateVersioned(
      tx.db,
      serviceTeams,
      id,
      version,
      {
        ...values,
        ...(home ? { orgId: home.id, orgPath: home.path, orgAltPath: home.altPath } : {}),
        updatedBy: ctx.actor.userId,
      },
      ctx.clock.now(),
    );
    if (members) await setMembers(tx, id, members);
    await writeAudit(tx, {
      event: 'team.update',
      objectType: 'service_team',
      objectId: id,
      detail: { fields: Object.keys(input).filter((k) => k !== 'version') },
    });
    return (await teamDtos(tx, [row]))[0];
  });
}

export async function deleteTeam(ctx: ServiceContext, id: number, version: number) {
  assertPermission(ctx, 'manage:craftsman:subtree');
  await loadTeam(ctx, id);
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    await updateVersioned(tx.db, serviceTeams, id, version, { deletedAt: now }, now);
    await writeAudit(tx, { event: 'team.delete', objectType: 'service_team', objectId: id });
  });
}

/** Teams the craftsman leads (they act for the team: accept, decline, claim, complete). */
export async function teamsLedBy(ctx: ServiceContext, craftsmanId: number): Promise<TeamRow[]> {
  return ctx.db
    .select()
    .from(serviceTeams)
    .where(and(eq(serviceTeams.leaderId, craftsmanId), isNull(serviceTeams.deletedAt)));
}

/** Teams the craftsman belongs to (members record service too). */
export async function teamIdsOf(ctx: ServiceContext, craftsmanId: number): Promise<number[]> {
  const rows = await ctx.db
    .select({ id: serviceTeamMembers.teamId })
    .from(serviceTeamMembers)
    .innerJoin(serviceTeams, eq(serviceTeams.id, serviceTeamMembers.teamId))
    .where(and(eq(serviceTeamMembers.craftsmanId, craftsmanId), isNull(serviceTeams.deletedAt)));
  return rows.map((r) => r.id);
}
