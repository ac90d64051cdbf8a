// 揭榜挂帅 榜单: the list (the union's own, open calls for craftsmen, the panels a reviewer sits
// on) and the form of a new challenge — blank, or prefilled from a 共性难题 cluster.
import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { CHALLENGE_STATE_LABELS, CHALLENGE_STATES, type ChallengeState } from '#shared/challenges.ts';
import { INDUSTRY_SECTIONS } from '#shared/orgs.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { showError } from '../../lib/show-error.ts';
import { useCategories } from './api.ts';
import { type Challenge, useChallenges, useCreateChallenge } from './challenges-api.ts';

const STATE_COLORS: Record<ChallengeState, string> = {
  draft: 'default',
  published: 'blue',
  reviewing: 'orange',
  awarded: 'purple',
  in_progress: 'cyan',
  completed: 'green',
  cancelled: 'red',
};

export function ChallengeStateTag({ state }: { state: ChallengeState }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-state={state}>
      {t(CHALLENGE_STATE_LABELS[state])}
    </Tag>
  );
}

export const yuan = (v: string | number) =>
  `${Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`;

/** Prefill of a challenge made from a cluster (passed as router state by the cluster view). */
export interface ChallengePrefill {
  title: string;
  problem: string;
  categoryId: number;
  industryDivision: string | null;
  demandIds: number[];
  clusterNote: string;
}

export function ChallengeForm({ prefill, onClose }: { prefill?: ChallengePrefill; onClose: () => void }) {
  const [form] = Form.useForm();
  const cats = useCategories();
  const create = useCreateChallenge();
  const navigate = useNavigate();
  const submit = async () => {
    const v = await form.validateFields();
    create.mutate(
      {
        ...v,
        applyBy: v.applyBy.format('YYYY-MM-DD'),
        completeBy: v.completeBy.format('YYYY-MM-DD'),
        demandIds: prefill?.demandIds,
        clusterNote: prefill?.clusterNote,
      },
      {
        onSuccess: (c) => {
          onClose();
          navigate(`/zhuqi/challenges/${c.id}`);
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
      width={720}
      title={prefill ? '由共性难题生成揭榜挂帅榜单' : '新建揭榜挂帅榜单'}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'challenge-submit' } as never}
    >
      {prefill ? (
        <Typography.Paragraph type="secondary" data-testid="challenge-prefill">
          关联需求 {prefill.demandIds.length} 条。{prefill.clusterNote}
        </Typography.Paragraph>
      ) : null}
      <Form
        form={form}
        layout="vertical"
        data-testid="challenge-form"
        initialValues={{
          title: prefill?.title,
          problem: prefill?.problem,
          categoryId: prefill?.categoryId,
          industryDivision: prefill?.industryDivision ?? undefined,
          applyBy: dayjs().add(30, 'day'),
          completeBy: dayjs().add(210, 'day'),
        }}
      >
        <Form.Item name="title" label="榜单名称" rules={[{ required: true, message: '请填写榜单名称' }]}>
          <Input maxLength={100} data-testid="challenge-title" />
        </Form.Item>
        <Form.Item name="problem" label="难题描述" rules={[{ required: true, message: '请填写难题描述' }]}>
          <Input.TextArea rows={4} maxLength={5000} data-testid="challenge-problem" />
        </Form.Item>
        <Form.Item name="requirements" label="揭榜要求">
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="fundYuan"
            label="榜单资金（元）"
            rules={[{ required: true, message: '请填写榜单资金' }]}
          >
            <InputNumber
              min={0.01}
              max={1e10}
              precision={2}
              style={{ width: 180 }}
              data-testid="challenge-fund"
            />
          </Form.Item>
          <Form.Item name="applyBy" label="揭榜截止日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="completeBy" label="完成期限" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="categoryId" label="需求类别">
            <Select
              allowClear
              style={{ width: 200 }}
              options={(cats.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Form.Item name="industryDivision" label="行业（大类）">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 260 }}
              options={INDUSTRY_SECTIONS.flatMap((s) => s.divisions).map((d) => ({
                value: d.code,
                label: `${d.code} ${d.name}`,
              }))}
            />
          </Form.Item>
        </Space>
        <Typography.Text type="secondary">
          评分项默认：技术方案 35%、团队能力 25%、可行性与进度 20%、预期效益 20%。
        </Typography.Text>
      </Form>
    </Modal>
  );
}

export function ChallengesPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const location = useLocation();
  const prefill = (location.state as { prefill?: ChallengePrefill } | null)?.prefill;
  const [creating, setCreating] = useState<boolean>(!!prefill);
  const [state, setState] = useState<ChallengeState | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useChallenges({ page, pageSize: 20, state, q: q || undefined });
  const operator = can(me, 'dispatch:demand:subtree');
  return (
    <Card
      title="揭榜挂帅"
      extra={
        operator ? (
          <Space>
            <Link to="/zhuqi/clusters">共性难题</Link>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="challenge-new"
            >
              新建榜单
            </Button>
          </Space>
        ) : null
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={CHALLENGE_STATES.map((s) => ({ value: s, label: t(CHALLENGE_STATE_LABELS[s]) }))}
        />
        <Input.Search
          allowClear
          placeholder="榜单名称"
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
          style={{ width: 220 }}
        />
      </Space>
      <Table<Challenge>
        rowKey="id"
        data-testid="challenges-table"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          {
            title: '榜单名称',
            dataIndex: 'title',
            render: (v: string, r) => <Link to={`/zhuqi/challenges/${r.id}`}>{v}</Link>,
          },
          { title: '发榜单位', dataIndex: 'orgName' },
          { title: '榜单资金', dataIndex: 'fundYuan', render: (v: string) => yuan(v) },
          { title: '揭榜截止', dataIndex: 'applyBy' },
          { title: '完成期限', dataIndex: 'completeBy' },
          { title: '揭榜数', dataIndex: 'applicationCount' },
          {
            title: '状态',
            dataIndex: 'state',
            render: (s: ChallengeState) => <ChallengeStateTag state={s} />,
          },
        ]}
      />
      {creating ? <ChallengeForm prefill={prefill} onClose={() => setCreating(false)} /> : null}
    </Card>
  );
}
