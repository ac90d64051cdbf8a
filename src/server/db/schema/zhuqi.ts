// 劳模工匠助企行: the resource list (craftsmen, service teams), the demand list, the dispatch
// and service workflow (assignments, events, service records, follow-ups), special service
// actions, and the timers (due jobs) that drive deadlines. Scoped rows copy `orgPath` /
// `orgAltPath` from their owning organisation, like the registries.
import { sql } from 'drizzle-orm';
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
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { organizations } from './orgs.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const orgRef = (name: string) => bigint(name, { mode: 'number' }).references(() => organizations.id);

const scoped = () => ({
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  orgId: orgRef('org_id').notNull(),
  orgPath: text('org_path').notNull(),
  orgAltPath: text('org_alt_path'),
  version: integer('version').notNull().default(1),
  createdBy: bigint('created_by', { mode: 'number' }),
  updatedBy: bigint('updated_by', { mode: 'number' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
});

export interface HonourEntry {
  id: string;
  year: number;
}
export interface UnavailablePeriod {
  from: string;
  to: string;
  reason?: string | null;
}

/** 劳模工匠 (资源清单). Owned by the county union of the county they serve; `orgAltPath` is the employer's industry union. */
export const craftsmen = pgTable(
  'craftsmen',
  {
    ...scoped(),
    name: text('name').notNull(),
    gender: text('gender'), // male | female
    birthYear: integer('birth_year'),
    phone: text('phone'),
    idNumber: text('id_number'),
    employerId: orgRef('employer_id'),
    employerName: text('employer_name'),
    countyId: orgRef('county_id').notNull(),
    occupation: text('occupation'), // 职业分类大典 中类 code, e.g. 6-18
    skillLevel: integer('skill_level'), // 1..8 on the 新八级工 ladder
    honours: jsonb('honours').$type<HonourEntry[]>().notNull().default([]),
    specialtyTags: text('specialty_tags').array().notNull().default(sql`'{}'::text[]`),
    specialties: text('specialties'),
    industries: text('industries').array().notNull().default(sql`'{}'::text[]`), // GB/T 4754 大类
    monthlyCapacity: integer('monthly_capacity').notNull().default(2),
    unavailable: jsonb('unavailable').$type<UnavailablePeriod[]>().notNull().default([]),
    employerConsent: boolean('employer_consent').notNull().default(false),
    publicConsent: boolean('public_consent').notNull().default(false),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id),
  },
  (t) => [
    index('craftsmen_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('craftsmen_alt_path_idx').on(t.orgAltPath.op('text_pattern_ops')),
    index('craftsmen_county_idx').on(t.countyId),
    uniqueIndex('craftsmen_user_uq')
      .on(t.userId)
      .where(sql`${t.userId} is not null and ${t.deletedAt} is null`),
    uniqueIndex('craftsmen_id_number_uq')
      .on(t.idNumber)
      .where(sql`${t.idNumber} is not null and ${t.deletedAt} is null`),
  ],
);

/** 服务队: owned by its home organisation (county, city, industry union or the province). */
export const serviceTeams = pgTable(
  'service_teams',
  {
    ...scoped(),
    name: text('name').notNull(),
    leaderId: bigint('leader_id', { mode: 'number' })
      .notNull()
      .references(() => craftsmen.id),
    specialty: text('specialty'),
    foundedOn: date('founded_on', { mode: 'string' }),
    description: text('description'),
  },
  (t) => [index('service_teams_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

export const serviceTeamMembers = pgTable(
  'service_team_members',
  {
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => serviceTeams.id, { onDelete: 'cascade' }),
    craftsmanId: bigint('craftsman_id', { mode: 'number' })
      .notNull()
      .references(() => craftsmen.id),
    joinedOn: date('joined_on', { mode: 'string' }),
  },
  (t) => [
    uniqueIndex('service_team_members_pk').on(t.teamId, t.craftsmanId),
    index('service_team_members_craftsman_idx').on(t.craftsmanId),
  ],
);

/** 需求类别: an editable dictionary (seeded with the six kinds of help of the plan). */
export const demandCategories = pgTable(
  'demand_categories',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('demand_categories_name_uq').on(t.name)],
);

/** 需求: owned by the enterprise that has the problem; `level` is who dispatches (county → city → province). */
export const demands = pgTable(
  'demands',
  {
    ...scoped(),
    countyId: orgRef('county_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    categoryId: bigint('category_id', { mode: 'number' })
      .notNull()
      .references(() => demandCategories.id),
    industryDivision: text('industry_division'),
    urgency: text('urgency').notNull().default('normal'), // normal | urgent | critical
    wantedBy: date('wanted_by', { mode: 'string' }),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    state: text('state').notNull().default('submitted'),
    level: text('level').notNull().default('county'), // county | city | province
    failures: integer('failures').notNull().default(0), // declines and timeouts at the current level
    returnReason: text('return_reason'),
    // Who serves it once accepted or claimed.
    serverType: text('server_type'), // craftsman | team
    serverCraftsmanId: bigint('server_craftsman_id', { mode: 'number' }).references(() => craftsmen.id),
    serverTeamId: bigint('server_team_id', { mode: 'number' }).references(() => serviceTeams.id),
    claimNote: text('claim_note'),
    publishedAt: ts('published_at'),
    acceptedAt: ts('accepted_at'),
    completedAt: ts('completed_at'),
    completionNote: text('completion_note'),
    closedAt: ts('closed_at'),
    ratingTimeliness: integer('rating_timeliness'),
    ratingEffect: integer('rating_effect'),
    ratingAttitude: integer('rating_attitude'),
    ratingComment: text('rating_comment'),
    benefitYuan: numeric('benefit_yuan', { precision: 14, scale: 2 }),
    typicalCase: boolean('typical_case').notNull().default(false),
  },
  (t) => [
    index('demands_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('demands_alt_path_idx').on(t.orgAltPath.op('text_pattern_ops')),
    index('demands_state_idx').on(t.state),
    index('demands_county_idx').on(t.countyId),
  ],
);

/**
 * The ordered candidate list of one dispatch round: position 1 is offered first; a decline
 * or a timeout offers the next. State: queued → offered → accepted | declined | expired;
 * queued/offered rows are `withdrawn` when the round ends otherwise.
 */
export const assignments = pgTable(
  'assignments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    demandId: bigint('demand_id', { mode: 'number' })
      .notNull()
      .references(() => demands.id),
    orgPath: text('org_path').notNull(),
    round: integer('round').notNull(),
    position: integer('position').notNull(),
    level: text('level').notNull(),
    candidateType: text('candidate_type').notNull(), // craftsman | team
    craftsmanId: bigint('craftsman_id', { mode: 'number' }).references(() => craftsmen.id),
    teamId: bigint('team_id', { mode: 'number' }).references(() => serviceTeams.id),
    state: text('state').notNull().default('queued'),
    deadlineHours: integer('deadline_hours').notNull().default(48),
    offeredAt: ts('offered_at'),
    deadline: ts('deadline'),
    respondedAt: ts('responded_at'),
    declineReason: text('decline_reason'),
    dispatchedBy: bigint('dispatched_by', { mode: 'number' }),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('assignments_demand_idx').on(t.demandId),
    index('assignments_craftsman_idx').on(t.craftsmanId),
    index('assignments_team_idx').on(t.teamId),
    uniqueIndex('assignments_round_pos_uq').on(t.demandId, t.round, t.position),
  ],
);

/** One row per accepted transition of a demand: the timeline. */
export const demandEvents = pgTable(
  'demand_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    demandId: bigint('demand_id', { mode: 'number' })
      .notNull()
      .references(() => demands.id),
    orgPath: text('org_path').notNull(),
    at: ts('at').notNull(),
    userId: bigint('user_id', { mode: 'number' }),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    assignmentId: bigint('assignment_id', { mode: 'number' }),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('demand_events_demand_idx').on(t.demandId)],
);

/** 服务记录: a visit (date, hours, what was done, workers trained). Counted for person-times. */
export const serviceRecords = pgTable(
  'service_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    demandId: bigint('demand_id', { mode: 'number' })
      .notNull()
      .references(() => demands.id),
    orgPath: text('org_path').notNull(),
    countyId: orgRef('county_id').notNull(),
    craftsmanId: bigint('craftsman_id', { mode: 'number' }).references(() => craftsmen.id),
    teamId: bigint('team_id', { mode: 'number' }).references(() => serviceTeams.id),
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 6, scale: 1 }).notNull(),
    participants: integer('participants').notNull().default(1), // craftsmen on the visit (person-times)
    workersTrained: integer('workers_trained').notNull().default(0),
    content: text('content').notNull(),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('service_records_demand_idx').on(t.demandId),
    index('service_records_date_idx').on(t.visitDate),
  ],
);

