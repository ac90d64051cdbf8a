// Every registry of the platform, by key.
import { academies, studios, training, workstations } from './carriers.ts';
import type { RegistryDef } from './types.ts';

export const REGISTRY_DEFS = [
  studios,
  workstations,
  academies,
  training,
] as const satisfies readonly RegistryDef[];

export type RegistryKey = (typeof REGISTRY_DEFS)[number]['key'];

export function registryDef(key: string): RegistryDef | undefined {
  return REGISTRY_DEFS.find((d) => d.key === key);
}
