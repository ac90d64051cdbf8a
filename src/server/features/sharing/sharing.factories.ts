// Builders of achievements for the tests and the demo seed (the same rows the service makes:
// scoped paths and facts copied from the enterprise, search vector, authors, events).
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations } from '../../db/schema/orgs.ts';
import {
  achievementAuthors,
  achievementCategories,
  achievementEvents,
  achievementOffers,
  achievements,
} from '../../db/schema/sharing.ts';
import type { CorpusAchievement } from './sharing.corpus.ts';
import { searchVector } from './sharing.search.ts';

export interface MakeAchievementOptions {
  enterpriseId: number;
  item: CorpusAchievement;
  year?: number;
  state?: 'draft' | 'submitted' | 'approved' | 'published';
  authors?: { name: string; title?: string; phone?: string; publicConsent: boolean }[];
  at?: Date;
}

export async function makeAchievement(db: Db, o: MakeAchievementOptions) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, o.enterpriseId));
  const [cat] = await db
    .select({ id: achievementCategories.id })
    .from(achievementCategories)
    .where(eq(achievementCategories.code, o.item.category));
  const at = o.at ?? new Date();
  const state = o.state ?? 'published';
  const [row] = await db
    .insert(achievements)
    .values({
      orgId: org.id,
      orgPath: org.path,
      orgAltPath: org.altPath,
      countyCode: org.divisionCode,
      cityCode: org.divisionCode ? `${org.divisionCode.slice(0, 4)}00` : null,
      industrySection: org.industrySection,
      industryDivision: org.industryDivision,
      title: o.item.title,
      categoryId: cat.id,
      year: o.year ?? at.getFullYear(),
      description: o.item.description,
      benefitAmount: String(o.item.benefit),
      state,
      submittedAt: state === 'draft' ? null : at,
      reviewedAt: state === 'approved' || state === 'published' ? at : null,
      publishedAt: state === 'published' ? at : null,
      searchVector: searchVector(o.item.title, o.item.description),
    })
    .returning();
  const authors = o.authors ?? [{ name: '张工', publicConsent: true }];
  if (authors.length)
    await db.insert(achievementAuthors).values(
      authors.map((a, i) => ({
        achievementId: row.id,
        seq: i + 1,
        name: a.name,
        title: a.title ?? null,
        phone: a.phone ?? null,
        publicConsent: a.publicConsent,
        consentAt: a.publicConsent ? at : null,
      })),
    );
  await db.insert(achievementEvents).values({ achievementId: row.id, action: 'create', toState: state, at });
  return row;
}

/** An open offer on an achievement (as the union would list it). */
export async function makeOffer(
  db: Db,
  o: {
    achievementId: number;
    mode: 'transfer' | 'license' | 'cooperation' | 'free';
    price?: number | null;
    terms?: string;
    /** YYYY-MM-DD; today when not given. */
    listedOn?: string;
  },
) {
  const [a] = await db.select().from(achievements).where(eq(achievements.id, o.achievementId));
  const [row] = await db
    .insert(achievementOffers)
    .values({
      achievementId: a.id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      orgAltPath: a.orgAltPath,
      mode: o.mode,
      terms: o.terms ?? '可提供技术资料与现场指导，具体条件面谈',
      price: o.price == null ? null : String(o.price),
      negotiable: o.price == null && o.mode !== 'free',
      listedOn: o.listedOn ?? (sql`current_date` as unknown as string),
    })
    .returning();
  return row;
}
