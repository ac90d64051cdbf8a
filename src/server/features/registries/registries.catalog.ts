// Each registry's definition beside its table. A test checks that every field has a column.
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  academies as academiesDef,
  studios as studiosDef,
  training as trainingDef,
  workstations as workstationsDef,
} from '#shared/registries/carriers.ts';
import type { RegistryDef } from '#shared/registries/types.ts';
import { academies, studios, trainingSessions, workstations } from '../../db/schema/registries.ts';

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

const entries: Registry[] = [
  { def: studiosDef, table: studios as unknown as RegistryTable },
  { def: workstationsDef, table: workstations as unknown as RegistryTable },
  { def: academiesDef, table: academies as unknown as RegistryTable },
  { def: trainingDef, table: trainingSessions as unknown as RegistryTable },
];

export const REGISTRIES: ReadonlyMap<string, Registry> = new Map(entries.map((e) => [e.def.key, e]));

export function registryOf(key: string): Registry {
  const r = REGISTRIES.get(key);
  if (!r) throw new Error(`unknown registry ${key}`);
  return r;
}
