// A registry (台账) is declared once, here, as data: its fields with their Chinese and English
// labels, types and rules. The server derives validation, list filters and Excel templates,
// imports and exports from it; the web derives tables and forms from it.

export interface Label {
  zh: string;
  en: string;
}

export interface Option extends Label {
  value: string;
}

export type FieldType =
  | 'text' // one line
  | 'longtext' // several lines
  | 'int'
  | 'decimal' // money and other amounts, 2 decimals
  | 'date' // YYYY-MM-DD
  | 'year'
  | 'bool'
  | 'enum' // one of `options`
  | 'phone' // mainland mobile, personal data: masked on the way out
  | 'idcard' // 居民身份证号码, personal data: masked on the way out
  | 'uscc' // 统一社会信用代码
  | 'org' // a reference to an organisation (id); in Excel by its code (GB/T 2260 or USCC) or name
  | 'ref' // a reference to a record of another registry (id); in Excel by that record's name
  | 'refs'; // several records of another registry (ids, kept in record_links); in Excel names separated by 、 or ；

export interface FieldDef {
  key: string;
  label: Label;
  type: FieldType;
  required?: boolean;
  /** Text length or number bounds. */
  max?: number;
  min?: number;
  options?: readonly Option[];
  /** For `org` fields: the kinds of organisation it may name. */
  orgKinds?: readonly string[];
  /** For `ref` and `refs` fields: the key of the registry it points into. */
  ref?: string;
  /** Shown in list tables (others only on the detail page and in Excel). */
  list?: boolean;
  /** Offered as a list filter (enum, bool, year, org, ref). */
  filter?: boolean;
  /** Matched by the list's free-text search. */
  search?: boolean;
  help?: Label;
}

export interface RegistryDef {
  /** URL and table key, plural kebab-case: `studios`, `training-sessions`. */
  key: string;
  label: Label;
  /** What one record is called ("工作室"). */
  itemLabel: Label;
  fields: readonly FieldDef[];
  /**
   * Fields that identify a record within its owning organisation: an import that meets an
   * existing record with the same key updates it instead of adding a duplicate.
   */
  naturalKey: readonly string[];
  /** Default sort of lists. */
  defaultSort: { field: string; order: 'asc' | 'desc' };
  /** Which organisation kinds may own (keep) records of this registry. */
  ownerKinds: readonly string[];
  /** The menu group (see groups.ts); registries without one are listed under 其他台账. */
  group?: string;
  /**
   * A dictionary (字典) kept by the province and read by everyone: its records are listed and
   * read outside the owner's subtree (the course catalogue); writes stay scoped.
   */
  shared?: boolean;
}

export const BOOL_LABELS = { true: { zh: '是', en: 'Yes' }, false: { zh: '否', en: 'No' } } as const;

/** The field that names a record when another record points to it (the first text field). */
export function titleField(def: RegistryDef): string | null {
  return def.fields.find((f) => f.type === 'text')?.key ?? null;
}

/** Fields kept in the registry's own table (all but `refs`, which live in record_links). */
export function columnFields(def: Pick<RegistryDef, 'fields'>): readonly FieldDef[] {
  return def.fields.filter((f) => f.type !== 'refs');
}

/** Most records a `refs` field may name. */
export const MAX_REFS = 500;

export function defineRegistry<const T extends RegistryDef>(def: T): T {
  const keys = new Set(def.fields.map((f) => f.key));
  for (const k of def.naturalKey)
    if (!keys.has(k)) throw new Error(`${def.key}: natural key ${k} is not a field`);
  for (const f of def.fields) {
    if (f.type === 'refs' && (f.filter || def.naturalKey.includes(f.key)))
      throw new Error(`${def.key}.${f.key}: a refs field is neither a filter nor a natural key`);
  }
  if (!keys.has(def.defaultSort.field) && def.defaultSort.field !== 'updatedAt') {
    throw new Error(`${def.key}: sort field ${def.defaultSort.field} is not a field`);
  }
  return def;
}

export function options(...pairs: [value: string, zh: string, en: string][]): Option[] {
  return pairs.map(([value, zh, en]) => ({ value, zh, en }));
}
