// 企业需求: the enterprise posts and follows its demands; the union reviews, dispatches and
// follows them by state.
import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { INDUSTRY_SECTIONS } from '#shared/orgs.ts';
import { type DemandState, URGENCIES, URGENCY_LABELS } from '#shared/zhuqi.ts';
import { api } from '../../lib/api-client.ts';
import type { Org, Page } from '../../lib/api-types.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { showError } from '../../lib/show-error.ts';
import dayjs from 'dayjs';
import { Attachments, PendingFiles, uploadPending } from '../../components/attachments.tsx';
import { type Demand, useCategories, useDemands, usePostDemand, useUpdateDemand } from './api.ts';
import { DemandStateTag, fmtTime, LevelTag, UrgencyTag } from './labels.tsx';
import { m } from './messages.ts';

function EnterprisePicker(props: { value?: number; onChange?: (v: number) => void }) {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['orgs', 'enterprises', 'zhuqi', q],
    queryFn: () => api.get<Page<Org>>('/api/orgs', { kind: 'enterprise', q, pageSize: 20 }),
  });
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={props.value}
      onChange={props.onChange}
      options={(found.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
    />
  );
}

/**
 * Posting a demand, or editing one (`demand`) while it waits for review or was returned. Files
 * (drawings, photos, documents) are chosen here: sent after the demand is created, or managed
 * directly when editing.
 */
