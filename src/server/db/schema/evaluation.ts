// 成效评估: the weights of the yearly team effectiveness score are data. One current row per
// year (`evaluation_weights`, compare-and-set on `version`) and every version ever in force
// (`evaluation_weight_versions`), so a ranking can say which weights it used and who set them.
// The migration seeds 2025 with the work plan's weights; a year without a row is seeded at
// start from the nearest earlier year, and until then reads that year's weights (inherited).
import {
  bigint,
  bigserial,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const evaluationWeights = pgTable(
  'evaluation_weights',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    year: integer('year').notNull(),
    weights: jsonb('weights').$type<Record<string, number>>().notNull(),
    version: integer('version').notNull().default(1),
    /** Why this version: the seed's origin, or the province's note when it edited them. */
    note: text('note'),
    updatedBy: bigint('updated_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('evaluation_weights_year_uq').on(t.year)],
);

/** Every version of a year's weights, the current one included (written with it, in one transaction). */
export const evaluationWeightVersions = pgTable(
  'evaluation_weight_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    weights: jsonb('weights').$type<Record<string, number>>().notNull(),
    note: text('note'),
    changedBy: bigint('changed_by', { mode: 'number' }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('evaluation_weight_versions_uq').on(t.year, t.version)],
);
