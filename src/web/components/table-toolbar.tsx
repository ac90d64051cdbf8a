// The bar above a table: a search box, filters, and actions on the right. Used by every list
// page (users, enterprises, registries) so they look and behave alike.
import { Input, Select, Space } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useI18n } from '../lib/i18n.tsx';
import { common } from '../lib/messages.ts';

export interface SelectFilter {
  key: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (value: string | undefined) => void;
  width?: number;
}

export interface TableToolbarProps {
  /** The committed search text (the box follows it when it changes from outside). */
  search?: string;
  searchPlaceholder?: string;
  onSearch?: (q: string | undefined) => void;
  searchWidth?: number;
  searchTestId?: string;
  /** Select filters with an "all" choice first. */
  filters?: SelectFilter[];
  /** Other controls (pickers, number inputs) after the filters. */
  extra?: ReactNode;
  /** On the right: buttons. */
  actions?: ReactNode;
}

export function TableToolbar({
  search,
  searchPlaceholder,
  onSearch,
  searchWidth = 240,
  searchTestId,
  filters = [],
  extra,
  actions,
}: TableToolbarProps) {
  const { t } = useI18n();
  const [text, setText] = useState(search ?? '');
  useEffect(() => setText(search ?? ''), [search]);
  return (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between', marginBottom: 16 }}
      data-testid="table-toolbar"
    >
      <Space wrap>
        {onSearch ? (
          <Input.Search
            allowClear
            enterButton
            placeholder={searchPlaceholder ?? t(common.search)}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => onSearch(v.trim() || undefined)}
            style={{ width: searchWidth }}
            data-testid={searchTestId}
          />
        ) : null}
        {filters.map((f) => (
          <Select<string>
            key={f.key}
            style={{ width: f.width ?? 150 }}
            value={f.value ?? ''}
            onChange={(v) => f.onChange(v || undefined)}
            aria-label={f.label}
            data-testid={`filter-${f.key}`}
            options={[{ value: '', label: t(common.allOf, { label: f.label }) }, ...f.options]}
          />
        ))}
        {extra}
      </Space>
      {actions ? <Space wrap>{actions}</Space> : null}
    </div>
  );
}
