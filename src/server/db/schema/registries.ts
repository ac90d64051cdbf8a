// Tables of the registries (台账). Each has the columns its definition in
// src/shared/registries declares (same names), plus the common ones below: the owning
// organisation and its paths for scoping, a version for optimistic locking, soft delete.
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { organizations } from './orgs.ts';

/** The columns every registry table has (exported for registries kept in other features' schema files). */
export const registryColumns = () => ({
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  orgId: bigint('org_id', { mode: 'number' })
    .notNull()
    .references(() => organizations.id),
  orgPath: text('org_path').notNull(),
  orgAltPath: text('org_alt_path'),
  version: integer('version').notNull().default(1),
  createdBy: bigint('created_by', { mode: 'number' }),
  updatedBy: bigint('updated_by', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
});

const orgRef = (name: string) => bigint(name, { mode: 'number' }).references(() => organizations.id);

export const studios = pgTable(
  'studios',
  {
    ...registryColumns(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    year: integer('year').notNull(),
    batch: text('batch'),
    leaderName: text('leader_name').notNull(),
    leaderHonours: text('leader_honours'),
    leaderPhone: text('leader_phone'),
    enterpriseId: orgRef('enterprise_id'),
    industryChain: text('industry_chain'),
    focus: text('focus'),
    memberCount: integer('member_count'),
    status: text('status').notNull(),
    reconfirmedYear: integer('reconfirmed_year'),
  },
  (t) => [
    index('studios_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('studios_year_idx').on(t.year),
    index('studios_level_idx').on(t.level),
  ],
);

export const workstations = pgTable(
  'workstations',
  {
    ...registryColumns(),
    name: text('name').notNull(),
    enterpriseId: orgRef('enterprise_id').notNull(),
    level: text('level').notNull(),
    year: integer('year').notNull(),
    note: text('note'),
  },
  (t) => [
    index('workstations_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('workstations_year_idx').on(t.year),
  ],
);

export const academies = pgTable(
  'academies',
  {
    ...registryColumns(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    yearEstablished: integer('year_established').notNull(),
    hostName: text('host_name'),
    address: text('address'),
  },
  (t) => [index('academies_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

export const courses = pgTable(
  'courses',
  {
    ...registryColumns(),
    name: text('name').notNull(),
    series: text('series').notNull(),
    triz: boolean('triz').notNull().default(false),
    hours: integer('hours'),
    active: boolean('active').notNull().default(true),
    summary: text('summary'),
  },
  (t) => [index('courses_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

export const trainingSessions = pgTable(
  'training_sessions',
  {
    ...registryColumns(),
    academyId: bigint('academy_id', { mode: 'number' })
      .notNull()
      .references(() => academies.id),
    course: text('course').notNull(),
    courseId: bigint('course_id', { mode: 'number' }).references(() => courses.id),
    triz: boolean('triz').notNull().default(false),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    personTimes: integer('person_times').notNull(),
    demonstration: boolean('demonstration').notNull().default(false),
    mountainIsland: boolean('mountain_island').notNull().default(false),
  },
  (t) => [
    index('training_sessions_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('training_sessions_org_alt_path_idx').on(t.orgAltPath.op('text_pattern_ops')),
    // The list's sorts (column, then id, in either direction) stop after one page.
    index('training_sessions_start_idx').on(t.startDate, t.id),
    index('training_sessions_person_times_idx').on(t.personTimes, t.id),
    index('training_sessions_course_idx').on(t.course, t.id),
    index('training_sessions_academy_idx').on(t.academyId),
    index('training_sessions_course_id_idx').on(t.courseId),
    // The natural key within the owner: an import finds existing records by it, batch by batch.
    index('training_sessions_natural_idx').on(t.orgId, t.academyId, t.course, t.startDate),
  ],
);

export const alliances = pgTable(
  'alliances',
  {
    ...registryColumns(),
    name: text('name').notNull(),
    batch: text('batch').notNull(),
    year: integer('year').notNull(),
    leadStudioId: bigint('lead_studio_id', { mode: 'number' }).references(() => studios.id),
    memberStudioCount: integer('member_studio_count'),
    industryChain: text('industry_chain'),
  },
  (t) => [index('alliances_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

export const allianceProjects = pgTable(
  'alliance_projects',
  {
    ...registryColumns(),
    title: text('title').notNull(),
    allianceId: bigint('alliance_id', { mode: 'number' })
      .notNull()
      .references(() => alliances.id),
    year: integer('year').notNull(),
    status: text('status').notNull(),
    topTen: boolean('top_ten').notNull().default(false),
    summary: text('summary'),
  },
  (t) => [index('alliance_projects_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

export const candidates = pgTable(
  'candidates',
  {
    ...registryColumns(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    field: text('field').notNull(),
    employerId: orgRef('employer_id'),
    phone: text('phone'),
    studioId: bigint('studio_id', { mode: 'number' }).references(() => studios.id),
  },
  (t) => [index('candidates_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

export const cohorts = pgTable(
  'cohorts',
  {
    ...registryColumns(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    participants: integer('participants').notNull(),
  },
  (t) => [index('cohorts_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

export const competitions = pgTable(
  'competitions',
  {
    ...registryColumns(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    occupation: text('occupation'),
    organiser: text('organiser'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    participants: integer('participants').notNull(),
    promotions: integer('promotions'),
  },
  (t) => [
    index('competitions_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('competitions_start_idx').on(t.startDate),
  ],
);

export const upgrades = pgTable(
  'upgrades',
  {
    ...registryColumns(),
    kind: text('kind').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    people: integer('people').notNull(),
    evidence: text('evidence'),
  },
  (t) => [index('upgrades_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

export const grants = pgTable(
  'grants',
  {
    ...registryColumns(),
    recipientKind: text('recipient_kind').notNull(),
    recipientName: text('recipient_name').notNull(),
    studioId: bigint('studio_id', { mode: 'number' }).references(() => studios.id),
    projectId: bigint('project_id', { mode: 'number' }).references(() => allianceProjects.id),
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    year: integer('year').notNull(),
    sourceLevel: text('source_level').notNull(),
    purpose: text('purpose').notNull(),
    tranche: integer('tranche'),
    paidOn: date('paid_on', { mode: 'string' }),
  },
  (t) => [
    index('grants_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('grants_year_idx').on(t.year),
  ],
);

export const wageNegotiations = pgTable(
  'wage_negotiations',
  {
    ...registryColumns(),
    enterpriseId: orgRef('enterprise_id').notNull(),
    year: integer('year').notNull(),
    signedOn: date('signed_on', { mode: 'string' }),
    contractKind: text('contract_kind'),
    evidence: text('evidence'),
  },
  (t) => [index('wage_negotiations_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

export const mechanisms = pgTable(
  'mechanisms',
  {
    ...registryColumns(),
    kind: text('kind').notNull(),
    establishedOn: date('established_on', { mode: 'string' }).notNull(),
    documentTitle: text('document_title').notNull(),
    partners: text('partners'),
  },
  (t) => [index('mechanisms_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

/** Every version of every registry record, written with the change: the record's history. */
export const recordHistory = pgTable(
  'record_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    registry: text('registry').notNull(),
    recordId: bigint('record_id', { mode: 'number' }).notNull(),
    version: integer('version').notNull(),
    action: text('action').notNull(), // create | update | delete | import
    data: jsonb('data').notNull(),
    userId: bigint('user_id', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('record_history_record_idx').on(t.registry, t.recordId)],
);

/** Annotated copies of refused imports, kept for the user to download (and swept after a day). */
export const importResults = pgTable('import_results', {
  id: text('id').primaryKey(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  registry: text('registry').notNull(),
  fileName: text('file_name').notNull(),
  content: text('content').notNull(), // base64 of the xlsx
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Imports run as jobs in the app process (decision 018): the importer polls the row for progress
 * and, once done, the result. A job still `running` when its process is gone is marked failed
 * (interrupted) at the next start; finished jobs are swept with the annotated files.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: text('id').primaryKey(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    registry: text('registry').notNull(),
    fileName: text('file_name').notNull(),
    mode: text('mode').notNull(), // all | valid
    status: text('status').notNull(), // running | done | failed
    phase: text('phase').notNull(), // reading | checking | writing | finished
    rowsRead: integer('rows_read').notNull().default(0),
    rowsTotal: integer('rows_total'),
    rowsWritten: integer('rows_written').notNull().default(0),
    rowsToWrite: integer('rows_to_write'),
    refused: integer('refused').notNull().default(0),
    result: jsonb('result'),
    error: text('error'),
    /** The process running it (a random id per process) and when that process last said so. */
    runner: text('runner').notNull(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('import_jobs_user_idx').on(t.userId, t.startedAt),
    index('import_jobs_status_idx').on(t.status),
  ],
);

/**
 * The many-to-many fields (`refs`) of every registry: one row per record, field and target
 * (an alliance's member studios, a cohort's candidates). Kept through soft deletes, like history.
 */
export const recordLinks = pgTable(
  'record_links',
  {
    registry: text('registry').notNull(),
    recordId: bigint('record_id', { mode: 'number' }).notNull(),
    field: text('field').notNull(),
    targetId: bigint('target_id', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.registry, t.recordId, t.field, t.targetId] }),
    index('record_links_target_idx').on(t.registry, t.field, t.targetId),
  ],
);
