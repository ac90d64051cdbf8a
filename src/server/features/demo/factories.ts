// Factories that build consistent slices of the province: used by the tests (each test
// makes its own data) and by the demo seed, so both exercise the same paths.
import { and, eq } from 'drizzle-orm';
import type { Role } from '#shared/roles.ts';
import { INDUSTRY_SECTIONS } from '#shared/orgs.ts';
import { usccCheckChar } from '#shared/validators.ts';
import type { Db } from '../../db/client.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { passwordHistory, userRoles, users } from '../../db/schema/users.ts';
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
