// What a registry's definition means in the browser: a form control, validation rules and a
// display for each field type; conversions between a record and the form's values.
import { DatePicker, Input, InputNumber, Select, Switch, Tag } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { BOOL_LABELS, type FieldDef, type RegistryDef, titleField } from '#shared/registries/types.ts';
import { registryDef } from '#shared/registries/catalog.ts';
import { isValidIdCard, isValidMobile, isValidUscc } from '#shared/validators.ts';
import { OrgPicker } from '../../components/org-picker.tsx';
import { type Lang, useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { type RegistryRecord, useRecords } from './api.ts';
import { m } from './messages.ts';

export const isPii = (f: FieldDef) => f.type === 'phone' || f.type === 'idcard';
const label = (f: FieldDef, lang: Lang) => f.label[lang];

/** Rules that mirror the server's checks (the server checks again and names the field). */
export function fieldRules(
  f: FieldDef,
  t: ReturnType<typeof useI18n>['t'],
  lang: Lang,
  keepPii: boolean,
): Rule[] {
  const l = label(f, lang);
  const rules: Rule[] = [];
  if (f.required && !(keepPii && isPii(f)))
    // Only text gets `whitespace`: with a second key, async-validator checks the value as a string.
    rules.push(
      f.type === 'text' || f.type === 'longtext'
        ? { required: true, whitespace: true, message: t(m.requiredRule, { label: l }) }
        : { required: true, message: t(m.requiredRule, { label: l }) },
    );
  switch (f.type) {
    case 'text':
    case 'longtext': {
      const n = f.max ?? (f.type === 'text' ? 200 : 5000);
      rules.push({ max: n, message: t(m.maxLen, { label: l, n }) });
      break;
    }
    case 'int':
    case 'year':
    case 'decimal': {
      const min = f.min ?? (f.type === 'year' ? 1949 : 0);
      const max = f.max ?? (f.type === 'year' ? 2100 : f.type === 'decimal' ? 1e12 : 2 ** 31 - 1);
      rules.push({ type: 'number', min, message: t(m.minRule, { label: l, n: min }) });
      rules.push({ type: 'number', max, message: t(m.maxRule, { label: l, n: max }) });
      break;
    }
    case 'phone':
    case 'idcard':
    case 'uscc': {
      const ok = f.type === 'phone' ? isValidMobile : f.type === 'idcard' ? isValidIdCard : isValidUscc;
      const msg = f.type === 'phone' ? m.phoneRule : f.type === 'idcard' ? m.idcardRule : m.usccRule;
      rules.push({
        validator: async (_, v: string | undefined) => {
          const s = (v ?? '').trim().toUpperCase();
          if (s && !ok(s)) throw new Error(t(msg, { label: l }));
        },
      });
      break;
    }
  }
  return rules;
}

/** Picks a record of another registry by its title (searched on the server, within scope). */
export function RefSelect({
  registry,
  value,
  onChange,
  current,
  id,
  allowClear = true,
  style,
  placeholder,
  testId,
  multiple,
}: {
  registry: string;
  value?: number | number[] | null;
  onChange?: (v: number | number[] | undefined) => void;
  current?: { id: number; name: string } | { id: number; name: string }[] | null;
  multiple?: boolean;
  id?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  placeholder?: string;
  testId?: string;
}) {
  const { t, lang } = useI18n();
  const def = registryDef(registry);
  const title = def ? titleField(def) : null;
  const [q, setQ] = useState('');
  const list = useRecords(registry, { q: q.trim() || undefined, pageSize: 30 }, !!def);
  const options = useMemo(() => {
    const rows = (list.data?.items ?? []).map((r) => ({
      value: r.id,
      label: String((title && r[title]) ?? `#${r.id}`),
    }));
    const known = current ? (Array.isArray(current) ? current : [current]) : [];
    for (const c of known)
      if (!rows.some((o) => o.value === c.id)) rows.unshift({ value: c.id, label: c.name });
    return rows;
  }, [list.data, current, title]);
  return (
    <Select<number | number[]>
      id={id}
      mode={multiple ? 'multiple' : undefined}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      allowClear={allowClear}
      style={style}
      loading={list.isFetching}
      placeholder={placeholder ?? t(m.refPlaceholder, { label: def?.itemLabel[lang] ?? registry })}
      showSearch={{ filterOption: false, onSearch: setQ }}
      options={options}
      data-testid={testId}
    />
  );
}

/** The form control of one field. */
export function FieldControl({
  field: f,
  record,
  id,
  value,
  onChange,
}: {
  field: FieldDef;
  record?: RegistryRecord | null;
  id?: string;
  value?: unknown;
  onChange?: (v: unknown) => void;
}) {
  const { t, lang } = useI18n();
  const common_ = { id, 'data-testid': `field-${f.key}` };
  switch (f.type) {
    case 'text':
      return (
        <Input
          {...common_}
          value={value as string}
          onChange={(e) => onChange?.(e.target.value)}
          maxLength={f.max}
        />
      );
    case 'longtext':
      return (
        <Input.TextArea
          {...common_}
          value={value as string}
          onChange={(e) => onChange?.(e.target.value)}
          maxLength={f.max}
          autoSize={{ minRows: 2, maxRows: 6 }}
        />
      );
    case 'int':
    case 'year':
    case 'decimal':
      return (
        <InputNumber
          {...common_}
          style={{ width: '100%' }}
          value={value as number | null}
          onChange={(v) => onChange?.(v)}
          precision={f.type === 'decimal' ? 2 : 0}
          min={f.min ?? (f.type === 'year' ? 1949 : 0)}
          max={f.max ?? (f.type === 'year' ? 2100 : undefined)}
        />
      );
    case 'date':
      return (
        <DatePicker
          {...common_}
          style={{ width: '100%' }}
          value={value as Dayjs | null}
          onChange={(v) => onChange?.(v)}
        />
      );
    case 'bool':
      return <Switch {...common_} checked={!!value} onChange={(v) => onChange?.(v)} />;
    case 'enum':
      return (
        <Select<string>
          {...common_}
          value={value as string}
          onChange={(v) => onChange?.(v)}
          allowClear={!f.required}
          options={(f.options ?? []).map((o) => ({ value: o.value, label: o[lang] }))}
        />
      );
    case 'phone':
    case 'idcard':
    case 'uscc': {
      const masked = record?.[f.key] as string | null | undefined;
      return (
        <Input
          {...common_}
          value={value as string}
          onChange={(e) => onChange?.(e.target.value)}
          maxLength={f.type === 'phone' ? 11 : 18}
          style={{ fontFamily: f.type === 'phone' ? undefined : 'monospace' }}
          placeholder={isPii(f) && masked ? t(m.piiKeep, { masked }) : t(common.optional)}
        />
      );
    }
    case 'org': {
      const v = record?.[f.key] as number | null | undefined;
      return (
        <OrgPicker
          id={id}
          testId={`field-${f.key}`}
          allowClear={!f.required}
          kinds={f.orgKinds}
          value={value as number | null}
          onChange={(x) => onChange?.(x ?? null)}
          current={v ? { id: v, name: record?.names[f.key] ?? `#${v}` } : null}
        />
      );
    }
    case 'refs':
      return (
        <RefSelect
          id={id}
          testId={`field-${f.key}`}
          registry={f.ref!}
          multiple
          value={(value as number[] | undefined) ?? []}
          onChange={(x) => onChange?.(x ?? [])}
          current={record?.links?.[f.key] ?? null}
        />
      );
    case 'ref': {
      const v = record?.[f.key] as number | null | undefined;
      return (
        <RefSelect
          id={id}
          testId={`field-${f.key}`}
          registry={f.ref!}
          allowClear={!f.required}
          value={value as number | null}
          onChange={(x) => onChange?.(x ?? null)}
          current={v ? { id: v, name: record?.names[f.key] ?? `#${v}` } : null}
        />
      );
    }
  }
}

/** A record's values as the form holds them (dates as dayjs, masked personal data blank). */
export function toFormValues(def: RegistryDef, r: RegistryRecord | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    const v = r?.[f.key] ?? null;
    if (!r) out[f.key] = f.type === 'bool' ? false : f.type === 'refs' ? [] : undefined;
    else if (isPii(f)) out[f.key] = '';
    else if (f.type === 'date') out[f.key] = v ? dayjs(v as string) : null;
    else out[f.key] = v ?? undefined;
  }
  return out;
}

