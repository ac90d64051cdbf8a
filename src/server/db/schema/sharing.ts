// Tables of the worker-innovation sharing platform (职工创新共享平台): innovation projects and
// achievements (one record from project to published achievement), their authors, events,
// the editable category dictionary, and 对接交易 (offers, intentions, follow-up notes, deals).
// Every scoped row copies `org_path`/`org_alt_path` from its owning enterprise.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { organizations } from './orgs.ts';
import { registryColumns, studios } from './registries.ts';
import { users } from './users.ts';

/** PostgreSQL `tsvector`, written as a literal of quoted lexemes (jieba tokens), never parsed by the server's locale. */
export const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => 'tsvector',
});

/** 成果类别: an editable dictionary (五小 confirmed; 四技 and 两比 await their official expansion). */
export const achievementCategories = pgTable(
  'achievement_categories',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** The campaign it belongs to: 五小 / 四技 / 两比 / 其他. */
    family: text('family').notNull(),
    /** False while the term's official expansion is unconfirmed (shown as 待确认). */
    confirmed: boolean('confirmed').notNull().default(true),
    note: text('note'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('achievement_categories_code_uq').on(t.code)],
);

export interface Patent {
  number: string;
  kind: 'invention' | 'utility' | 'design' | 'software';
}
export interface Award {
  name: string;
  level: string;
  year: number;
}

