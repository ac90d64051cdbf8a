// The public showcase (no sign-in): only published achievements, only consenting authors, no
// phone or ID number ever. Also the search behind it, and "similar achievements" for 助企行.
import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { DIVISIONS, INDUSTRY_SECTIONS } from '#shared/orgs.ts';
import type { Db } from '../../db/client.ts';
import { organizations } from '../../db/schema/orgs.ts';
import {
  achievementAuthors,
  achievementCategories,
  achievementLexemes,
  achievementOffers,
  achievements,
} from '../../db/schema/sharing.ts';
import { requireActor, type ServiceContext } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';
import { offsetOf } from '../../lib/pagination.ts';
import { publicMedia } from './sharing.media.ts';
import { groupQuery, queryGroups } from './sharing.search.ts';

export interface PublicSearch {
  q?: string;
  category?: string;
  year?: number;
  city?: string;
  county?: string;
  industry?: string;
  page: number;
  pageSize: number;
}

const published = () => and(eq(achievements.state, 'published'), isNull(achievements.deletedAt)) as SQL;

function filters(p: PublicSearch): SQL[] {
  const where: SQL[] = [published()];
  if (p.category) where.push(eq(achievementCategories.code, p.category));
  if (p.year) where.push(eq(achievements.year, p.year));
  if (p.city) where.push(eq(achievements.cityCode, p.city));
  if (p.county) where.push(eq(achievements.countyCode, p.county));
  if (p.industry) where.push(eq(achievements.industrySection, p.industry));
  return where;
}

// Rows a search scores at most: when every word of a query is common, the best of any 5,000
// matches is as good an answer as the best of 50,000, and it keeps the search fast.
const SCORED = 1000;
// A word group enters the index filter only while the rows it brings stay under this.
const FILTER_BUDGET = 1500;

/**
 * Scores the query's word groups by rarity (idf from achievement_lexemes), filters through the
 * GIN index by the rarer groups, and ranks by the idf of the groups each row contains (title
 * matches count 1.5×), ts_rank_cd breaking ties.
 */
async function planSearch(db: Db, q: string) {
  const groups = queryGroups(q);
  if (!groups.length) return null;
  const all = [...new Set(groups.flat()), '#docs'];
  const dfRows = await db
    .select({ lexeme: achievementLexemes.lexeme, df: achievementLexemes.df })
    .from(achievementLexemes)
    .where(inArray(achievementLexemes.lexeme, all));
  const df = new Map(dfRows.map((r) => [r.lexeme, Number(r.df)]));
  const docs = Math.max(1, df.get('#docs') ?? 1);
  const scored = groups
    .map((all) => {
      // Only lexemes some document has: smaller tsqueries, fewer posting lists to read.
      const g = all.filter((l) => (df.get(l) ?? 0) > 0);
      const gdf = g.reduce((n, l) => n + (df.get(l) ?? 0), 0);
      return { g, gdf, idf: Math.log(1 + docs / Math.max(1, gdf)) };
    })
    .filter((x) => x.gdf > 0)
    .sort((a, b) => a.gdf - b.gdf);
  if (!scored.length) return null;
  let filter: string;
  if (scored[0].gdf <= FILTER_BUDGET || scored.length === 1) {
    // Rare words: rows containing any of them (while they stay within the budget).
    const picked: string[] = [];
    let budget = 0;
    for (const x of scored) {
      if (picked.length && budget + x.gdf > FILTER_BUDGET) break;
      picked.push(groupQuery(x.g));
      budget += x.gdf;
    }
    filter = picked.join(' | ');
  } else {
    // Only common words: rows containing at least two of the three rarest (GIN intersects them).
    const top = scored.slice(0, 3).map((x) => `(${groupQuery(x.g)})`);
    const pairs: string[] = [];
    for (let i = 0; i < top.length; i++)
      for (let j = i + 1; j < top.length; j++) pairs.push(`(${top[i]} & ${top[j]})`);
    filter = pairs.join(' | ');
  }
  return { scored, filter };
}

/**
 * Published achievements matching the query and the filters (newest first without a query).
 * Returns ids in rank order and the number of matches; `publicCards` fills in the rest.
 */
