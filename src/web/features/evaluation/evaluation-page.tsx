// 成效评估: the yearly ranking of the service teams in the manager's scope, each score explained
// (expand a row), an Excel export, and the weights editor of the province.
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Collapse,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, withQuery } from '../../lib/api-client.ts';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';

interface Component {
  key: string;
  label: string;
  raw: number | null;
  unit: string;
  normalisation: string;
  value: number;
  weight: number;
  contribution: number;
}
interface TeamRow {
  rank: number;
  teamId: number;
  name: string;
  orgName: string;
  score: number;
  components: Component[];
}
interface Ranking {
  year: number;
  weights: Record<string, number>;
  weightsVersion: number;
  weightsInheritedFrom: number | null;
  weightsExplanation: string;
  normalisation: string;
  teamsInProvince: number;
  teams: TeamRow[];
}
interface Weights {
  year: number;
  weights: Record<string, number>;
  version: number;
  inheritedFrom: number | null;
  note: string | null;
  explanation: string;
}
interface WeightVersions {
  year: number;
  items: {
    version: number;
    weights: Record<string, number>;
    note: string | null;
    changedBy: string | null;
    changedAt: string;
  }[];
}

const LABELS: Record<string, string> = {
  solved: '解决需求',
  rating: '企业评价',
  response: '响应时间',
  benefit: '企业效益',
  mountainIsland: '山区海岛县服务',
  trained: '培训职工',
};
const r2 = (x: number) => (Math.round(x * 100) / 100).toString();

function Explanation({ row }: { row: TeamRow }) {
  return (
    <Table<Component>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={row.components}
      data-testid={`explain-${row.teamId}`}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={4}>
            合计
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1}>{r2(row.score)}</Table.Summary.Cell>
        </Table.Summary.Row>
      )}
      columns={[
        { title: '指标', dataIndex: 'label', width: 130 },
        {
          title: '原始值',
          key: 'raw',
          width: 200,
          render: (_v, c) => (c.raw === null ? '无数据' : `${r2(c.raw)} ${c.unit}`),
        },
        { title: '归一方法', dataIndex: 'normalisation' },
        { title: '权重', dataIndex: 'weight', width: 70 },
        { title: '得分', dataIndex: 'contribution', width: 80, render: (v: number) => r2(v) },
      ]}
    />
  );
}

function WeightsEditor({ year, onSaved }: { year: number; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const q = useQuery({
    queryKey: ['evaluation', 'weights', year],
    queryFn: () => api.get<Weights>('/api/evaluation/weights', { year }),
  });
  const versions = useQuery({
    queryKey: ['evaluation', 'weight-versions', year],
    queryFn: () => api.get<WeightVersions>('/api/evaluation/weights/versions', { year }),
  });
  useEffect(() => {
    if (q.data) form.setFieldsValue({ ...q.data.weights, note: '' });
  }, [q.data, form]);
  const save = useMutation({
    mutationFn: ({ note, ...weights }: Record<string, number> & { note?: string }) =>
      api.put<Weights>('/api/evaluation/weights', {
        year,
        version: q.data?.version ?? 0,
        weights,
        note: note?.trim() || null,
      }),
    meta: { invalidates: [['evaluation']] },
    onSuccess: () => {
      message.success('权重已保存');
      onSaved();
    },
  });
  return (
    <Card
      size="small"
      title={`${year} 年度评估权重（省总工会设置）`}
      data-testid="weights-editor"
      extra={
        q.data ? (
          <Typography.Text type="secondary" data-testid="weights-version">
            {q.data.inheritedFrom ? `沿用 ${q.data.inheritedFrom} 年权重` : `第 ${q.data.version} 版`}
          </Typography.Text>
        ) : null
      }
    >
      <Form form={form} layout="inline" onFinish={(v) => save.mutate(v)}>
        {Object.entries(LABELS).map(([k, label]) => (
          <Form.Item key={k} name={k} label={label} rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={0} max={100} style={{ width: 80 }} data-testid={`weight-${k}`} />
          </Form.Item>
        ))}
        <Form.Item name="note" label="修改说明">
          <Input
            maxLength={200}
            style={{ width: 240 }}
            data-testid="weights-note"
            placeholder="如：今年突出职工培训"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="weights-save">
            保存权重
          </Button>
        </Form.Item>
      </Form>
      {(versions.data?.items ?? []).length ? (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'versions',
              label: `历次版本（${versions.data!.items.length}）`,
              children: (
                <Table
                  size="small"
                  rowKey="version"
                  pagination={false}
                  data-testid="weight-versions"
                  dataSource={versions.data!.items}
                  columns={[
                    { title: '版本', dataIndex: 'version', width: 60 },
                    {
                      title: '权重',
                      key: 'weights',
                      render: (_v, r) =>
                        Object.entries(LABELS)
                          .map(([k, label]) => `${label} ${r.weights[k] ?? 0}`)
                          .join('、'),
                    },
                    { title: '说明', dataIndex: 'note' },
                    { title: '修改人', dataIndex: 'changedBy', width: 100, render: (v) => v ?? '系统' },
                    {
                      title: '时间',
                      dataIndex: 'changedAt',
                      width: 170,
                      render: (v: string) => new Date(v).toLocaleString('zh-CN', { hour12: false }),
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}

export function EvaluationPage() {
  const me = useCurrentUser();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const q = useQuery({
    queryKey: ['evaluation', 'teams', year],
    queryFn: () => api.get<Ranking>('/api/evaluation/teams', { year }),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        服务队成效评估
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        依据各服务队在平台上的办理记录计算（解决需求、企业评价、响应时间、企业效益、山区海岛县服务、培训职工），仅供各级工会内部管理使用，不对外公布。
        {q.data?.normalisation}
      </Typography.Paragraph>
      <Space>
        <Select
          value={year}
          style={{ width: 120 }}
          onChange={setYear}
          data-testid="evaluation-year"
          options={[0, 1, 2, 3, 4].map((i) => ({ value: thisYear - i, label: `${thisYear - i} 年` }))}
        />
        <a
          href={withQuery('/api/evaluation/teams/export', { year })}
          download
          data-testid="evaluation-export"
        >
          <Button>导出 Excel</Button>
        </a>
      </Space>
      {q.data ? (
        <Typography.Text data-testid="weights-explanation">
          本表所用权重：{q.data.weightsExplanation}
        </Typography.Text>
      ) : null}
      {me && can(me, 'manage:evaluation:all') ? (
        <WeightsEditor year={year} onSaved={() => q.refetch()} />
      ) : null}
      <Table<TeamRow>
        rowKey="teamId"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.teams ?? []}
        data-testid="evaluation-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (r) => <Explanation row={r} /> }}
        columns={[
          { title: '排名', dataIndex: 'rank', width: 64 },
          { title: '服务队', dataIndex: 'name' },
          { title: '所属组织', dataIndex: 'orgName', width: 200 },
          {
            title: '得分',
            dataIndex: 'score',
            width: 90,
            render: (v: number) => <Typography.Text strong>{r2(v)}</Typography.Text>,
          },
          ...Object.entries(LABELS).map(([k, label]) => ({
            title: label,
            key: k,
            width: 110,
            render: (_v: unknown, r: TeamRow) => {
              const c = r.components.find((x) => x.key === k);
              return c ? r2(c.contribution) : '';
            },
          })),
        ]}
      />
    </Space>
  );
}
