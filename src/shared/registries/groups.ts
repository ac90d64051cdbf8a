// How the registries are grouped in the menu and on the overview page (载体 / 人才 / 资金 …).
// A definition may name its group (`group`); otherwise the key is looked up here; anything
// else lands under 其他台账, so a new registry shows up without touching this file.
import type { Label, RegistryDef } from './types.ts';

export interface RegistryGroup {
  key: string;
  label: Label;
}

export const REGISTRY_GROUPS: readonly RegistryGroup[] = [
  { key: 'carriers', label: { zh: '载体', en: 'Carriers' } },
  { key: 'talent', label: { zh: '人才', en: 'Talent' } },
  { key: 'funds', label: { zh: '资金', en: 'Funds' } },
  { key: 'enterprise', label: { zh: '企业与机制', en: 'Enterprises and mechanisms' } },
  { key: 'activities', label: { zh: '活动', en: 'Activities' } },
  { key: 'dictionaries', label: { zh: '字典', en: 'Dictionaries' } },
  { key: 'other', label: { zh: '其他台账', en: 'Other registries' } },
];

const BY_KEY: Record<string, string> = {
  studios: 'carriers',
  alliances: 'carriers',
  'alliance-projects': 'carriers',
  workstations: 'carriers',
  academies: 'carriers',
  'training-sessions': 'carriers',
  candidates: 'talent',
  cohorts: 'talent',
  competitions: 'talent',
  upgrades: 'talent',
  grants: 'funds',
  'wage-negotiations': 'enterprise',
  mechanisms: 'enterprise',
  exchanges: 'activities',
  'exchange-activities': 'activities',
  lectures: 'activities',
  'theme-lectures': 'activities',
};

export function groupOf(def: Pick<RegistryDef, 'key' | 'group'>): string {
  const g = def.group ?? BY_KEY[def.key] ?? 'other';
  return REGISTRY_GROUPS.some((x) => x.key === g) ? g : 'other';
}

/** The groups that have registries, each with its registries in catalogue order. */
export function groupRegistries<T extends Pick<RegistryDef, 'key' | 'group'>>(
  defs: readonly T[],
): { group: RegistryGroup; defs: T[] }[] {
  return REGISTRY_GROUPS.map((group) => ({
    group,
    defs: defs.filter((d) => groupOf(d) === group.key),
  })).filter((g) => g.defs.length > 0);
}
