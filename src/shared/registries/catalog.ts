// Every registry of the platform, by key.
import { academies, courses, studios, training, workstations } from './carriers.ts';
import {
  allianceProjects,
  alliances,
  candidates,
  cohorts,
  competitions,
  grants,
  mechanisms,
  upgrades,
  wageNegotiations,
} from './talent.ts';
import { exchangeActivities, lectures } from './sharing.ts';
import type { RegistryDef } from './types.ts';

export const REGISTRY_DEFS = [
  studios,
  alliances,
  allianceProjects,
  workstations,
  academies,
  courses,
  training,
  candidates,
  cohorts,
  competitions,
  upgrades,
  grants,
  wageNegotiations,
  mechanisms,
  exchangeActivities,
  lectures,
] as const satisfies readonly RegistryDef[];

export type RegistryKey = (typeof REGISTRY_DEFS)[number]['key'];

export function registryDef(key: string): RegistryDef | undefined {
  return REGISTRY_DEFS.find((d) => d.key === key);
}