export function DemandForm({
  onClose,
  onCreated,
  demand,
}: {
  onClose: () => void;
  onCreated: (d: Demand) => void;
  demand?: Demand;
}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const me = useCurrentUser();
  const onBehalf = can(me, 'review:demand:subtree') && !demand;
  const [form] = Form.useForm();
  const cats = useCategories();
  const post = usePostDemand();
  const update = useUpdateDemand();
  const [files, setFiles] = useState<File[]>([]);
  const [sending, setSending] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    const body = { ...v, wantedBy: v.wantedBy ? v.wantedBy.format('YYYY-MM-DD') : null };
    const onError = (err: unknown) => {
      if (!applyIssues(form, err)) showError(err);
    };
    if (demand) {
      update.mutate(
        { id: demand.id, body: { ...body, version: demand.version } },
        {
          onSuccess: (d) => {
            onCreated(d);
            onClose();
          },
          onError,
        },
      );
      return;
    }
    post.mutate(body, {
      onSuccess: async (d) => {
        if (files.length) {
          setSending(true);
          const refused = await uploadPending('demands', d.id, files);
          setSending(false);
          if (refused.length)
            modal.warning({
              title: '需求已提交，但以下附件未能上传',
              content: refused.join('\n'),
            });
        }
        onCreated(d);
        onClose();
      },
      onError,
    });
  };
  return (
    <Modal
      open
      title={demand ? '修改需求' : t(m.postDemand)}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={post.isPending || update.isPending || sending}
      okButtonProps={{ 'data-testid': 'demand-submit' } as never}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="demand-form"
        initialValues={
          demand
            ? {
                title: demand.title,
                description: demand.description,
                categoryId: demand.categoryId,
                urgency: demand.urgency,
                wantedBy: demand.wantedBy ? dayjs(demand.wantedBy) : undefined,
                industryDivision: demand.industryDivision ?? undefined,
                contactName: demand.contactName ?? undefined,
              }
            : { urgency: 'normal' }
        }
      >
        {onBehalf ? (
          <Form.Item
            name="enterpriseId"
            label={t(m.enterprise)}
            rules={[{ required: true, message: t(common.required) }]}
          >
            <EnterprisePicker />
          </Form.Item>
        ) : null}
        <Form.Item name="title" label={t(m.title)} rules={[{ required: true, message: t(common.required) }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t(m.description)}
          rules={[{ required: true, message: t(common.required) }]}
        >
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item
          name="categoryId"
          label={t(m.category)}
          rules={[{ required: true, message: t(common.required) }]}
        >
          <Select
            data-testid="demand-category"
            options={(cats.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="urgency" label={t(m.urgency)}>
            <Select
              style={{ width: 120 }}
              options={URGENCIES.map((u) => ({ value: u, label: t(URGENCY_LABELS[u]) }))}
            />
          </Form.Item>
          <Form.Item name="wantedBy" label={t(m.wantedBy)}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="industryDivision" label="行业（大类）">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 220 }}
              options={INDUSTRY_SECTIONS.flatMap((s) => s.divisions).map((d) => ({
                value: d.code,
                label: `${d.code} ${d.name}`,
              }))}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="contactName" label={t(m.contactName)}>
            <Input maxLength={50} />
          </Form.Item>
          {demand ? null : (
            <Form.Item name="contactPhone" label={t(m.phone)}>
              <Input maxLength={11} />
            </Form.Item>
          )}
        </Space>
        <Form.Item label="附件（图纸、照片、文档）">
          {demand ? (
            <Attachments
              ownerType="demands"
              ownerId={demand.id}
              canManage
              compact
              uploadLabel="上传附件"
              emptyText="暂无附件"
            />
          ) : (
            <PendingFiles value={files} onChange={setFiles} testId="demand-files" />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}

const UNION_TABS: { key: string; label: keyof typeof m; state?: DemandState }[] = [
  { key: 'review', label: 'tabReview', state: 'submitted' },
  { key: 'dispatch', label: 'tabDispatch', state: 'published' },
  { key: 'dispatching', label: 'tabDispatching', state: 'dispatching' },
  { key: 'service', label: 'tabService', state: 'in_service' },
  { key: 'all', label: 'tabAll' },
];

export function DemandsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const union = can(me, 'review:demand:subtree');
  const [tab, setTab] = useState(union ? 'review' : 'all');
  const [page, setPage] = useState(1);
  const [posting, setPosting] = useState(false);
  const state = UNION_TABS.find((x) => x.key === tab)?.state;
  const list = useDemands({ state, page, pageSize: 20 });
  return (
    <Card
      title={union ? t(m.demands) : '我的需求'}
      extra={
        can(me, 'post:demand:own-org') ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="post-demand"
            onClick={() => setPosting(true)}
          >
            {t(m.postDemand)}
          </Button>
        ) : null
      }
    >
      {union ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            setTab(k);
            setPage(1);
          }}
          items={UNION_TABS.map((x) => ({ key: x.key, label: t(m[x.label]) }))}
        />
      ) : null}
      <Table<Demand>
        rowKey="id"
        data-testid="demands-table"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 800 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => t(common.total, { n }),
        }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/zhuqi/demands/${r.id}`) })}
        columns={[
          {
            title: t(m.title),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Space size={4}>
                <Link to={`/zhuqi/demands/${r.id}`} data-testid={`demand-link-${r.id}`}>
                  <Typography.Text strong>{v}</Typography.Text>
                </Link>
                <UrgencyTag urgency={r.urgency} />
              </Space>
            ),
          },
          { title: t(m.enterprise), dataIndex: 'enterpriseName', ellipsis: true },
          { title: t(m.county), dataIndex: 'countyName', width: 100 },
          { title: t(m.category), dataIndex: 'categoryName', width: 110 },
          {
            title: t(m.state),
            dataIndex: 'state',
            width: 110,
            render: (s: DemandState) => <DemandStateTag state={s} />,
          },
          { title: t(m.level), dataIndex: 'level', width: 80, render: (l) => <LevelTag level={l} /> },
          { title: t(m.server), dataIndex: 'serverName', width: 120 },
          { title: t(m.posted), dataIndex: 'createdAt', width: 170, render: fmtTime },
        ]}
      />
      {posting ? (
        <DemandForm
          onClose={() => setPosting(false)}
          onCreated={(d) => {
            message.success('需求已提交，等待县级工会审核');
            navigate(`/zhuqi/demands/${d.id}`);
          }}
        />
      ) : null}
    </Card>
  );
}
