// 派单 with the engine on the web: the ranked, explained candidates of one demand (the operator
// picks from them in the dispatch panel), and the batch dispatch page — a proposal for every
// open demand in scope that the operator reviews (drop a row, change its candidate) and sends.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../lib/api-client.ts';
import { zhuqiKeys } from './api.ts';

export interface ScoreComponent {
  key: string;
  label: string;
  weight: number;
  value: number;
  contribution: number;
  reason: string;
}
export interface RankedCandidate {
  candidateId: string;
  kind: 'craftsman' | 'team';
  name: string;
  score: number;
  components: ScoreComponent[];
}
export interface CandidateList {
  demandId: number;
  poolSize: number;
  considered: number;
  eligible: number;
  results: RankedCandidate[];
  excluded: { candidateId: string; name: string; reasons: { key: string; reason: string }[] }[];
}
interface ProposalRow {
  demandId: number;
  demandTitle: string;
  demandVersion: number;
  candidate: { type: 'craftsman' | 'team'; id: number };
  candidateName: string;
  score: number;
  components: ScoreComponent[];
}
interface Proposal {
  method: 'lp' | 'greedy';
  fallbackReason?: string;
  demands: number;
  candidates: number;
  totalScore: number;
  greedyTotal: number;
  capacityViolations: number;
  assignments: ProposalRow[];
  unassigned: { demandId: number; demandTitle: string; demandVersion: number }[];
}
interface SendResult {
  sent: number;
  results: { demandId: number; status: 'sent' | 'stale' | 'refused'; message: string }[];
}

const Z = '/api/zhuqi';
export const parseCandidateId = (id: string) => {
  const [type, n] = id.split(':');
  return { type: type as 'craftsman' | 'team', id: Number(n) };
};
const fmt = (x: number) => (Math.round(x * 100) / 100).toString();

export function useCandidates(demandId: number, enabled = true) {
  return useQuery({
    queryKey: [...zhuqiKeys.demands, demandId, 'candidates'],
    queryFn: () => api.get<CandidateList>(`${Z}/demands/${demandId}/candidates`, { limit: 20 }),
    enabled,
  });
}

/** The components of a score: factor, weight × value = contribution, and why. */
export function ScoreReasons({ components }: { components: ScoreComponent[] }) {
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="score-reasons">
      {components.map((c) => (
        <li key={c.key}>
          <Typography.Text strong>{c.label}</Typography.Text>{' '}
          <Typography.Text type="secondary">
            {fmt(c.weight)} × {fmt(c.value)} = {fmt(c.contribution)}
          </Typography.Text>
          ：{c.reason}
        </li>
      ))}
    </ul>
  );
}

/** The two or three factors that weigh most, in one line (the full list expands). */
function topReasons(components: ScoreComponent[]) {
  return [...components]
    .filter((c) => c.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, 3)
    .map((c) => `${c.label}：${c.reason}`)
    .join('；');
}

