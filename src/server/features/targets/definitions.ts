// How each metric of a plan is made from the platform's records: one declarative definition
// per metric key. The evaluator (evaluate.ts) turns these into SQL for any organisation and
// any as-of date; the drill-down lists the records behind a number from the same definition.
// A metric whose key has no definition here is not computed from records: its plan row says
// `source: 'reported'`, and its values come from approved reports (reports.service.ts).

/** A condition on a field of the source (field keys as the registry definitions name them). */
export type Filter =
  | { field: string; eq: string | number | boolean }
  | { field: string; in: readonly string[] }
  | { field: string; notNull: true };

/**
 * When a record counts. `date`: its date field lies in the plan year up to the as-of date.
 * `year`: its year field is the plan year; the record's own date is then its entry date,
 * clamped into that year. `stock: true` counts everything up to the as-of date (a stock,
 * like academies built so far) instead of the plan year's flow.
 */
export interface When {
  field: string;
  basis: 'date' | 'year';
  stock?: boolean;
}

/**
 * Where a record lies on the map: by default the organisation that keeps it; `locate` names
 * a field that places it better (a workstation lies where its enterprise is; a grant where
 * its studio is).
 */
export interface Locate {
  field: string;
  /** 'org' for organisation fields; otherwise the source key of the record it points to. */
  via: 'org' | string;
}

export interface RecordSet {
  source: string;
  where?: readonly Filter[];
  when: When;
  locate?: Locate;
}

/** The organisations a coverage rate is over. */
export type Population =
  | { orgKinds: readonly ('province' | 'city' | 'county')[] }
  | {
      enterprises: {
        hasUnion?: boolean;
        reformPilot?: boolean;
        /** 规上工业 or 规上（限上）服务业. */
        aboveScale?: boolean;
      };
    };

/** Which records make a member of the population covered. */
export type Match =
  | { by: 'own' } // kept by the member itself
  | { by: 'subtree' } // kept anywhere in the member's subtree
  | { by: 'field'; field: string }; // a field of the record names the member

export type MetricDefinition =
  | { kind: 'count'; records: RecordSet; distinct?: string }
  | { kind: 'sum'; records: RecordSet; field: string }
  | { kind: 'growth'; records: RecordSet }
  | { kind: 'share'; records: RecordSet; numerator: readonly Filter[] }
  | { kind: 'coverage' | 'milestone'; population: Population; hit: RecordSet & { match: Match } };

const flow = (field: string, basis: 'date' | 'year' = 'date'): When => ({ field, basis });

// 职工创新共享平台 (targets 2–6). A project counts once it is submitted (not as a draft, nor
// while returned for changes).
const PROJECT_STATES = ['submitted', 'approved', 'published'] as const;
const SHARING_DEFINITIONS: Record<string, MetricDefinition> = {
  // 2 — unionised above-scale enterprises with a project in the year.
  innovation_activity_coverage: {
    kind: 'coverage',
    population: { enterprises: { hasUnion: true, aboveScale: true } },
    hit: {
      source: 'achievements',
      where: [{ field: 'state', in: PROJECT_STATES }],
      when: { field: 'year', basis: 'year' },
      match: { by: 'field', field: 'orgId' },
    },
  },
  // 3
  innovation_projects_growth: {
    kind: 'growth',
    records: {
      source: 'achievements',
      where: [{ field: 'state', in: PROJECT_STATES }],
      when: { field: 'year', basis: 'year' },
    },
  },
  // 4
  lecture_sessions: {
    kind: 'count',
    records: { source: 'lectures', when: { field: 'heldOn', basis: 'date' } },
  },
  // 5
  achievement_listings: {
    kind: 'count',
    records: { source: 'achievement-offers', when: { field: 'listedOn', basis: 'date' } },
  },
  achievement_intentions: {
    kind: 'count',
    records: { source: 'offer-intentions', when: { field: 'sentOn', basis: 'date' } },
  },
  achievement_deals: {
    kind: 'count',
    records: { source: 'achievement-deals', when: { field: 'signedOn', basis: 'date' } },
  },
  // 6 — every county-level and higher federation holds at least one exchange activity itself.
  exchange_activity_coverage: {
    kind: 'coverage',
    population: { orgKinds: ['province', 'city', 'county'] },
    hit: { source: 'exchange-activities', when: { field: 'heldOn', basis: 'date' }, match: { by: 'own' } },
  },
};

