// 成效评估: the weights of the yearly team effectiveness score, one row per year, edited by the
// province (versioned with compare-and-set, audited). A year without a row uses the defaults
// of features/evaluation/evaluation.scoring.ts; the first save inserts the row.
import { bigint, bigserial, integer, jsonb, pgTable, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const evaluationWeights = pgTable(
  'evaluation_weights',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    year: integer('year').notNull(),
    weights: jsonb('weights').$type<Record<string, number>>().notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: bigint('updated_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('evaluation_weights_year_uq').on(t.year)],
);