/** The ranked, explained candidates of one demand; `onPick` adds one to the operator's list. */
export function RankedCandidates(props: {
  demandId: number;
  picked: string[];
  onPick: (c: RankedCandidate) => void;
}) {
  const q = useCandidates(props.demandId);
  if (q.isError) return <Alert type="warning" showIcon message={(q.error as Error).message} />;
  return (
    <div data-testid="ranked-candidates">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        平台按专长相关度、行业与职业对口、距离、当前负荷、历史评价和山区海岛县优先综合打分（展开可看每项得分与理由）；
        {q.data
          ? `本辖区 ${q.data.poolSize} 位（支）候选，其中 ${q.data.eligible} 位可派。`
          : '正在计算推荐人选…'}
      </Typography.Paragraph>
      <Table<RankedCandidate>
        size="small"
        rowKey="candidateId"
        loading={q.isLoading}
        pagination={false}
        dataSource={q.data?.results ?? []}
        expandable={{
          expandedRowRender: (r) => <ScoreReasons components={r.components} />,
        }}
        onRow={(r) => ({ 'data-candidate': r.candidateId }) as never}
        columns={[
          { title: '排名', key: 'rank', width: 56, render: (_v, _r, i) => i + 1 },
          {
            title: '候选人',
            dataIndex: 'name',
            width: 180,
            render: (v, r) => (
              <>
                {v}
                {r.kind === 'team' ? <Tag style={{ marginLeft: 4 }}>服务队</Tag> : null}
              </>
            ),
          },
          { title: '得分', dataIndex: 'score', width: 72, render: (v: number) => fmt(v) },
          {
            title: '主要理由',
            key: 'reasons',
            render: (_v, r) => (
              <Typography.Text data-testid="candidate-reason" style={{ fontSize: 12 }}>
                {topReasons(r.components)}
              </Typography.Text>
            ),
          },
          {
            title: '',
            key: 'pick',
            width: 80,
            render: (_v, r) => (
              <Button
                size="small"
                data-testid={`pick-${r.candidateId}`}
                disabled={props.picked.includes(r.candidateId)}
                onClick={() => props.onPick(r)}
              >
                选用
              </Button>
            ),
          },
        ]}
      />
      {q.data?.excluded.length ? (
        <details style={{ marginTop: 8 }} data-testid="excluded-candidates">
          <summary>不可派的候选人（{q.data.excluded.length}）</summary>
          <ul>
            {q.data.excluded.map((e) => (
              <li key={e.candidateId}>
                {e.name}：{e.reasons.map((r) => r.reason).join('；')}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/** A proposal row's candidate, changeable to another ranked candidate of that demand. */
function RowCandidate(props: { row: ProposalRow; onChange: (c: RankedCandidate) => void }) {
  const [open, setOpen] = useState(false);
  const q = useCandidates(props.row.demandId, open);
  const current = `${props.row.candidate.type}:${props.row.candidate.id}`;
  const options = (q.data?.results ?? []).map((c) => ({
    value: c.candidateId,
    label: `${c.name}${c.kind === 'team' ? '（服务队）' : ''} · ${fmt(c.score)}`,
  }));
  if (!options.some((o) => o.value === current))
    options.unshift({ value: current, label: `${props.row.candidateName} · ${fmt(props.row.score)}` });
  return (
    <Select
      style={{ width: 220 }}
      value={current}
      loading={q.isFetching}
      onDropdownVisibleChange={(v) => v && setOpen(true)}
      options={options}
      data-testid={`proposal-candidate-${props.row.demandId}`}
      onChange={(v: string) => {
        const c = q.data?.results.find((x) => x.candidateId === v);
        if (c) props.onChange(c);
      }}
    />
  );
}

const STATUS: Record<SendResult['results'][number]['status'], { color: string; label: string }> = {
  sent: { color: 'green', label: '已派出' },
  stale: { color: 'orange', label: '已过期未派' },
  refused: { color: 'red', label: '未派出' },
};

/** 批量派单: propose for every open demand in scope, review, send. */
export function BatchDispatchPage() {
  const { message } = App.useApp();
  const [rows, setRows] = useState<ProposalRow[]>([]);
  const [kept, setKept] = useState<number[]>([]);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [result, setResult] = useState<SendResult | null>(null);
  const propose = useMutation({
    mutationFn: () => api.post<Proposal>(`${Z}/dispatch/proposal`),
    onSuccess: (p) => {
      setProposal(p);
      setRows(p.assignments);
      setKept(p.assignments.map((a) => a.demandId));
      setResult(null);
    },
  });
  const send = useMutation({
    mutationFn: (body: unknown) => api.post<SendResult>(`${Z}/dispatch/send`, body),
    meta: { invalidates: [zhuqiKeys.all, zhuqiKeys.notifications] },
    onSuccess: (r) => {
      setResult(r);
      message.success(`已派出 ${r.sent} 条`);
    },
  });
  const titles = useMemo(() => new Map(rows.map((r) => [r.demandId, r.demandTitle])), [rows]);
  const total = rows.filter((r) => kept.includes(r.demandId)).reduce((s, r) => s + r.score, 0);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        批量派单
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        为本辖区全部待派单需求生成一份方案：在每位劳模工匠、每支服务队的接单能力之内，使总匹配得分最高。请逐条审核（可去掉、可改派），确认后逐条按正常流程派出；期间已被他人处理的需求不会派出，会单独列出。
      </Typography.Paragraph>
      <Space>
        <Button
          type="primary"
          loading={propose.isPending}
          onClick={() => propose.mutate()}
          data-testid="propose"
        >
          {proposal ? '重新生成方案' : '生成派单方案'}
        </Button>
        {proposal ? (
          <Button
            data-testid="send-proposal"
            disabled={!kept.length}
            loading={send.isPending}
            onClick={() =>
              send.mutate({
                rows: rows
                  .filter((r) => kept.includes(r.demandId))
                  .map((r) => ({ demandId: r.demandId, version: r.demandVersion, candidate: r.candidate })),
              })
            }
          >
            派出选中的 {kept.length} 条
          </Button>
        ) : null}
      </Space>
      {proposal ? (
        <Card size="small" data-testid="proposal">
          <Typography.Paragraph>
            待派单需求 {proposal.demands} 条，候选 {proposal.candidates} 位（支）；方案分配 {rows.length}{' '}
            条，选中合计得分 {fmt(total)}（
            {proposal.method === 'lp' ? '最优解' : `贪心解：${proposal.fallbackReason ?? ''}`}）。
          </Typography.Paragraph>
          <Table<ProposalRow>
            size="small"
            rowKey="demandId"
            pagination={false}
            dataSource={rows}
            data-testid="proposal-table"
            rowSelection={{
              selectedRowKeys: kept,
              onChange: (keys) => setKept(keys as number[]),
            }}
            expandable={{ expandedRowRender: (r) => <ScoreReasons components={r.components} /> }}
            columns={[
              {
                title: '需求',
                dataIndex: 'demandTitle',
                render: (v, r) => <Link to={`/zhuqi/demands/${r.demandId}`}>{v}</Link>,
              },
              {
                title: '拟派',
                key: 'candidate',
                width: 240,
                render: (_v, r) => (
                  <RowCandidate
                    row={r}
                    onChange={(c) =>
                      setRows(
                        rows.map((x) =>
                          x.demandId === r.demandId
                            ? {
                                ...x,
                                candidate: parseCandidateId(c.candidateId),
                                candidateName: c.name,
                                score: c.score,
                                components: c.components,
                              }
                            : x,
                        ),
                      )
                    }
                  />
                ),
              },
              { title: '得分', dataIndex: 'score', width: 72, render: (v: number) => fmt(v) },
              {
                title: '主要理由',
                key: 'reasons',
                render: (_v, r) => (
                  <Typography.Text style={{ fontSize: 12 }}>{topReasons(r.components)}</Typography.Text>
                ),
              },
            ]}
          />
          {proposal.unassigned.length ? (
            <Alert
              style={{ marginTop: 8 }}
              type="info"
              showIcon
              message={`暂无可派人选的需求 ${proposal.unassigned.length} 条：${proposal.unassigned.map((u) => u.demandTitle).join('、')}`}
            />
          ) : null}
        </Card>
      ) : (
        <Empty description="点击“生成派单方案”" />
      )}
      {result ? (
        <Card size="small" title="派出结果" data-testid="send-result">
          <Table
            size="small"
            rowKey="demandId"
            pagination={false}
            dataSource={result.results}
            columns={[
              { title: '需求', dataIndex: 'demandId', render: (v: number) => titles.get(v) ?? v },
              {
                title: '结果',
                dataIndex: 'status',
                width: 120,
                render: (v: keyof typeof STATUS) => <Tag color={STATUS[v].color}>{STATUS[v].label}</Tag>,
              },
              { title: '说明', dataIndex: 'message' },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}