// 劳模工匠助企行 (targets 13–14 and the mountain/island special sessions). Teams, members and the
// enterprises and model workers on the platform are stocks (what the platform holds at the
// date); special actions are flows by their date, placed in the county they served.
const onPlatform = (field = 'createdAt'): When => ({ field, basis: 'date', stock: true });
const actionDate: When = { field: 'heldOn', basis: 'date' };
const inCounty: Locate = { field: 'countyId', via: 'org' };
const ZHUQI_DEFINITIONS: Record<string, MetricDefinition> = {
  service_teams: { kind: 'count', records: { source: 'service-teams', when: onPlatform() } },
  // One row per membership: a craftsman in two teams counts twice (入队人员 as the teams report them).
  service_team_members: { kind: 'count', records: { source: 'service-team-members', when: onPlatform() } },
  enterprises_on_platform: {
    kind: 'count',
    records: { source: 'platform-enterprises', when: onPlatform('joinedAt') },
  },
  model_workers_on_platform: {
    kind: 'count',
    records: { source: 'platform-model-workers', when: onPlatform() },
  },
  special_actions: {
    kind: 'count',
    records: { source: 'service-actions', when: actionDate, locate: inCounty },
  },
  special_action_craftsmen: {
    kind: 'count',
    records: { source: 'service-action-participants', when: actionDate, locate: inCounty },
  },
  mountain_island_sessions: {
    kind: 'count',
    records: {
      source: 'service-actions',
      where: [{ field: 'mountainIsland', eq: true }],
      when: actionDate,
      locate: inCounty,
    },
  },
  mountain_island_trained: {
    kind: 'sum',
    field: 'workersTrained',
    records: {
      source: 'service-actions',
      where: [{ field: 'mountainIsland', eq: true }],
      when: actionDate,
      locate: inCounty,
    },
  },
};

