// 资源清单: craftsmen and service teams of the user's scope, with search and the forms.
import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { HONOURS, OCCUPATIONS, SKILL_LEVELS } from '#shared/zhuqi.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { showError } from '../../lib/show-error.ts';
import {
  type Craftsman,
  type Team,
  useCounties,
  useCraftsmen,
  useSaveCraftsman,
  useSaveTeam,
  useTeams,
} from './api.ts';
import { m } from './messages.ts';
import { ServiceActionsTab } from './service-actions-tab.tsx';

const honourName = (id: string) => HONOURS.find((h) => h.id === id)?.name ?? id;
const levelName = (n: number | null) =>
  n ? (SKILL_LEVELS.find((l) => l.order === n)?.name ?? String(n)) : '';

/** The craftsman table, reused by the dispatch picker (with row selection). */
export function CraftsmenTable(props: {
  query: Record<string, string | number | undefined>;
  onEdit?: (c: Craftsman) => void;
  selection?: { selected: number[]; onChange: (ids: number[], rows: Craftsman[]) => void };
}) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const list = useCraftsmen({ ...props.query, page, pageSize: 10 });
  return (
    <Table<Craftsman>
      data-testid="craftsmen-table"
      rowKey="id"
      size="small"
      loading={list.isFetching}
      dataSource={list.data?.items ?? []}
      scroll={{ x: 720 }}
      rowSelection={
        props.selection
          ? {
              selectedRowKeys: props.selection.selected,
              preserveSelectedRowKeys: true,
              onChange: (keys, rows) => props.selection!.onChange(keys as number[], rows),
            }
          : undefined
      }
      pagination={{
        current: page,
        pageSize: 10,
        total: list.data?.total ?? 0,
        onChange: setPage,
        showTotal: (n) => t(common.total, { n }),
      }}
      columns={[
        {
          title: t(m.name),
          dataIndex: 'name',
          render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
        },
        { title: t(m.county), dataIndex: 'countyName', width: 100 },
        { title: t(m.skillLevel), dataIndex: 'skillLevel', width: 90, render: levelName },
        {
          title: t(m.honours),
          dataIndex: 'honours',
          render: (hs: Craftsman['honours']) =>
            hs.map((h) => (
              <Tag key={h.id} color="gold">
                {honourName(h.id)} {h.year}
              </Tag>
            )),
        },
        {
          title: t(m.specialties),
          dataIndex: 'specialtyTags',
          render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>),
        },
        { title: t(m.phone), dataIndex: 'phone', width: 120 },
        {
          title: t(m.load),
          key: 'load',
          width: 80,
          render: (_, r) => `${r.activeLoad}/${r.monthlyCapacity}`,
        },
        ...(props.onEdit
          ? [
              {
                title: t(common.actions),
                key: 'actions',
                width: 80,
                render: (_: unknown, r: Craftsman) => (
                  <Button size="small" type="link" onClick={() => props.onEdit!(r)}>
                    {t(common.edit)}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

function CraftsmanForm({ craftsman, onClose }: { craftsman: Craftsman | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const counties = useCounties();
  const save = useSaveCraftsman();
  const submit = async () => {
    const v = await form.validateFields();
    const body: Record<string, unknown> = {
      ...v,
      phone: v.phone || null,
      idNumber: v.idNumber || null,
      honours: (v.honours ?? []).filter((h: { id?: string }) => h?.id),
    };
    if (craftsman) {
      body.version = craftsman.version;
      // Masked values come back as they were shown: leave them unchanged.
      if (body.phone === craftsman.phone) delete body.phone;
      if (body.idNumber === craftsman.idNumber) delete body.idNumber;
    }
    save.mutate(
      { id: craftsman?.id, body },
      {
        onSuccess: () => {
          message.success(t(common.saved));
          onClose();
        },
        onError: (err) => {
          if (!applyIssues(form, err)) showError(err);
        },
      },
    );
  };
  return (
    <Modal
      open
      title={craftsman ? craftsman.name : t(m.newCraftsman)}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={save.isPending}
      width={720}
      okButtonProps={{ 'data-testid': 'craftsman-save' } as never}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="craftsman-form"
        initialValues={
          craftsman ?? {
            monthlyCapacity: 2,
            employerConsent: true,
            publicConsent: false,
            honours: [],
            specialtyTags: [],
          }
        }
      >
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="name" label={t(m.name)} rules={[{ required: true, message: t(common.required) }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="countyId"
            label={t(m.county)}
            rules={[{ required: true, message: t(common.required) }]}
          >
            <Select
              style={{ width: 180 }}
              showSearch
              optionFilterProp="label"
              options={(counties.data ?? []).map((c) => ({ value: c.id, label: c.shortName ?? c.name }))}
            />
          </Form.Item>
          <Form.Item name="gender" label="性别">
            <Select
              style={{ width: 90 }}
              allowClear
              options={[
                { value: 'male', label: '男' },
                { value: 'female', label: '女' },
              ]}
            />
          </Form.Item>
          <Form.Item name="birthYear" label="出生年份">
            <InputNumber min={1930} max={2010} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="phone" label={t(m.phone)}>
            <Input maxLength={11} />
          </Form.Item>
          <Form.Item name="idNumber" label={t(m.idNumber)}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="employerName" label={t(m.employer)}>
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="occupation" label="职业（中类）">
            <Select
              style={{ width: 260 }}
              allowClear
              showSearch
              optionFilterProp="label"
              options={OCCUPATIONS.map((o) => ({ value: o.code, label: `${o.code} ${o.name}` }))}
            />
          </Form.Item>
          <Form.Item name="skillLevel" label={t(m.skillLevel)}>
            <Select
              style={{ width: 140 }}
              allowClear
              options={SKILL_LEVELS.map((l) => ({ value: l.order, label: l.name }))}
            />
          </Form.Item>
          <Form.Item name="monthlyCapacity" label={t(m.capacity)}>
            <InputNumber min={0} max={31} />
          </Form.Item>
        </Space>
        <Form.List name="honours">
          {(fields, { add, remove }) => (
            <Form.Item label={t(m.honours)}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'id']} rules={[{ required: true, message: t(common.required) }]}>
                    <Select
                      style={{ width: 220 }}
                      options={HONOURS.map((h) => ({ value: h.id, label: h.name }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'year']}
                    rules={[{ required: true, message: t(common.required) }]}
                  >
                    <InputNumber min={1950} max={2100} placeholder="年份" />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(f.name)}>
                    {t(common.delete)}
                  </Button>
                </Space>
              ))}
              <Button size="small" onClick={() => add({ year: new Date().getFullYear() })}>
                + {t(m.honours)}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="specialtyTags" label={t(m.specialtyTags)}>
          <Select mode="tags" maxCount={20} />
        </Form.Item>
        <Form.Item name="specialties" label={t(m.specialties)}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Space>
          <Form.Item name="employerConsent" valuePropName="checked">
            <Checkbox>{t(m.consent)}</Checkbox>
          </Form.Item>
          <Form.Item name="publicConsent" valuePropName="checked">
            <Checkbox>{t(m.publicConsent)}</Checkbox>
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function TeamForm({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const craftsmen = useCraftsmen({ pageSize: 100 });
  const save = useSaveTeam();
  const options = (craftsmen.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${c.name}（${c.countyName}）`,
  }));
  const submit = async () => {
    const v = await form.validateFields();
    save.mutate(
      { id: team?.id, body: team ? { ...v, version: team.version } : v },
      {
        onSuccess: () => {
          message.success(t(common.saved));
          onClose();
        },
        onError: (err) => {
          if (!applyIssues(form, err)) showError(err);
        },
      },
    );
  };
  return (
    <Modal
      open
      title={team ? team.name : t(m.newTeam)}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={save.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={team ? { ...team, memberIds: team.members.map((x) => x.id) } : {}}
      >
        <Form.Item
          name="name"
          label={t(m.teamName)}
          rules={[{ required: true, message: t(common.required) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="leaderId"
          label={t(m.leader)}
          rules={[{ required: true, message: t(common.required) }]}
        >
          <Select showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item name="memberIds" label={t(m.members)}>
          <Select mode="multiple" optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item name="specialty" label={t(m.specialty)}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="foundedOn" label={t(m.founded)}>
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ResourcesPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const manage = can(me, 'manage:craftsman:subtree');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [countyId, setCountyId] = useState<number | undefined>();
  const counties = useCounties();
  const [editing, setEditing] = useState<{ c: Craftsman | null } | null>(null);
  const [editingTeam, setEditingTeam] = useState<{ t: Team | null } | null>(null);
  const teams = useTeams({ pageSize: 50 });
  return (
    <Card title={t(m.resources)}>
      <Tabs
        items={[
          {
            key: 'craftsmen',
            label: t(m.craftsmen),
            children: (
              <>
                <Space wrap style={{ marginBottom: 12 }}>
                  <Input.Search
                    allowClear
                    placeholder={t(m.searchCraftsmen)}
                    value={search}
                    onChange={(e) => setSearch(e.target.value)}
                    onSearch={setQ}
                    style={{ width: 220 }}
                  />
                  <Select
                    allowClear
                    placeholder={t(m.county)}
                    style={{ width: 160 }}
                    value={countyId}
                    onChange={setCountyId}
                    options={(counties.data ?? []).map((c) => ({
                      value: c.id,
                      label: c.shortName ?? c.name,
                    }))}
                  />
                  {manage ? (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ c: null })}>
                      {t(m.newCraftsman)}
                    </Button>
                  ) : null}
                </Space>
                <CraftsmenTable
                  query={{ q: q || undefined, countyId }}
                  onEdit={manage ? (c) => setEditing({ c }) : undefined}
                />
              </>
            ),
          },
          {
            key: 'teams',
            label: t(m.teams),
            children: (
              <>
                {manage ? (
                  <Button
                    type="primary"
                    icon={<PlusOutlined />}
                    style={{ marginBottom: 12 }}
                    onClick={() => setEditingTeam({ t: null })}
                  >
                    {t(m.newTeam)}
                  </Button>
                ) : null}
                <Table<Team>
                  rowKey="id"
                  size="small"
                  data-testid="teams-table"
                  loading={teams.isFetching}
                  dataSource={teams.data?.items ?? []}
                  columns={[
                    { title: t(m.teamName), dataIndex: 'name' },
                    { title: t(m.leader), dataIndex: 'leaderName' },
                    { title: t(m.members), dataIndex: 'memberCount', width: 80 },
                    { title: t(m.specialty), dataIndex: 'specialty' },
                    { title: '所属组织', dataIndex: 'orgName' },
                    { title: t(m.founded), dataIndex: 'foundedOn', width: 110 },
                    ...(manage
                      ? [
                          {
                            title: t(common.actions),
                            key: 'a',
                            render: (_: unknown, r: Team) => (
                              <Button size="small" type="link" onClick={() => setEditingTeam({ t: r })}>
                                {t(common.edit)}
                              </Button>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </>
            ),
          },
          { key: 'actions', label: '专项行动', children: <ServiceActionsTab manage={manage} /> },
        ]}
      />
      {editing ? <CraftsmanForm craftsman={editing.c} onClose={() => setEditing(null)} /> : null}
      {editingTeam ? <TeamForm team={editingTeam.t} onClose={() => setEditingTeam(null)} /> : null}
    </Card>
  );
}