/** The form's values as the API takes them; on edit, an empty personal-data field keeps the stored value. */
export function fromFormValues(def: RegistryDef, v: Record<string, unknown>, editing: boolean) {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    let x = v[f.key];
    if (typeof x === 'string') x = x.trim();
    if (f.type === 'uscc' || f.type === 'idcard') x = typeof x === 'string' ? x.toUpperCase() : x;
    if (f.type === 'date') x = x ? (x as Dayjs).format('YYYY-MM-DD') : null;
    if (f.type === 'bool') x = !!x;
    if (f.type === 'refs') {
      const ids = (x as number[] | undefined) ?? [];
      if (ids.length || editing) out[f.key] = ids;
      continue;
    }
    if (x === '' || x === undefined) x = null;
    if (x === null && editing && isPii(f)) continue;
    if (x === null && !editing) continue;
    out[f.key] = x;
  }
  return out;
}

/** How one value reads in a table or on the detail page. */
export function FieldValue({ field: f, record }: { field: FieldDef; record: RegistryRecord }) {
  const { lang } = useI18n();
  const v = record[f.key];
  if (f.type === 'refs') {
    const links = record.links?.[f.key] ?? [];
    if (!links.length) return <span style={{ color: 'rgba(0,0,0,0.25)' }}>—</span>;
    return (
      <span>
        {links.map((l) => (
          <Tag key={l.id} style={{ marginBottom: 2 }}>
            <Link to={`/registries/${f.ref}/${l.id}`}>{l.name}</Link>
          </Tag>
        ))}
      </span>
    );
  }
  if (v === null || v === undefined || v === '') return <span style={{ color: 'rgba(0,0,0,0.25)' }}>—</span>;
  switch (f.type) {
    case 'bool':
      return v ? <Tag color="green">{BOOL_LABELS.true[lang]}</Tag> : <span>{BOOL_LABELS.false[lang]}</span>;
    case 'enum':
      return <span>{f.options?.find((o) => o.value === v)?.[lang] ?? String(v)}</span>;
    case 'org':
    case 'ref':
      return <span>{record.names[f.key] || `#${v}`}</span>;
    case 'decimal':
      return <span>{Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2 })}</span>;
    case 'longtext':
      return <span style={{ whiteSpace: 'pre-wrap' }}>{String(v)}</span>;
    default:
      return <span>{String(v)}</span>;
  }
}

/**
 * Whether to offer create / edit / delete: the permission, and for a dictionary (shared: kept by
 * the province) only to the province and its own units. The server decides in the end.
 */
export function canManageRegistry(
  def: RegistryDef,
  me: { permissions: readonly string[]; org: { path: string } },
): boolean {
  if (!me.permissions.includes('manage:registry:subtree')) return false;
  return !def.shared || me.org.path.split('/').filter(Boolean).length <= 2;
}
