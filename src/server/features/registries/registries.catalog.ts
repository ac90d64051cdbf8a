// Each registry's definition beside its table. A test checks that every field has a column.
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { REGISTRY_DEFS } from '#shared/registries/catalog.ts';
import type { RegistryDef } from '#shared/registries/types.ts';
import * as tables from '../../db/schema/registries.ts';
import { exchangeActivities, lectures } from '../../db/schema/sharing.ts';

export type RegistryTable = PgTable & {
  id: PgColumn;
  orgId: PgColumn;
  orgPath: PgColumn;
  orgAltPath: PgColumn;
  version: PgColumn;
  updatedAt: PgColumn;
  deletedAt: PgColumn;
} & Record<string, PgColumn>;

export interface Registry {
  def: RegistryDef;
  table: RegistryTable;
}

// The table of each registry, by key.
const TABLES: Record<string, PgTable> = {
  studios: tables.studios,
  alliances: tables.alliances,
  'alliance-projects': tables.allianceProjects,
  workstations: tables.workstations,
  academies: tables.academies,
  courses: tables.courses,
  'training-sessions': tables.trainingSessions,
  candidates: tables.candidates,
  cohorts: tables.cohorts,
  competitions: tables.competitions,
  upgrades: tables.upgrades,
  grants: tables.grants,
  'wage-negotiations': tables.wageNegotiations,
  mechanisms: tables.mechanisms,
  'exchange-activities': exchangeActivities,
  lectures,
};

const entries: Registry[] = REGISTRY_DEFS.map((def) => {
  const table = TABLES[def.key];
  if (!table) throw new Error(`registry ${def.key} has no table`);
  return { def, table: table as RegistryTable };
});

export const REGISTRIES: ReadonlyMap<string, Registry> = new Map(entries.map((e) => [e.def.key, e]));

export function registryOf(key: string): Registry {
  const r = REGISTRIES.get(key);
  if (!r) throw new Error(`unknown registry ${key}`);
  return r;
}
