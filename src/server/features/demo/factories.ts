// Factories that build consistent slices of the province: used by the tests (each test
// makes its own data) and by the demo seed, so both exercise the same paths.
import { and, eq } from 'drizzle-orm';
import type { Role } from '#shared/roles.ts';
import { INDUSTRY_SECTIONS } from '#shared/orgs.ts';
import { usccCheckChar } from '#shared/validators.ts';
import type { Db } from '../../db/client.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { passwordHistory, userRoles, users } from '../../db/schema/users.ts';
import {
  craftsmen,
  demandCategories,
  demandEvents,
  demands,
  serviceRecords,
  serviceTeamMembers,
  serviceTeams,
} from '../../db/schema/zhuqi.ts';
import { hashPassword, type KdfParams } from '../../lib/crypto.ts';
import { insertOrg } from '../orgs/orgs.tree.ts';

/** A small deterministic PRNG (mulberry32), so demo data is the same on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid 统一社会信用代码 for an enterprise (登记管理部门 9, 类别 1) in a county. */
export function makeUscc(countyCode: string, seq: number): string {
  const body = `91${countyCode}${String(seq).padStart(8, '0').slice(-8)}`;
  const first17 = `${body}${(seq * 7) % 10}`.slice(0, 17);
  return first17 + usccCheckChar(first17);
}

export async function orgByCodeOrThrow(db: Db, code: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.code, code));
  if (!row) throw new Error(`organisation ${code} not found`);
  return row;
}

const MANUFACTURING = INDUSTRY_SECTIONS.find((s) => s.code === 'C')!.divisions;
const NAME_PARTS = [
  '精工',
  '智造',
  '新材',
  '电气',
  '机械',
  '化纤',
  '汽配',
  '光电',
  '纺织',
  '医药',
  '数控',
  '环保',
];
const NAME_TAILS = ['有限公司', '股份有限公司', '集团有限公司'];

export async function makeEnterprise(
  db: Db,
  opts: {
    countyCode: string;
    seq: number;
    name?: string;
    industryUnionId?: number | null;
    flags?: Partial<{
      aboveScaleIndustry: boolean;
      aboveLimitService: boolean;
      hasUnion: boolean;
      reformPilot: boolean;
    }>;
  },
) {
  const county = await orgByCodeOrThrow(db, opts.countyCode);
  const r = rng(opts.seq * 7919 + Number(opts.countyCode));
  const division = MANUFACTURING[Math.floor(r() * MANUFACTURING.length)];
  let altPath: string | null = null;
  if (opts.industryUnionId) {
    const [iu] = await db.select().from(organizations).where(eq(organizations.id, opts.industryUnionId));
    altPath = iu.path;
  }
  const uscc = makeUscc(opts.countyCode, opts.seq);
  return insertOrg(
    db,
    county,
    {
      kind: 'enterprise',
      code: uscc,
      uscc,
      name:
        opts.name ??
        `${county.shortName ?? ''}${NAME_PARTS[Math.floor(r() * NAME_PARTS.length)]}${opts.seq}号${NAME_TAILS[Math.floor(r() * NAME_TAILS.length)]}`,
      industrySection: 'C',
      industryDivision: division.code,
      industryUnionId: opts.industryUnionId ?? null,
      divisionCode: county.divisionCode,
      aboveScaleIndustry: opts.flags?.aboveScaleIndustry ?? r() < 0.6,
      aboveLimitService: opts.flags?.aboveLimitService ?? false,
      hasUnion: opts.flags?.hasUnion ?? r() < 0.8,
      reformPilot: opts.flags?.reformPilot ?? r() < 0.2,
    },
    altPath,
  );
}

export async function makeIndustryUnion(db: Db, code: string, name: string) {
  const province = await orgByCodeOrThrow(db, '330000');
  return insertOrg(db, province, {
    kind: 'industry_union',
    code,
    name,
    shortName: name.replace(/^浙江省/, ''),
    divisionCode: '330000',
  });
}

export async function makeUser(
  db: Db,
  opts: {
    orgId: number;
    username: string;
    displayName?: string;
    roles: Role[];
    password: string;
    kdf?: KdfParams;
    phone?: string | null;
    mustChangePassword?: boolean;
  },
) {
  const hash = await hashPassword(opts.password, opts.kdf);
  const [u] = await db
    .insert(users)
    .values({
      orgId: opts.orgId,
      username: opts.username,
      displayName: opts.displayName ?? opts.username,
      phone: opts.phone ?? null,
      passwordHash: hash,
      mustChangePassword: opts.mustChangePassword ?? false,
    })
    .returning();
  await db.insert(passwordHistory).values({ userId: u.id, passwordHash: hash });
  if (opts.roles.length)
    await db.insert(userRoles).values(opts.roles.map((role) => ({ userId: u.id, role })));
  return u;
}

export async function userByName(db: Db, username: string) {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.username, username)));
  return u ?? null;
}

// —— 劳模工匠助企行 ——