export async function searchPublishedIds(db: Db, p: PublicSearch) {
  const where = filters(p);
  const needsCategory = !!p.category;
  if (!p.q?.trim()) {
    const base = db
      .select({ id: achievements.id, total: sql<number>`count(*) over()` })
      .from(achievements)
      .$dynamic();
    if (needsCategory)
      base.innerJoin(achievementCategories, eq(achievementCategories.id, achievements.categoryId));
    const rows = await base
      .where(and(...where))
      .orderBy(desc(achievements.publishedAt), desc(achievements.id))
      .limit(p.pageSize)
      .offset(offsetOf(p));
    return { ids: rows.map((r) => r.id), total: Number(rows[0]?.total ?? 0) };
  }
  const plan = await planSearch(db, p.q);
  if (!plan) return { ids: [] as number[], total: 0 };
  const v = sql`achievements.search_vector`;
  const score = sql.join(
    plan.scored.map(
      (x) =>
        sql`(case when ${v} @@ ${groupQuery(x.g, 'A')}::tsquery then ${1.5 * x.idf}::float8 when ${v} @@ ${groupQuery(x.g)}::tsquery then ${x.idf}::float8 else 0 end)`,
    ),
    sql` + `,
  );
  const filterQuery = sql`${plan.filter}::tsquery`;
  const catJoin = needsCategory
    ? sql`join achievement_categories on achievement_categories.id = achievements.category_id`
    : sql``;
  const rows = (
    await db.execute<{ id: number; total: number }>(sql`
      with c as (
        select achievements.id, ${score} + 0.01 * ts_rank_cd(${v}, ${filterQuery}) as score
        from achievements ${catJoin}
        where ${v} @@ ${filterQuery} and ${and(...where)}
        limit ${SCORED}
      )
      select id, count(*) over() as total from c
      order by score desc, id desc
      limit ${p.pageSize} offset ${offsetOf(p)}`)
  ).rows;
  return { ids: rows.map((r) => Number(r.id)), total: Number(rows[0]?.total ?? 0) };
}