export const METRIC_DEFINITIONS: Record<string, MetricDefinition> = {
  ...SHARING_DEFINITIONS,
  ...ZHUQI_DEFINITIONS,
  // 1 — each city's coordination mechanism.
  coordination_mechanism_cities: {
    kind: 'milestone',
    population: { orgKinds: ['city'] },
    hit: {
      source: 'mechanisms',
      where: [{ field: 'kind', eq: 'coordination' }],
      when: { field: 'establishedOn', basis: 'date', stock: true },
      match: { by: 'own' },
    },
  },
  // 5 — the exchange (交融) mechanism, anywhere in the province.
  exchange_mechanism: {
    kind: 'milestone',
    population: { orgKinds: ['province'] },
    hit: {
      source: 'mechanisms',
      where: [{ field: 'kind', eq: 'exchange' }],
      when: { field: 'establishedOn', basis: 'date', stock: true },
      match: { by: 'subtree' },
    },
  },
  // 7
  provincial_workstations: {
    kind: 'count',
    records: {
      source: 'workstations',
      where: [{ field: 'level', eq: 'provincial' }],
      when: flow('year', 'year'),
      locate: { field: 'enterpriseId', via: 'org' },
    },
  },
  // 8
  wage_negotiation_reform_coverage: {
    kind: 'coverage',
    population: { enterprises: { reformPilot: true } },
    hit: {
      source: 'wage-negotiations',
      when: flow('year', 'year'),
      match: { by: 'field', field: 'enterpriseId' },
    },
  },
  wage_negotiation_unionised_coverage: {
    kind: 'coverage',
    population: { enterprises: { hasUnion: true, aboveScale: true } },
    hit: {
      source: 'wage-negotiations',
      when: flow('year', 'year'),
      match: { by: 'field', field: 'enterpriseId' },
    },
  },
  // 9
  provincial_studios_new: {
    kind: 'count',
    records: {
      source: 'studios',
      where: [{ field: 'level', eq: 'provincial' }],
      when: flow('year', 'year'),
      locate: { field: 'enterpriseId', via: 'org' },
    },
  },
  // 10 — studios funded from provincial money, each studio once.
  funded_provincial_studios: {
    kind: 'count',
    distinct: 'studioId',
    records: {
      source: 'grants',
      where: [
        { field: 'recipientKind', eq: 'studio' },
        { field: 'sourceLevel', eq: 'provincial' },
        { field: 'studioId', notNull: true },
      ],
      when: flow('year', 'year'),
      locate: { field: 'studioId', via: 'studios' },
    },
  },
  // 11
  second_batch_alliances: {
    kind: 'count',
    records: { source: 'alliances', where: [{ field: 'batch', eq: '2' }], when: flow('year', 'year') },
  },
  // 12
  funded_alliance_projects: {
    kind: 'count',
    distinct: 'projectId',
    records: {
      source: 'grants',
      where: [
        { field: 'recipientKind', eq: 'alliance_project' },
        { field: 'projectId', notNull: true },
      ],
      when: flow('year', 'year'),
      locate: { field: 'projectId', via: 'alliance-projects' },
    },
  },
  // 15
  candidates_selected: {
    kind: 'count',
    records: {
      source: 'candidates',
      when: flow('year', 'year'),
      locate: { field: 'employerId', via: 'org' },
    },
  },
  // 16
  cohorts_held: { kind: 'count', records: { source: 'cohorts', when: flow('startDate') } },
  cohort_participants: {
    kind: 'sum',
    field: 'participants',
    records: { source: 'cohorts', when: flow('startDate') },
  },
  // 17
  provincial_academy_sites: {
    kind: 'count',
    records: {
      source: 'academies',
      where: [{ field: 'level', eq: 'provincial_site' }],
      when: flow('yearEstablished', 'year'),
    },
  },
  // 18
  academies_total: {
    kind: 'count',
    records: {
      source: 'academies',
      where: [{ field: 'kind', eq: 'academy' }],
      when: { field: 'yearEstablished', basis: 'year', stock: true },
    },
  },
  county_academy_coverage: {
    kind: 'coverage',
    population: { orgKinds: ['county'] },
    hit: {
      source: 'academies',
      when: { field: 'yearEstablished', basis: 'year', stock: true },
      match: { by: 'subtree' },
    },
  },
  // 19
  zj_academy_demonstration_training: {
    kind: 'sum',
    field: 'personTimes',
    records: {
      source: 'training-sessions',
      where: [{ field: 'demonstration', eq: true }],
      when: flow('startDate'),
    },
  },
  academy_training_total: {
    kind: 'sum',
    field: 'personTimes',
    records: { source: 'training-sessions', when: flow('startDate') },
  },
  // 20
  upgrades_people: { kind: 'sum', field: 'people', records: { source: 'upgrades', when: flow('periodEnd') } },
  // 21
  provincial_competitions: {
    kind: 'count',
    records: {
      source: 'competitions',
      where: [{ field: 'level', eq: 'provincial' }],
      when: flow('startDate'),
    },
  },
  competition_participants: {
    kind: 'sum',
    field: 'participants',
    records: { source: 'competitions', when: flow('startDate') },
  },
  competition_promotions: {
    kind: 'sum',
    field: 'promotions',
    records: { source: 'competitions', when: flow('startDate') },
  },
  // E2
  assist_provincial_funds: {
    kind: 'sum',
    field: 'amount',
    records: {
      source: 'grants',
      where: [
        { field: 'purpose', eq: 'assist_enterprises' },
        { field: 'sourceLevel', eq: 'provincial' },
      ],
      when: flow('year', 'year'),
    },
  },
  // E3
  candidates_with_studio_share: {
    kind: 'share',
    numerator: [{ field: 'studioId', notNull: true }],
    records: {
      source: 'candidates',
      when: { field: 'year', basis: 'year', stock: true },
      locate: { field: 'employerId', via: 'org' },
    },
  },
  // E4
  triz_sessions: {
    kind: 'count',
    records: { source: 'training-sessions', where: [{ field: 'triz', eq: true }], when: flow('startDate') },
  },
  triz_trained: {
    kind: 'sum',
    field: 'personTimes',
    records: { source: 'training-sessions', where: [{ field: 'triz', eq: true }], when: flow('startDate') },
  },
};