/** A craftsman profile owned by the county union of `countyCode` (direct insert, for tests and the demo). */
export async function makeCraftsman(
  db: Db,
  opts: {
    countyCode: string;
    name: string;
    employerId?: number | null;
    userId?: number | null;
    skillLevel?: number;
    occupation?: string;
    honours?: { id: string; year: number }[];
    specialtyTags?: string[];
    specialties?: string;
    industries?: string[];
    monthlyCapacity?: number;
    phone?: string | null;
  },
) {
  const county = await orgByCodeOrThrow(db, opts.countyCode);
  let altPath: string | null = null;
  if (opts.employerId) {
    const [e] = await db.select().from(organizations).where(eq(organizations.id, opts.employerId));
    altPath = e?.altPath ?? null;
  }
  const [row] = await db
    .insert(craftsmen)
    .values({
      orgId: county.id,
      orgPath: county.path,
      orgAltPath: altPath,
      countyId: county.id,
      name: opts.name,
      employerId: opts.employerId ?? null,
      userId: opts.userId ?? null,
      skillLevel: opts.skillLevel ?? 5,
      occupation: opts.occupation ?? '6-18',
      honours: opts.honours ?? [],
      specialtyTags: opts.specialtyTags ?? [],
      specialties: opts.specialties ?? null,
      industries: opts.industries ?? [],
      monthlyCapacity: opts.monthlyCapacity ?? 3,
      phone: opts.phone ?? null,
      employerConsent: true,
      publicConsent: true,
    })
    .returning();
  return row;
}

/** A service team with its leader among the members. */
export async function makeServiceTeam(
  db: Db,
  opts: {
    orgCode: string;
    name: string;
    leaderId: number;
    memberIds?: number[];
    specialty?: string;
    foundedOn?: string;
  },
) {
  const home = await orgByCodeOrThrow(db, opts.orgCode);
  const [team] = await db
    .insert(serviceTeams)
    .values({
      orgId: home.id,
      orgPath: home.path,
      orgAltPath: home.altPath,
      name: opts.name,
      leaderId: opts.leaderId,
      specialty: opts.specialty ?? null,
      foundedOn: opts.foundedOn ?? null,
    })
    .returning();
  const members = [...new Set([opts.leaderId, ...(opts.memberIds ?? [])])];
  await db
    .insert(serviceTeamMembers)
    .values(members.map((craftsmanId) => ({ teamId: team.id, craftsmanId })));
  return team;
}

/**
 * A demand of an enterprise, already in `state` (direct insert with one event row: demo data,
 * not a replay of the workflow). In service or later, it is served by `server`.
 */
export async function makeDemand(
  db: Db,
  opts: {
    enterpriseId: number;
    title: string;
    description: string;
    category: string;
    state?: 'submitted' | 'published' | 'in_service' | 'completed' | 'closed';
    urgency?: 'normal' | 'urgent' | 'critical';
    server?: { craftsmanId?: number; teamId?: number };
    createdBy?: number | null;
    at?: Date;
  },
) {
  const [ent] = await db.select().from(organizations).where(eq(organizations.id, opts.enterpriseId));
  const [cat] = await db.select().from(demandCategories).where(eq(demandCategories.name, opts.category));
  const state = opts.state ?? 'submitted';
  const at = opts.at ?? new Date();
  const served = state === 'in_service' || state === 'completed' || state === 'closed';
  const [d] = await db
    .insert(demands)
    .values({
      orgId: ent.id,
      orgPath: ent.path,
      orgAltPath: ent.altPath,
      countyId: ent.parentId!,
      title: opts.title,
      description: opts.description,
      categoryId: cat.id,
      industryDivision: ent.industryDivision,
      urgency: opts.urgency ?? 'normal',
      state,
      createdBy: opts.createdBy ?? null,
      publishedAt: state === 'submitted' ? null : at,
      serverType: served ? (opts.server?.teamId ? 'team' : 'craftsman') : null,
      serverCraftsmanId: served ? (opts.server?.craftsmanId ?? null) : null,
      serverTeamId: served ? (opts.server?.teamId ?? null) : null,
      acceptedAt: served ? at : null,
      completedAt: state === 'completed' || state === 'closed' ? at : null,
      closedAt: state === 'closed' ? at : null,
      ratingTimeliness: state === 'closed' ? 5 : null,
      ratingEffect: state === 'closed' ? 5 : null,
      ratingAttitude: state === 'closed' ? 5 : null,
      ratingComment: state === 'closed' ? '服务及时，效果明显' : null,
      benefitYuan: state === 'closed' ? '80000' : null,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await db.insert(demandEvents).values({
    demandId: d.id,
    orgPath: d.orgPath,
    at,
    userId: opts.createdBy ?? null,
    action: 'post',
    fromState: null,
    toState: state,
    detail: { seeded: true },
  });
  if (served) {
    await db.insert(serviceRecords).values({
      demandId: d.id,
      orgPath: d.orgPath,
      countyId: d.countyId,
      craftsmanId: opts.server?.craftsmanId ?? null,
      teamId: opts.server?.teamId ?? null,
      visitDate: at.toISOString().slice(0, 10),
      hours: '4',
      participants: 2,
      workersTrained: 15,
      content: '上门诊断并现场指导',
      createdAt: at,
    });
  }
  return d;
}