/** Cards of published achievements, in the order of `ids`: no author without consent, no contact data. */
export async function publicCards(db: Db, ids: number[]) {
  if (!ids.length) return [];
  const rows = await db
    .select({
      id: achievements.id,
      title: achievements.title,
      year: achievements.year,
      description: achievements.description,
      benefitAmount: achievements.benefitAmount,
      publishedAt: achievements.publishedAt,
      cityCode: achievements.cityCode,
      countyCode: achievements.countyCode,
      industrySection: achievements.industrySection,
      categoryCode: achievementCategories.code,
      categoryName: achievementCategories.name,
      enterpriseName: organizations.name,
    })
    .from(achievements)
    .innerJoin(achievementCategories, eq(achievementCategories.id, achievements.categoryId))
    .innerJoin(organizations, eq(organizations.id, achievements.orgId))
    .where(and(inArray(achievements.id, ids), published()));
  const authors = await consentingAuthors(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids
    .map((id) => byId.get(id))
    .filter((r): r is NonNullable<typeof r> => !!r)
    .map((r) => ({
      ...r,
      description: r.description.length > 120 ? `${r.description.slice(0, 120)}…` : r.description,
      benefitAmount: r.benefitAmount === null ? null : Number(r.benefitAmount),
      publishedAt: r.publishedAt?.toISOString() ?? null,
      authors: (authors.get(r.id) ?? []).map((a) => ({ name: a.name, title: a.title })),
    }));
}

async function consentingAuthors(db: Db, ids: number[]) {
  const rows = await db
    .select({
      achievementId: achievementAuthors.achievementId,
      name: achievementAuthors.name,
      title: achievementAuthors.title,
      role: achievementAuthors.role,
      userId: achievementAuthors.userId,
    })
    .from(achievementAuthors)
    .where(and(inArray(achievementAuthors.achievementId, ids), eq(achievementAuthors.publicConsent, true)))
    .orderBy(asc(achievementAuthors.achievementId), asc(achievementAuthors.seq));
  const m = new Map<number, typeof rows>();
  for (const r of rows) m.set(r.achievementId, [...(m.get(r.achievementId) ?? []), r]);
  return m;
}

/** One page of the public list (search and filters). */
export async function findPublicAchievements(ctx: ServiceContext, p: PublicSearch) {
  const { ids, total } = await searchPublishedIds(ctx.db, p);
  return { items: await publicCards(ctx.db, ids), total, page: p.page, pageSize: p.pageSize };
}

/** One published achievement with its consenting authors and open offers; anything else is 404. */
export async function getPublicAchievement(ctx: ServiceContext, id: number) {
  const [row] = await ctx.db
    .select({
      id: achievements.id,
      title: achievements.title,
      year: achievements.year,
      description: achievements.description,
      benefitAmount: achievements.benefitAmount,
      benefitNote: achievements.benefitNote,
      patents: achievements.patents,
      awards: achievements.awards,
      publishedAt: achievements.publishedAt,
      cityCode: achievements.cityCode,
      countyCode: achievements.countyCode,
      industrySection: achievements.industrySection,
      categoryCode: achievementCategories.code,
      categoryName: achievementCategories.name,
      enterpriseName: organizations.name,
    })
    .from(achievements)
    .innerJoin(achievementCategories, eq(achievementCategories.id, achievements.categoryId))
    .innerJoin(organizations, eq(organizations.id, achievements.orgId))
    .where(and(eq(achievements.id, id), published()));
  if (!row) throw notFound('成果');
  const authors = (await consentingAuthors(ctx.db, [id])).get(id) ?? [];
  const offers = await ctx.db
    .select({
      id: achievementOffers.id,
      mode: achievementOffers.mode,
      terms: achievementOffers.terms,
      price: achievementOffers.price,
      negotiable: achievementOffers.negotiable,
      listedOn: achievementOffers.listedOn,
    })
    .from(achievementOffers)
    .where(and(eq(achievementOffers.achievementId, id), eq(achievementOffers.state, 'open')))
    .orderBy(asc(achievementOffers.id));
  return {
    ...row,
    benefitAmount: row.benefitAmount === null ? null : Number(row.benefitAmount),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    authors: authors.map((a) => ({ name: a.name, title: a.title, role: a.role })),
    offers: offers.map((o) => ({ ...o, price: o.price === null ? null : Number(o.price) })),
    // Only the public owner type; internal files never leave the management pages.
    ...(await publicMedia(ctx, id)),
  };
}

/** The 11 cities and their counties, for the showcase's filters (sent once, not bundled). */
export const REGIONS = DIVISIONS.filter((d) => d.level === 'prefecture').map((c) => ({
  code: c.code,
  name: c.name,
  counties: DIVISIONS.filter((d) => d.parent === c.code).map((d) => ({ code: d.code, name: d.name })),
}));

/** Home page figures and the newest published achievements. */
export async function getPublicHome(ctx: ServiceContext) {
  const [counts] = (
    await ctx.db.execute<{ published: number; enterprises: number; offers: number }>(sql`
      select
        (select count(*) from achievements where state = 'published' and deleted_at is null) as published,
        (select count(distinct org_id) from achievements where state = 'published' and deleted_at is null) as enterprises,
        (select count(*) from achievement_offers where state = 'open') as offers`)
  ).rows;
  const { ids } = await searchPublishedIds(ctx.db, { page: 1, pageSize: 6 });
  const categories = await ctx.db
    .select({
      code: achievementCategories.code,
      name: achievementCategories.name,
      confirmed: achievementCategories.confirmed,
    })
    .from(achievementCategories)
    .where(eq(achievementCategories.active, true))
    .orderBy(asc(achievementCategories.sortOrder));
  return {
    regions: REGIONS,
    industries: INDUSTRY_SECTIONS.map((x) => ({ code: x.code, name: x.name })),
    published: Number(counts.published),
    enterprises: Number(counts.enterprises),
    offers: Number(counts.offers),
    latest: await publicCards(ctx.db, ids),
    categories,
  };
}

/**
 * 助企行: published achievements that solved problems like `text`, with their consenting
 * authors as possible helpers (signed-in users only; the lead shows it beside a demand).
 */
export async function findSimilarAchievements(ctx: ServiceContext, text: string, limit = 5) {
  requireActor(ctx);
  if (!text.trim()) return { items: [] };
  const { ids } = await searchPublishedIds(ctx.db, { q: text, page: 1, pageSize: limit });
  const cards = await publicCards(ctx.db, ids);
  const helpers = await consentingAuthors(ctx.db, ids);
  return {
    items: cards.map((c) => ({
      id: c.id,
      title: c.title,
      categoryName: c.categoryName,
      enterpriseName: c.enterpriseName,
      year: c.year,
      helpers: (helpers.get(c.id) ?? []).map((a) => ({ name: a.name, title: a.title, userId: a.userId })),
    })),
  };
}
