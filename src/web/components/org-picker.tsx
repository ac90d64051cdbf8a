// Picks an organisation in the user's scope: the units of the tree (filtered as you type)
// and, once two characters are typed, matching enterprises from the server. `kinds` narrows
// the choice (an enterprise-only field offers enterprises only). Shared by users, registries
// and any feature that names an organisation.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { type CSSProperties, useMemo, useState } from 'react';
import { ORG_KIND_LABELS } from '#shared/orgs.ts';
import { api } from '../lib/api-client.ts';
import type { Org, Page, TreeNode } from '../lib/api-types.ts';
import { useI18n } from '../lib/i18n.tsx';
import { common } from '../lib/messages.ts';

export interface OrgOption {
  id: number;
  name: string;
}

const placeholderMsg = {
  zh: '选择组织，或输入企业名称搜索',
  en: 'Choose a unit, or type to search enterprises',
};
const enterpriseMsg = { zh: '输入企业名称或信用代码搜索', en: 'Type an enterprise name or USCC' };

/** Units of the tree (not enterprises), for the organisation picker. */
export function useOrgUnits() {
  return useQuery({
    queryKey: ['orgs', 'tree', 'latest'],
    queryFn: () => api.get<TreeNode[]>('/api/orgs/tree'),
  });
}

export function useEnterpriseSearch(q: string) {
  return useQuery({
    queryKey: ['orgs', 'enterprises', 'picker', q],
    queryFn: () => api.get<Page<Org>>('/api/orgs', { kind: 'enterprise', q, pageSize: 20 }),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function OrgPicker({
  value,
  onChange,
  current,
  id,
  allowClear,
  style,
  placeholder,
  kinds,
  testId = 'org-picker',
}: {
  value?: number | null;
  onChange?: (id: number | undefined, org?: OrgOption) => void;
  /** The organisation already chosen (its label may not be among the options). */
  current?: OrgOption | null;
  id?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  placeholder?: string;
  /** Only these kinds of organisation (default: any). */
  kinds?: readonly string[];
  testId?: string;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const units = useOrgUnits();
  const enterpriseOnly = !!kinds && kinds.every((k) => k === 'enterprise');
  const wantsEnterprises = !kinds || kinds.includes('enterprise');
  const enterprises = useEnterpriseSearch(wantsEnterprises ? q.trim() : '');
  const options = useMemo(() => {
    const text = q.trim();
    const fromTree = enterpriseOnly
      ? []
      : (units.data ?? [])
          .filter((n) => !kinds || kinds.includes(n.kind))
          .filter((n) => !text || n.name.includes(text) || n.code.includes(text))
          .slice(0, 60)
          .map((n) => ({ value: n.id, label: n.name, kind: t(ORG_KIND_LABELS[n.kind]) }));
    const fromEnterprises =
      wantsEnterprises && text.length >= 2
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
  }, [units.data, enterprises.data, q, current, t, kinds, enterpriseOnly, wantsEnterprises]);

  return (
    <Select<number>
      id={id}
      value={value ?? undefined}
      style={style}
      allowClear={allowClear}
      placeholder={placeholder ?? t(enterpriseOnly ? enterpriseMsg : placeholderMsg)}
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
      data-testid={testId}
    />
  );
}
