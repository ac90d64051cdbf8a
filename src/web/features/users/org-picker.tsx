// Picks an organisation in the user's scope: the units of the tree (filtered as you type)
// and, once two characters are typed, matching enterprises from the server.
import { Select } from 'antd';
import { type CSSProperties, useMemo, useState } from 'react';
import { ORG_KIND_LABELS } from '#shared/orgs.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { useEnterpriseSearch, useOrgUnits } from './api.ts';
import { m } from './messages.ts';

export interface OrgOption {
  id: number;
  name: string;
}

export function OrgPicker({
  value,
  onChange,
  current,
  id,
  allowClear,
  style,
  placeholder,
}: {
  value?: number;
  onChange?: (id: number | undefined, org?: OrgOption) => void;
  /** The organisation already chosen (its label may not be among the options). */
  current?: OrgOption | null;
  id?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  placeholder?: string;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const units = useOrgUnits();
  const enterprises = useEnterpriseSearch(q.trim());
  const options = useMemo(() => {
    const text = q.trim();
    const fromTree = (units.data ?? [])
      .filter((n) => !text || n.name.includes(text) || n.code.includes(text))
      .slice(0, 60)
      .map((n) => ({ value: n.id, label: n.name, kind: t(ORG_KIND_LABELS[n.kind]) }));
    const fromEnterprises =
      text.length >= 2
        ? (enterprises.data?.items ?? []).map((e) => ({
            value: e.id,
            label: e.name,
            kind: t(ORG_KIND_LABELS.enterprise),
          }))
        : [];
    const all = [...fromTree, ...fromEnterprises];
    if (current && !all.some((o) => o.value === current.id))
      all.unshift({ value: current.id, label: current.name, kind: '' });
    return all;
  }, [units.data, enterprises.data, q, current, t]);

  return (
    <Select<number>
      id={id}
      value={value}
      style={style}
      allowClear={allowClear}
      placeholder={placeholder ?? t(m.orgPlaceholder)}
      loading={units.isPending || enterprises.isFetching}
      showSearch={{ filterOption: false, onSearch: setQ }}
      onChange={(v) => {
        const o = options.find((x) => x.value === v);
        onChange?.(v, o ? { id: o.value, name: o.label } : undefined);
      }}
      options={options.map((o) => ({
        value: o.value,
        label: o.label,
        title: o.kind ? t(common.nameWithId, { name: o.label, id: o.kind }) : o.label,
      }))}
      optionRender={(o) => {
        const kind = options.find((x) => x.value === o.value)?.kind;
        return (
          <span>
            {o.label} {kind ? <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{kind}</span> : null}
          </span>
        );
      }}
      data-testid="org-picker"
    />
  );
}
