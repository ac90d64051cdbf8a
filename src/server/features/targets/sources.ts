// The record sources metrics count from: every registry (from its definition and table), and
// the tables of other features as they come. A source names its SQL table, the column of each
// field, and how a record is titled in a drill-down list.
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { titleField } from '#shared/registries/types.ts';
import { achievementDeals, achievementOffers, achievements } from '../../db/schema/sharing.ts';
import { serviceActions, serviceTeams } from '../../db/schema/zhuqi.ts';
import { REGISTRIES } from '../registries/registries.catalog.ts';

export interface RecordSource {
  key: string;
  label: string;
  table: string;
  /** Field key → SQL column name. Includes the common columns (orgId, orgPath, …). */
  columns: Record<string, string>;
  /** The field that names a record in lists. */
  titleField: string;
  /** Where the web shows one record: `/registries/{key}/{id}`. */
  link: (id: number) => string;
  /** Whether rows are soft-deleted (a `deleted_at` column). */
  softDelete: boolean;
}

function columnsOf(table: PgTable): Record<string, string> {
  const cfg = getTableConfig(table);
  const out: Record<string, string> = {};
  const named = table as unknown as Record<string, { name?: string }>;
  for (const col of cfg.columns) {
    const key = Object.keys(named).find((k) => named[k] === (col as unknown));
    if (key) out[key] = col.name;
  }
  return out;
}

const sources = new Map<string, RecordSource>();

for (const [key, reg] of REGISTRIES) {
  sources.set(key, {
    key,
    label: reg.def.label.zh,
    table: getTableConfig(reg.table).name,
    columns: columnsOf(reg.table),
    titleField: titleField(reg.def) ?? 'id',
    link: (id) => `/registries/${key}/${id}`,
    softDelete: true,
  });
}

/** A table of another feature as a record source. */
function addTable(key: string, label: string, table: PgTable, title: string, link: (id: number) => string) {
  const columns = columnsOf(table);
  sources.set(key, {
    key,
    label,
    table: getTableConfig(table).name,
    columns,
    titleField: title,
    link,
    softDelete: 'deletedAt' in columns,
  });
}

/** A view (drizzle does not model views): its columns named by hand. */
function addView(
  key: string,
  label: string,
  view: string,
  fields: string[],
  title: string,
  link: (id: number) => string,
) {
  const columns: Record<string, string> = {
    id: 'id',
    orgId: 'org_id',
    orgPath: 'org_path',
    orgAltPath: 'org_alt_path',
    createdAt: 'created_at',
    deletedAt: 'deleted_at',
  };
  for (const f of fields) columns[f] = f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  sources.set(key, { key, label, table: view, columns, titleField: title, link, softDelete: true });
}

// 劳模工匠助企行 (views in drizzle/0010_targets_views.sql)
addTable('service-teams', '服务队', serviceTeams, 'name', () => '/zhuqi/resources?tab=teams');
addTable('service-actions', '专项行动', serviceActions, 'title', () => '/zhuqi/resources?tab=actions');
addView(
  'service-team-members',
  '服务队队员',
  'service_team_member_rows',
  ['name', 'teamName', 'joinedOn'],
  'name',
  () => '/zhuqi/resources?tab=teams',
);
addView(
  'service-action-participants',
  '参与专项行动的劳模工匠',
  'service_action_participant_rows',
  ['name', 'title', 'heldOn', 'countyId', 'mountainIsland'],
  'name',
  () => '/zhuqi/resources?tab=actions',
);
addView(
  'platform-enterprises',
  '入驻平台的规上工业、限上服务业企业',
  'platform_enterprises',
  ['name', 'joinedAt'],
  'name',
  (id) => `/orgs?id=${id}`,
);
addView(
  'platform-model-workers',
  '入驻平台的省级以上劳模',
  'platform_model_workers',
  ['name'],
  'name',
  () => '/zhuqi/resources',
);

// 职工创新共享平台
addTable(
  'achievements',
  '群众性创新创造项目与成果',
  achievements,
  'title',
  (id) => `/sharing/achievements/${id}`,
);
addTable(
  'achievement-offers',
  '挂牌转化交易的成果',
  achievementOffers,
  'terms',
  (id) => `/sharing/market?offer=${id}`,
);
addView(
  'offer-intentions',
  '企业提出的对接意向',
  'offer_intention_rows',
  ['sentOn', 'message', 'state'],
  'message',
  (id) => `/sharing/market?intention=${id}`,
);
addTable(
  'achievement-deals',
  '达成的转化交易',
  achievementDeals,
  'buyerName',
  (id) => `/sharing/market?deal=${id}`,
);

export function sourceOf(key: string): RecordSource {
  const s = sources.get(key);
  if (!s) throw new Error(`unknown record source ${key}`);
  return s;
}

export function columnOf(source: RecordSource, field: string): string {
  const c = source.columns[field];
  if (!c) throw new Error(`source ${source.key} has no field ${field}`);
  return c;
}

export const RECORD_SOURCES: ReadonlyMap<string, RecordSource> = sources;
