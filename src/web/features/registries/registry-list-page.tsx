// The list of one registry, all from its definition: search over its searchable fields,
// filters for its enum / bool / year / org / ref fields and the owning organisation, sort,
// pages, a choice of columns; create, edit and delete for those who manage registries; Excel.
// The query lives in the URL, so a list can be bookmarked, and the export takes the same filters.
import { DeleteOutlined, EditOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  InputNumber,
  Popconfirm,
  Popover,
  Space,
  Table,
  type TableProps,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { registryDef } from '#shared/registries/catalog.ts';
import { BOOL_LABELS, type FieldDef, type RegistryDef, titleField } from '#shared/registries/types.ts';
import { NotFound } from '../../components/forbidden.tsx';
import { type OrgOption, OrgPicker } from '../../components/org-picker.tsx';
import { type SelectFilter, TableToolbar } from '../../components/table-toolbar.tsx';
import type { Query } from '../../lib/api-client.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { showSuccess } from '../../lib/show-error.ts';
import { type RegistryRecord, useDeleteRecord, useRecords } from './api.ts';
import { ExcelActions } from './excel-actions.tsx';
import { canManageRegistry, FieldValue, RefSelect } from './fields.tsx';
import { m } from './messages.ts';
import { RecordFormModal } from './record-form-modal.tsx';

const COLUMNS_KEY = (key: string) => `jx.registry.columns.${key}`;

function sortableKeys(def: RegistryDef): Set<string> {
  return new Set(def.fields.filter((f) => f.list && f.type !== 'org' && f.type !== 'ref').map((f) => f.key));
}

function storedColumns(def: RegistryDef): string[] {
  try {
    const raw = localStorage.getItem(COLUMNS_KEY(def.key));
    const keys = raw ? (JSON.parse(raw) as string[]) : null;
    if (Array.isArray(keys))
      return keys.filter((k) => k === 'orgName' || def.fields.some((f) => f.key === k));
  } catch {}
  return [...def.fields.filter((f) => f.list).map((f) => f.key), 'orgName'];
}

/** The list query of the URL: paging, search, sort and the definition's filters. */
export function useListQuery(def: RegistryDef) {
  const [params, setParams] = useSearchParams();
  const query: Query = {
    page: Number(params.get('page')) || 1,
    pageSize: Number(params.get('pageSize')) || 20,
  };
  const keys = [
    'q',
    'sort',
    'order',
    'within',
    'refField',
    'refId',
    ...def.fields.filter((f) => f.filter).map((f) => f.key),
  ];
  for (const k of keys) {
    const v = params.get(k);
    if (v) query[k] = v;
  }
  const set = (patch: Query, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!keepPage) next.delete('page');
    setParams(next, { replace: true });
  };
  return { query, set };
}

export function RegistryListPage() {
  const { key = '' } = useParams();
  const def = registryDef(key);
  return def ? <RegistryList def={def} key={def.key} /> : <NotFound />;
}

