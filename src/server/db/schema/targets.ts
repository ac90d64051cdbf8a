// 任务督办: plans by year, their tasks and metrics (the 2025 plan is seeded from the source
// document), sub-targets assigned down the tree (decomposition), and the reports that carry
// the metrics no record can make (submitted with evidence, approved or returned one level up).
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { organizations } from './orgs.ts';
import { users } from './users.ts';

export const plans = pgTable(
  'plans',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    issuer: text('issuer').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }),
    /** The plan it was copied from (next year's plan is made by copying and editing). */
    basedOnId: bigint('based_on_id', { mode: 'number' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('plans_year_uq').on(t.year)],
);

export const planTasks = pgTable(
  'plan_tasks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    planId: bigint('plan_id', { mode: 'number' })
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    no: text('no').notNull(),
    title: text('title').notNull(),
    owners: text('owners').notNull(),
    section: text('section'),
    sortOrder: integer('sort_order').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('plan_tasks_no_uq').on(t.planId, t.no)],
);

export const planMetrics = pgTable(
  'plan_metrics',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    planId: bigint('plan_id', { mode: 'number' })
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    taskId: bigint('task_id', { mode: 'number' })
      .notNull()
      .references(() => planTasks.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    label: text('label').notNull(),
    unit: text('unit').notNull(),
    kind: text('kind').notNull(),
    comparator: text('comparator').notNull(),
    target: numeric('target', { mode: 'number' }),
    source: text('source').notNull(),
    note: text('note'),
    sortOrder: integer('sort_order').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('plan_metrics_key_uq').on(t.planId, t.key),
    index('plan_metrics_task_idx').on(t.taskId),
  ],
);

/** A sub-target: the province assigns to cities and industry unions, a city to its counties. */
export const metricAssignments = pgTable(
  'metric_assignments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    metricId: bigint('metric_id', { mode: 'number' })
      .notNull()
      .references(() => planMetrics.id, { onDelete: 'cascade' }),
    orgId: bigint('org_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    orgPath: text('org_path').notNull(),
    target: numeric('target', { mode: 'number' }).notNull(),
    assignedBy: bigint('assigned_by', { mode: 'number' }).references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('metric_assignments_uq').on(t.metricId, t.orgId)],
);

/** The value of a reported metric for one organisation, and where it stands in approval. */
export const metricReports = pgTable(
  'metric_reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    metricId: bigint('metric_id', { mode: 'number' })
      .notNull()
      .references(() => planMetrics.id, { onDelete: 'cascade' }),
    orgId: bigint('org_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    orgPath: text('org_path').notNull(),
    orgAltPath: text('org_alt_path'),
    value: numeric('value', { mode: 'number' }).notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    explanation: text('explanation'),
    evidence: text('evidence'),
    status: text('status').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: bigint('submitted_by', { mode: 'number' }).references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: bigint('reviewed_by', { mode: 'number' }).references(() => users.id),
    returnReason: text('return_reason'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('metric_reports_uq').on(t.metricId, t.orgId),
    index('metric_reports_path_idx').on(t.orgPath.op('text_pattern_ops')),
  ],
);

export const metricReportEvents = pgTable(
  'metric_report_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: bigint('report_id', { mode: 'number' })
      .notNull()
      .references(() => metricReports.id, { onDelete: 'cascade' }),
    action: text('action').notNull(), // save | submit | return | approve | reopen
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    value: numeric('value', { mode: 'number' }),
    reason: text('reason'),
    actorId: bigint('actor_id', { mode: 'number' }).references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('metric_report_events_report_idx').on(t.reportId)],
);

/**
 * In-app reminders (督办提醒) sent to an organisation about a metric its forecast will miss: at
 * most one per metric × organisation × week (the Monday it falls in, China time), whoever sends.
 */
export const metricReminders = pgTable(
  'metric_reminders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    metricId: bigint('metric_id', { mode: 'number' })
      .notNull()
      .references(() => planMetrics.id, { onDelete: 'cascade' }),
    orgId: bigint('org_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    recipients: integer('recipients').notNull(),
    sentBy: bigint('sent_by', { mode: 'number' }).references(() => users.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('metric_reminders_uq').on(t.metricId, t.orgId, t.weekStart)],
);