/** 回访: 30 and 90 days after closing, the enterprise reports the benefit realised. */
export const demandFollowups = pgTable(
  'demand_followups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    demandId: bigint('demand_id', { mode: 'number' })
      .notNull()
      .references(() => demands.id),
    orgPath: text('org_path').notNull(),
    days: integer('days').notNull(), // 30 | 90
    dueAt: ts('due_at').notNull(),
    askedAt: ts('asked_at'),
    answeredAt: ts('answered_at'),
    benefitYuan: numeric('benefit_yuan', { precision: 14, scale: 2 }),
    note: text('note'),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('demand_followups_uq').on(t.demandId, t.days)],
);

/**
 * Timers that must survive restarts (assignment deadlines, follow-ups, webhook retries): a
 * ticker claims due rows with FOR UPDATE SKIP LOCKED, so two processes never run one twice.
 */
export const dueJobs = pgTable(
  'due_jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(), // assignment.deadline | followup.ask
    refId: bigint('ref_id', { mode: 'number' }).notNull(),
    dueAt: ts('due_at').notNull(),
    state: text('state').notNull().default('pending'), // pending | done | cancelled | failed
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    doneAt: ts('done_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('due_jobs_pending_idx').on(t.dueAt).where(sql`${t.state} = 'pending'`),
    index('due_jobs_ref_idx').on(t.kind, t.refId),
  ],
);

