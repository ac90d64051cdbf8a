import { sql } from 'drizzle-orm';
import type { OrgKind } from '#shared/orgs.ts';
import {
  type AnyPgColumn,
  bigserial,
  bigint,
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Every organisation of the province in one tree: the provincial federation and its
 * departments, the 11 city and 90 county federations, provincial industry unions and
 * enterprises. `path` (`/1/2/15/`) is what scoping matches on; `altPath` is a second
 * place in the tree (an enterprise's industry union) whose users see it too.
 */
export const organizations = pgTable(
  'organizations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').$type<OrgKind>().notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    parentId: bigint('parent_id', { mode: 'number' }).references((): AnyPgColumn => organizations.id),
    path: text('path').notNull(),
    altPath: text('alt_path'),
    depth: integer('depth').notNull(),
    divisionCode: text('division_code'), // GB/T 2260 code of the area it belongs to
    divisionType: text('division_type'), // 市辖区 / 县级市 / 县 / 自治县 / 地级市 / 省
    isIsland: boolean('is_island').notNull().default(false), // national 海岛县 classification
    isMountain26: boolean('is_mountain26').notNull().default(false), // the original 山区26县
    // Enterprise facts the targets need.
    uscc: text('uscc'),
    industrySection: text('industry_section'),
    industryDivision: text('industry_division'),
    industryUnionId: bigint('industry_union_id', { mode: 'number' }).references(
      (): AnyPgColumn => organizations.id,
    ),
    aboveScaleIndustry: boolean('above_scale_industry').notNull().default(false),
    aboveLimitService: boolean('above_limit_service').notNull().default(false),
    hasUnion: boolean('has_union').notNull().default(false),
    reformPilot: boolean('reform_pilot').notNull().default(false),
    address: text('address'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('organizations_code_uq').on(t.code),
    uniqueIndex('organizations_uscc_uq')
      .on(t.uscc)
      .where(sql`${t.uscc} is not null and ${t.deletedAt} is null`),
    index('organizations_path_idx').on(t.path.op('text_pattern_ops')),
    index('organizations_alt_path_idx').on(t.altPath.op('text_pattern_ops')),
    index('organizations_parent_idx').on(t.parentId),
    index('organizations_kind_idx').on(t.kind),
  ],
);

/** A yearly list of 山区海岛县, with the date it took effect and the document behind it. */
export const mountainIslandLists = pgTable(
  'mountain_island_lists',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    year: integer('year').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    source: text('source'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mountain_island_lists_year_uq').on(t.year)],
);

export const mountainIslandMembers = pgTable(
  'mountain_island_members',
  {
    listId: bigint('list_id', { mode: 'number' })
      .notNull()
      .references(() => mountainIslandLists.id, { onDelete: 'cascade' }),
    orgId: bigint('org_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    category: text('category').notNull(), // mountain | island
  },
  (t) => [uniqueIndex('mountain_island_members_pk').on(t.listId, t.orgId)],
);