function RegistryList({ def }: { def: RegistryDef }) {
  const { t, lang } = useI18n();
  const me = useCurrentUser();
  const canManage = canManageRegistry(def, me);
  const { query, set } = useListQuery(def);
  const list = useRecords(def.key, query);
  const remove = useDeleteRecord(def.key);
  const [editing, setEditing] = useState<RegistryRecord | null>(null);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string[]>(() => storedColumns(def));
  const [withinOrg, setWithinOrg] = useState<OrgOption | null>(null);
  const title = titleField(def);
  const sortable = sortableKeys(def);

  const chooseColumns = (keys: string[]) => {
    setShown(keys);
    try {
      localStorage.setItem(COLUMNS_KEY(def.key), JSON.stringify(keys));
    } catch {}
  };

  const sortOrder = (k: string) =>
    query.sort === k ? (query.order === 'asc' ? 'ascend' : 'descend') : undefined;

  const columns = (() => {
    const cols: NonNullable<TableProps<RegistryRecord>['columns']> = def.fields
      .filter((f) => shown.includes(f.key))
      .map((f) => ({
        title: f.label[lang],
        key: f.key,
        dataIndex: f.key,
        sorter: sortable.has(f.key),
        sortOrder: sortOrder(f.key),
        ellipsis: f.type === 'longtext',
        render: (_: unknown, r: RegistryRecord) =>
          f.key === title ? (
            <Link to={`/registries/${def.key}/${r.id}`} data-testid="record-link">
              <FieldValue field={f} record={r} />
            </Link>
          ) : (
            <FieldValue field={f} record={r} />
          ),
      }));
    if (shown.includes('orgName'))
      cols.push({ title: t(m.owner), key: 'orgName', dataIndex: 'orgName', ellipsis: true });
    cols.push({
      title: t(common.actions),
      key: 'actions',
      width: canManage ? 200 : 80,
      fixed: 'right',
      render: (_, r) => (
        <Space size={0}>
          <Link to={`/registries/${def.key}/${r.id}`}>
            <Button size="small" type="link">
              {t(m.view)}
            </Button>
          </Link>
          {canManage ? (
            <>
              <Button
                size="small"
                type="link"
                icon={<EditOutlined />}
                onClick={() => setEditing(r)}
                data-testid="edit-record"
              >
                {t(common.edit)}
              </Button>
              <Popconfirm
                title={t(m.deleteConfirm, { name: String((title && r[title]) ?? `#${r.id}`) })}
                okText={t(common.delete)}
                cancelText={t(common.cancel)}
                okButtonProps={{ danger: true, 'data-testid': 'confirm-delete' } as never}
                onConfirm={() =>
                  remove.mutateAsync({ id: r.id, version: r.version }).then(
                    () => showSuccess(common.deleted),
                    () => {},
                  )
                }
              >
                <Button size="small" type="link" danger icon={<DeleteOutlined />} data-testid="delete-record">
                  {t(common.delete)}
                </Button>
              </Popconfirm>
            </>
          ) : null}
        </Space>
      ),
    });
    return cols;
  })();

  const filterFields = def.fields.filter((f) => f.filter);
  const selectFilters: SelectFilter[] = filterFields
    .filter((f) => f.type === 'enum' || f.type === 'bool')
    .map((f) => ({
      key: f.key,
      label: f.label[lang],
      value: query[f.key] as string | undefined,
      onChange: (v) => set({ [f.key]: v }),
      options:
        f.type === 'bool'
          ? [
              { value: 'true', label: BOOL_LABELS.true[lang] },
              { value: 'false', label: BOOL_LABELS.false[lang] },
            ]
          : (f.options ?? []).map((o) => ({ value: o.value, label: o[lang] })),
    }));
  const otherFilters = filterFields.filter((f) => f.type !== 'enum' && f.type !== 'bool');

  const onTableChange: TableProps<RegistryRecord>['onChange'] = (pagination, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sortChanged = (s?.order ? String(s.columnKey) : undefined) !== query.sort;
    set(
      {
        page: pagination.current ?? 1,
        pageSize: pagination.pageSize ?? 20,
        sort: s?.order ? String(s.columnKey) : undefined,
        order: s?.order ? (s.order === 'ascend' ? 'asc' : 'desc') : undefined,
      },
      !sortChanged,
    );
  };

  const searchFields = def.fields.filter((f) => f.search).map((f) => f.label[lang]);
  const columnChoices = [
    ...def.fields.map((f) => ({ value: f.key, label: f.label[lang] })),
    { value: 'orgName', label: t(m.owner) },
  ];

  return (
    <Card
      title={<span data-testid="registry-title">{def.label[lang]}</span>}
      extra={
        canManage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-record"
          >
            {t(m.newRecord, { item: def.itemLabel[lang] })}
          </Button>
        ) : null
      }
    >
      <TableToolbar
        search={query.q as string | undefined}
        searchPlaceholder={
          searchFields.length ? t(m.searchIn, { fields: searchFields.join('、') }) : undefined
        }
        searchWidth={280}
        searchTestId="registry-search"
        onSearch={searchFields.length ? (q) => set({ q }) : undefined}
        filters={selectFilters}
        extra={
          <>
            {otherFilters.map((f) => (
              <OtherFilter key={f.key} field={f} value={query[f.key]} onChange={(v) => set({ [f.key]: v })} />
            ))}
            <OrgPicker
              allowClear
              style={{ width: 220 }}
              testId="filter-within"
              placeholder={t(common.allOf, { label: t(m.within) })}
              value={query.within ? Number(query.within) : undefined}
              current={withinOrg}
              onChange={(id, org) => {
                setWithinOrg(org ?? null);
                set({ within: id });
              }}
            />
          </>
        }
        actions={
          <>
            <ExcelActions def={def} query={query} canManage={canManage} />
            <Popover
              trigger="click"
              title={t(m.columnsHint)}
              content={
                <Checkbox.Group
                  style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                  value={shown}
                  onChange={(v) => chooseColumns(v as string[])}
                  options={columnChoices}
                />
              }
            >
              <Button icon={<SettingOutlined />} data-testid="choose-columns">
                {t(m.columns)}
              </Button>
            </Popover>
          </>
        }
      />
      <Table<RegistryRecord>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        onChange={onTableChange}
        scroll={{ x: 'max-content' }}
        data-testid="registry-table"
        pagination={{
          current: Number(query.page),
          pageSize: Number(query.pageSize),
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t(common.total, { n: list.data?.totalExact === false ? `${n}+` : n }),
        }}
      />
      <RecordFormModal
        def={def}
        open={creating || !!editing}
        record={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
      {list.data && list.data.total === 0 && !query.q ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t(m.importHint)}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

/** Filters that are not a choice list: a year or number, an organisation, a referenced record. */
function OtherFilter({
  field: f,
  value,
  onChange,
}: {
  field: FieldDef;
  value: unknown;
  onChange: (v: string | number | undefined) => void;
}) {
  const { t, lang } = useI18n();
  const placeholder = t(common.allOf, { label: f.label[lang] });
  if (f.type === 'org')
    return (
      <OrgPicker
        allowClear
        kinds={f.orgKinds}
        style={{ width: 220 }}
        testId={`filter-${f.key}`}
        placeholder={placeholder}
        value={value ? Number(value) : undefined}
        onChange={(v) => onChange(v)}
      />
    );
  if (f.type === 'ref')
    return (
      <RefSelect
        registry={f.ref!}
        style={{ width: 220 }}
        testId={`filter-${f.key}`}
        placeholder={placeholder}
        value={value ? Number(value) : undefined}
        onChange={(v) => onChange(v as number | undefined)}
      />
    );
  return (
    <InputNumber
      style={{ width: 150 }}
      placeholder={f.label[lang]}
      aria-label={f.label[lang]}
      data-testid={`filter-${f.key}`}
      precision={0}
      min={f.type === 'year' ? 1949 : 0}
      max={f.type === 'year' ? 2100 : undefined}
      value={value ? Number(value) : null}
      onChange={(v) => onChange(v ?? undefined)}
    />
  );
}