/** 专项行动: a service event (mountain/island special sessions counted on their own). */
export const serviceActions = pgTable(
  'service_actions',
  {
    ...scoped(),
    title: text('title').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    countyId: orgRef('county_id').notNull(),
    organiser: text('organiser'),
    workersTrained: integer('workers_trained').notNull().default(0),
    mountainIsland: boolean('mountain_island').notNull().default(false),
    summary: text('summary'),
  },
  (t) => [index('service_actions_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

export const serviceActionParticipants = pgTable(
  'service_action_participants',
  {
    actionId: bigint('action_id', { mode: 'number' })
      .notNull()
      .references(() => serviceActions.id, { onDelete: 'cascade' }),
    craftsmanId: bigint('craftsman_id', { mode: 'number' })
      .notNull()
      .references(() => craftsmen.id),
  },
  (t) => [uniqueIndex('service_action_participants_pk').on(t.actionId, t.craftsmanId)],
);

// —— 揭榜挂帅 (open challenges for key problems) ——

export interface ChallengeCriterion {
  key: string;
  label: string;
  /** Percent; the weights of a challenge add up to 100. */
  weight: number;
}
export interface ProposedMilestone {
  title: string;
  amountYuan: string;
  dueOn?: string | null;
}

/**
 * 揭榜挂帅 榜单: a key problem published by a union (province, city, county or industry union)
 * with a fund and two deadlines. State: draft → published → reviewing → awarded → in_progress →
 * completed, or cancelled. `criteria` are the panel's scoring criteria with their weights.
 */
export const challenges = pgTable(
  'challenges',
  {
    ...scoped(),
    title: text('title').notNull(),
    problem: text('problem').notNull(),
    requirements: text('requirements'),
    fundYuan: numeric('fund_yuan', { precision: 14, scale: 2 }).notNull(),
    applyBy: date('apply_by', { mode: 'string' }).notNull(),
    completeBy: date('complete_by', { mode: 'string' }).notNull(),
    industryDivision: text('industry_division'),
    categoryId: bigint('category_id', { mode: 'number' }).references(() => demandCategories.id),
    criteria: jsonb('criteria').$type<ChallengeCriterion[]>().notNull(),
    state: text('state').notNull().default('draft'),
    /** Why the demands were grouped, when made from a 共性难题 cluster. */
    clusterNote: text('cluster_note'),
    panelClosedAt: ts('panel_closed_at'),
    awardedApplicationId: bigint('awarded_application_id', { mode: 'number' }),
    awardReason: text('award_reason'),
    cancelReason: text('cancel_reason'),
    publishedAt: ts('published_at'),
    awardedAt: ts('awarded_at'),
    completedAt: ts('completed_at'),
  },
  (t) => [
    index('challenges_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('challenges_state_idx').on(t.state),
  ],
);

/** The demands a challenge came from (a demand is in at most one live challenge: checked by the service). */
export const challengeDemands = pgTable(
  'challenge_demands',
  {
    challengeId: bigint('challenge_id', { mode: 'number' })
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    demandId: bigint('demand_id', { mode: 'number' })
      .notNull()
      .references(() => demands.id),
  },
  (t) => [
    uniqueIndex('challenge_demands_pk').on(t.challengeId, t.demandId),
    index('challenge_demands_demand_idx').on(t.demandId),
  ],
);

/**
 * 揭榜: one application of a service team or a studio (one live application per applicant per
 * challenge). State: submitted → awarded | not_awarded, or withdrawn before review.
 */
export const challengeApplications = pgTable(
  'challenge_applications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    challengeId: bigint('challenge_id', { mode: 'number' })
      .notNull()
      .references(() => challenges.id),
    orgPath: text('org_path').notNull(),
    applicantType: text('applicant_type').notNull(), // team | studio
    teamId: bigint('team_id', { mode: 'number' }).references(() => serviceTeams.id),
    studioId: bigint('studio_id', { mode: 'number' }),
    /** `team:<id>` or `studio:<id>`: the key of the one-live-application rule. */
    applicantKey: text('applicant_key').notNull(),
    applicantName: text('applicant_name').notNull(),
    proposal: text('proposal').notNull(),
    plan: text('plan'),
    milestones: jsonb('milestones').$type<ProposedMilestone[]>().notNull(),
    state: text('state').notNull().default('submitted'),
    submittedBy: bigint('submitted_by', { mode: 'number' }).references(() => users.id),
    withdrawnAt: ts('withdrawn_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('challenge_applications_challenge_idx').on(t.challengeId),
    uniqueIndex('challenge_applications_live_uq')
      .on(t.challengeId, t.applicantKey)
      .where(sql`${t.state} <> 'withdrawn'`),
  ],
);

/** The review panel of a challenge: users named by the operator. */
export const challengePanel = pgTable(
  'challenge_panel',
  {
    challengeId: bigint('challenge_id', { mode: 'number' })
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    uniqueIndex('challenge_panel_pk').on(t.challengeId, t.userId),
    index('challenge_panel_user_idx').on(t.userId),
  ],
);

/** One panel member's scores of one application: 0–100 per criterion, the weighted total, a comment. */
export const challengeScores = pgTable(
  'challenge_scores',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    challengeId: bigint('challenge_id', { mode: 'number' })
      .notNull()
      .references(() => challenges.id),
    applicationId: bigint('application_id', { mode: 'number' })
      .notNull()
      .references(() => challengeApplications.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    total: numeric('total', { precision: 6, scale: 2 }).notNull(),
    comment: text('comment'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('challenge_scores_uq').on(t.applicationId, t.userId)],
);

/** The awarded application's milestones; accepting one pays its tranche (a row of the grants ledger). */
export const challengeMilestones = pgTable(
  'challenge_milestones',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    challengeId: bigint('challenge_id', { mode: 'number' })
      .notNull()
      .references(() => challenges.id),
    orgPath: text('org_path').notNull(),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    amountYuan: numeric('amount_yuan', { precision: 14, scale: 2 }).notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    state: text('state').notNull().default('pending'), // pending | accepted
    evidence: text('evidence'),
    acceptedAt: ts('accepted_at'),
    acceptedBy: bigint('accepted_by', { mode: 'number' }),
    tranche: integer('tranche'),
    grantId: bigint('grant_id', { mode: 'number' }),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('challenge_milestones_seq_uq').on(t.challengeId, t.seq)],
);

/** One row per accepted transition of a challenge: the timeline. */
export const challengeEvents = pgTable(
  'challenge_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    challengeId: bigint('challenge_id', { mode: 'number' })
      .notNull()
      .references(() => challenges.id),
    orgPath: text('org_path').notNull(),
    at: ts('at').notNull(),
    userId: bigint('user_id', { mode: 'number' }),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('challenge_events_challenge_idx').on(t.challengeId)],
);