/** 创新项目 / 成果: draft → submitted → approved | returned → published. */
export const achievements = pgTable(
  'achievements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The owning enterprise. */
    orgId: bigint('org_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    orgPath: text('org_path').notNull(),
    orgAltPath: text('org_alt_path'),
    // Facts copied from the enterprise for filters and the targets (GB/T 2260 and GB/T 4754 codes).
    cityCode: text('city_code'),
    countyCode: text('county_code'),
    industrySection: text('industry_section'),
    industryDivision: text('industry_division'),
    title: text('title').notNull(),
    categoryId: bigint('category_id', { mode: 'number' })
      .notNull()
      .references(() => achievementCategories.id),
    year: integer('year').notNull(),
    studioId: bigint('studio_id', { mode: 'number' }).references(() => studios.id),
    description: text('description').notNull(),
    /** 经济效益（万元）. */
    benefitAmount: numeric('benefit_amount', { precision: 14, scale: 2 }),
    benefitNote: text('benefit_note'),
    patents: jsonb('patents').$type<Patent[]>().notNull().default([]),
    awards: jsonb('awards').$type<Award[]>().notNull().default([]),
    state: text('state').notNull().default('draft'),
    returnReason: text('return_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** jieba tokens of title (weight A), keywords and description (B). */
    searchVector: tsvector('search_vector'),
    version: integer('version').notNull().default(1),
    createdBy: bigint('created_by', { mode: 'number' }),
    updatedBy: bigint('updated_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('achievements_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('achievements_org_alt_path_idx').on(t.orgAltPath.op('text_pattern_ops')),
    index('achievements_state_year_idx').on(t.state, t.year),
    index('achievements_org_idx').on(t.orgId),
    index('achievements_search_idx').using('gin', t.searchVector),
    index('achievements_published_idx')
      .on(t.publishedAt)
      .where(sql`${t.state} = 'published' and ${t.deletedAt} is null`),
  ],
);

/** 完成人: people named on an achievement; shown publicly only with their recorded consent. */
export const achievementAuthors = pgTable(
  'achievement_authors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    achievementId: bigint('achievement_id', { mode: 'number' })
      .notNull()
      .references(() => achievements.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    role: text('role'),
    title: text('title'), // 职务/技能等级/荣誉 as the author wants it shown
    phone: text('phone'),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id),
    publicConsent: boolean('public_consent').notNull().default(false),
    consentAt: timestamp('consent_at', { withTimezone: true }),
  },
  (t) => [index('achievement_authors_achievement_idx').on(t.achievementId)],
);

/** Every accepted transition of an achievement, written with the state change. */
export const achievementEvents = pgTable(
  'achievement_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    achievementId: bigint('achievement_id', { mode: 'number' })
      .notNull()
      .references(() => achievements.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    reason: text('reason'),
    userId: bigint('user_id', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('achievement_events_achievement_idx').on(t.achievementId)],
);

/** 对接交易 listing: an achievement offered for 转让/许可/合作/免费共享 with terms. */
export const achievementOffers = pgTable(
  'achievement_offers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    achievementId: bigint('achievement_id', { mode: 'number' })
      .notNull()
      .references(() => achievements.id),
    orgId: bigint('org_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    orgPath: text('org_path').notNull(),
    orgAltPath: text('org_alt_path'),
    mode: text('mode').notNull(), // transfer | license | cooperation | free
    terms: text('terms').notNull(),
    /** 挂牌价（万元）; null when negotiable or free. */
    price: numeric('price', { precision: 14, scale: 2 }),
    negotiable: boolean('negotiable').notNull().default(false),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    state: text('state').notNull().default('open'), // open | closed
    listedOn: date('listed_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('achievement_offers_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('achievement_offers_achievement_idx').on(t.achievementId),
  ],
);

/**
 * 合作意向: a signed-in enterprise's interest in an offer. Seen by the offer's scope (`org_path`)
 * and by the sending enterprise (`sender_path`).
 */
export const offerIntentions = pgTable(
  'offer_intentions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    offerId: bigint('offer_id', { mode: 'number' })
      .notNull()
      .references(() => achievementOffers.id),
    orgPath: text('org_path').notNull(),
    orgAltPath: text('org_alt_path'),
    senderOrgId: bigint('sender_org_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    senderPath: text('sender_path').notNull(),
    message: text('message').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone'),
    state: text('state').notNull().default('sent'), // sent | following | deal | closed
    version: integer('version').notNull().default(1),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('offer_intentions_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('offer_intentions_sender_path_idx').on(t.senderPath.op('text_pattern_ops')),
    index('offer_intentions_offer_idx').on(t.offerId),
  ],
);

/** 跟进记录: the union's follow-up notes on an intention. */
export const intentionNotes = pgTable(
  'intention_notes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    intentionId: bigint('intention_id', { mode: 'number' })
      .notNull()
      .references(() => offerIntentions.id),
    note: text('note').notNull(),
    userId: bigint('user_id', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('intention_notes_intention_idx').on(t.intentionId)],
);

/** 成交: a deal recorded with its amount and date (target 5 counts these). */
export const achievementDeals = pgTable(
  'achievement_deals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    offerId: bigint('offer_id', { mode: 'number' })
      .notNull()
      .references(() => achievementOffers.id),
    intentionId: bigint('intention_id', { mode: 'number' }).references(() => offerIntentions.id),
    orgId: bigint('org_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    orgPath: text('org_path').notNull(),
    orgAltPath: text('org_alt_path'),
    buyerOrgId: bigint('buyer_org_id', { mode: 'number' }).references(() => organizations.id),
    buyerName: text('buyer_name').notNull(),
    /** 成交金额（万元）. */
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('achievement_deals_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('achievement_deals_offer_idx').on(t.offerId),
  ],
);

/** 职工创新交流活动 (registry `exchange-activities`, declared in src/shared/registries/sharing.ts). */
export const exchangeActivities = pgTable(
  'exchange_activities',
  {
    ...registryColumns(),
    name: text('name').notNull(),
    mode: text('mode').notNull(),
    countyCode: text('county_code').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    crossRegion: boolean('cross_region').notNull().default(false),
    crossIndustry: boolean('cross_industry').notNull().default(false),
    participants: integer('participants').notNull(),
    partners: text('partners'),
    summary: text('summary'),
  },
  (t) => [
    index('exchange_activities_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('exchange_activities_held_idx').on(t.heldOn),
  ],
);

/** 主题宣讲 (registry `lectures`). */
export const lectures = pgTable(
  'lectures',
  {
    ...registryColumns(),
    topic: text('topic').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    speaker: text('speaker'),
    venue: text('venue'),
    audience: text('audience').notNull(),
    audienceCount: integer('audience_count'),
  },
  (t) => [
    index('lectures_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('lectures_held_idx').on(t.heldOn),
  ],
);

/**
 * Document frequency of every search lexeme over the achievements (kept by a trigger; the
 * row `#docs` holds the number of documents). The search weights rare words above common
 * ones and filters by the rare ones first (docs/decisions/008-chinese-search.md).
 */
export const achievementLexemes = pgTable('achievement_lexemes', {
  lexeme: text('lexeme').primaryKey(),
  df: integer('df').notNull(),
});
