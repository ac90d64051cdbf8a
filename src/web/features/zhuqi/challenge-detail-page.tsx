// One 揭榜挂帅 challenge: the problem and its demands, the applications (the application form for
// a team or studio member), the panel's scores (the scoring form for panel members, the ranking
// and the award for the union), the milestones and their tranches, and the timeline.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  APPLICANT_TYPE_LABELS,
  APPLICATION_STATE_LABELS,
  type ApplicationState,
} from '#shared/challenges.ts';
import { Attachments } from '../../components/attachments.tsx';
import { api } from '../../lib/api-client.ts';
import type { Page } from '../../lib/api-types.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { useCurrentUser } from '../../lib/session.ts';
import { showError } from '../../lib/show-error.ts';
import {
  type Application,
  type ChallengeDetail,
  type ChallengeEvents,
  type Milestones,
  type Scores,
  useAcceptMilestone,
  useApply,
  useChallenge,
  useChallengeAction,
  useChallengePart,
  useEditApplication,
  useSaveMilestones,
  useScore,
  useWithdraw,
} from './challenges-api.ts';
import { ChallengeStateTag, yuan } from './challenges-page.tsx';
import { fmtTime } from './labels.tsx';

const EVENT_LABELS: Record<string, string> = {
  create: '新建榜单',
  edit: '修改',
  publish: '发布榜单',
  apply: '揭榜',
  editApplication: '修改申请',
  withdraw: '撤回申请',
  panel: '指定评审专家',
  close: '截止揭榜',
  closePanel: '结束评审',
  award: '定榜',
  editMilestones: '调整里程碑',
  start: '启动攻关',
  acceptMilestone: '验收里程碑并拨付',
  complete: '结项',
  cancel: '撤销',
};

/** A button that asks for a text (reason, evidence), then runs. */
function TextButton(props: {
  label: string;
  testId: string;
  prompt: string;
  danger?: boolean;
  onSubmit: (text: string) => Promise<unknown>;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  return (
    <>
      <Button danger={props.danger} data-testid={props.testId} onClick={() => setOpen(true)}>
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.label}
        okButtonProps={{ disabled: !text.trim(), 'data-testid': `${props.testId}-ok` } as never}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          await props.onSubmit(text.trim());
          setOpen(false);
        }}
      >
        <Input.TextArea
          rows={3}
          maxLength={2000}
          placeholder={props.prompt}
          data-testid={`${props.testId}-text`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Modal>
    </>
  );
}

function MilestoneFields({ name = 'milestones' }: { name?: string }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Space key={f.key} align="baseline" wrap data-testid="milestone-row">
              <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写里程碑' }]}>
                <Input placeholder="里程碑" maxLength={100} style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'amountYuan']} rules={[{ required: true, message: '请填写金额' }]}>
                <InputNumber placeholder="金额（元）" min={0.01} precision={2} style={{ width: 150 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'dueOn']}>
                <DatePicker placeholder="期限" />
              </Form.Item>
              <MinusCircleOutlined onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />} data-testid="milestone-add">
            添加里程碑
          </Button>
        </>
      )}
    </Form.List>
  );
}

const milestoneValues = (
  list: { title: string; amountYuan: number; dueOn?: { format: (f: string) => string } }[],
) =>
  (list ?? []).map((x) => ({
    title: x.title,
    amountYuan: x.amountYuan,
    dueOn: x.dueOn ? x.dueOn.format('YYYY-MM-DD') : null,
  }));

/** 揭榜, or (with `editing`) the applicant's edit of a live application before the deadline. */
function ApplyForm({
  c,
  onClose,
  editing,
}: {
  c: ChallengeDetail;
  onClose: () => void;
  editing?: Application;
}) {
  const [form] = Form.useForm();
  const apply = useApply();
  const edit = useEditApplication();
  const submit = async () => {
    const v = await form.validateFields();
    const onError = (err: unknown) => {
      if (!applyIssues(form, err)) showError(err);
    };
    if (editing) {
      edit.mutate(
        {
          id: editing.id,
          body: {
            version: editing.version,
            proposal: v.proposal,
            plan: v.plan || null,
            milestones: milestoneValues(v.milestones),
          },
        },
        { onSuccess: onClose, onError },
      );
      return;
    }
    const [applicantType, applicantId] = String(v.applicant).split(':');
    apply.mutate(
      {
        id: c.id,
        body: {
          applicantType,
          applicantId: Number(applicantId),
          proposal: v.proposal,
          plan: v.plan || null,
          milestones: milestoneValues(v.milestones),
        },
      },
      {
        onSuccess: onClose,
        onError: (err) => {
          if (!applyIssues(form, err)) showError(err);
        },
      },
    );
  };
  return (
    <Modal
      open
      width={760}
      title={editing ? `修改揭榜申请：${editing.applicantName}` : `揭榜：${c.title}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={apply.isPending || edit.isPending}
      okButtonProps={{ 'data-testid': 'apply-submit' } as never}
    >
      <Typography.Paragraph type="secondary">
        各里程碑金额合计须等于榜单资金 {yuan(c.fundYuan)}；揭榜截止 {c.applyBy}。提交后可在申请列表上传附件。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        data-testid="apply-form"
        initialValues={
          editing
            ? {
                proposal: editing.proposal,
                plan: editing.plan ?? undefined,
                milestones: editing.milestones.map((x) => ({
                  title: x.title,
                  amountYuan: Number(x.amountYuan),
                  dueOn: x.dueOn ? dayjs(x.dueOn) : undefined,
                })),
              }
            : {
                applicant: c.me.applyAs[0] ? `${c.me.applyAs[0].type}:${c.me.applyAs[0].id}` : undefined,
                milestones: [{ title: '', amountYuan: Number(c.fundYuan) }],
              }
        }
      >
        {editing ? null : (
          <Form.Item name="applicant" label="揭榜方" rules={[{ required: true, message: '请选择揭榜方' }]}>
            <Select
              data-testid="apply-applicant"
              options={c.me.applyAs.map((a) => ({
                value: `${a.type}:${a.id}`,
                label: `${APPLICANT_TYPE_LABELS[a.type].zh}：${a.name}`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item name="proposal" label="揭榜方案" rules={[{ required: true, message: '请填写揭榜方案' }]}>
          <Input.TextArea rows={4} maxLength={10000} data-testid="apply-proposal" />
        </Form.Item>
        <Form.Item name="plan" label="实施计划">
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Typography.Text strong>里程碑与资金安排</Typography.Text>
        <MilestoneFields />
      </Form>
    </Modal>
  );
}

function ApplicationsTab({ c }: { c: ChallengeDetail }) {
  const { t } = useI18n();
  const apps = useChallengePart<{ items: Application[] }>(c.id, 'applications');
  const withdraw = useWithdraw();
  const [applying, setApplying] = useState(false);
  const [editing, setEditing] = useState<Application | null>(null);
  return (
    <>
      {c.state === 'published' && c.me.applyAs.length ? (
        <Button
          type="primary"
          style={{ marginBottom: 12 }}
          onClick={() => setApplying(true)}
          data-testid="apply-open"
        >
          我要揭榜
        </Button>
      ) : null}
      <Table<Application>
        rowKey="id"
        data-testid="applications-table"
        loading={apps.isLoading}
        dataSource={apps.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        expandable={{
          expandedRowRender: (a) => (
            <div>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.proposal}</Typography.Paragraph>
              {a.plan ? (
                <Typography.Paragraph type="secondary">实施计划：{a.plan}</Typography.Paragraph>
              ) : null}
              <Typography.Paragraph>
                里程碑：{a.milestones.map((x) => `${x.title}（${yuan(x.amountYuan)}）`).join('；')}
              </Typography.Paragraph>
              <Attachments
                ownerType="challenge-applications"
                ownerId={a.id}
                canManage={c.state === 'published' && a.state === 'submitted' && !c.me.operator}
              />
            </div>
          ),
        }}
        columns={[
          { title: '揭榜方', dataIndex: 'applicantName' },
          {
            title: '类别',
            dataIndex: 'applicantType',
            render: (v: 'team' | 'studio') => t(APPLICANT_TYPE_LABELS[v]),
          },
          { title: '提交时间', dataIndex: 'createdAt', render: (v: string) => fmtTime(v) },
          {
            title: '状态',
            dataIndex: 'state',
            render: (s: ApplicationState) => (
              <Tag color={s === 'awarded' ? 'green' : s === 'withdrawn' ? 'default' : 'blue'} data-state={s}>
                {t(APPLICATION_STATE_LABELS[s] ?? { zh: s, en: s })}
              </Tag>
            ),
          },
          {
            title: '操作',
            render: (_: unknown, a) =>
              c.state === 'published' && a.state === 'submitted' && !c.me.operator ? (
                <Space>
                  <Button size="small" onClick={() => setEditing(a)} data-testid={`application-edit-${a.id}`}>
                    修改
                  </Button>
                  <Button size="small" onClick={() => withdraw.mutate({ id: a.id, version: a.version })}>
                    撤回
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {applying ? <ApplyForm c={c} onClose={() => setApplying(false)} /> : null}
      {editing ? <ApplyForm c={c} editing={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function ScoreForm({ c, a, mine }: { c: ChallengeDetail; a: Application; mine?: Scores['items'][number] }) {
  const [form] = Form.useForm();
  const score = useScore();
  const submit = async () => {
    const v = await form.validateFields();
    const scores: Record<string, number> = {};
    for (const k of c.criteria) scores[k.key] = v[k.key];
    score.mutate(
      { id: a.id, body: { scores, comment: v.comment || null } },
      { onError: (err) => (applyIssues(form, err) ? undefined : showError(err)) },
    );
  };
  return (
    <Card
      size="small"
      title={`评分：${a.applicantName}`}
      style={{ marginBottom: 12 }}
      data-testid="score-card"
    >
      <Form form={form} layout="inline" initialValues={{ ...(mine?.scores ?? {}), comment: mine?.comment }}>
        {c.criteria.map((k) => (
          <Form.Item
            key={k.key}
            name={k.key}
            label={`${k.label}（${k.weight}%）`}
            rules={[{ required: true, message: '0–100' }]}
          >
            <InputNumber min={0} max={100} precision={0} data-testid={`score-${k.key}`} />
          </Form.Item>
        ))}
        <Form.Item name="comment" label="评语">
          <Input maxLength={2000} style={{ width: 240 }} />
        </Form.Item>
        <Button type="primary" onClick={submit} loading={score.isPending} data-testid="score-submit">
          {mine ? '修改评分' : '提交评分'}
        </Button>
        {mine ? <Tag color="green">已评 {mine.total.toFixed(2)} 分</Tag> : null}
      </Form>
    </Card>
  );
}

function PanelEditor({ c }: { c: ChallengeDetail }) {
  const act = useChallengeAction();
  const [ids, setIds] = useState<number[]>(c.panel.map((p) => p.userId));
  const reviewers = useQuery({
    // Users in scope; the server accepts reviewers, craftsmen and union staff only.
    queryKey: ['users', 'for-panel'],
    queryFn: () =>
      api.get<Page<{ id: number; displayName: string; username: string }>>('/api/users', { pageSize: 100 }),
  });
  const options = [
    ...c.panel.map((p) => ({ value: p.userId, label: `${p.displayName}（${p.username}）` })),
    ...(reviewers.data?.items ?? [])
      .filter((u) => !c.panel.some((p) => p.userId === u.id))
      .map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` })),
  ];
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <span>评审专家：</span>
      <Select
        mode="multiple"
        style={{ minWidth: 320 }}
        value={ids}
        onChange={setIds}
        options={options}
        optionFilterProp="label"
        data-testid="panel-select"
      />
      <Button
        onClick={() => act.mutate({ id: c.id, action: 'panel', body: { version: c.version, userIds: ids } })}
        data-testid="panel-save"
      >
        保存评审组
      </Button>
    </Space>
  );
}

function AwardButton({ c, scores }: { c: ChallengeDetail; scores: Scores }) {
  const act = useChallengeAction();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<number | undefined>(scores.ranking[0]?.applicationId);
  const [reason, setReason] = useState('');
  const rank = scores.ranking.find((r) => r.applicationId === choice)?.rank;
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="award-open">
        定榜
      </Button>
      <Modal
        open={open}
        title="定榜"
        onCancel={() => setOpen(false)}
        okButtonProps={
          { 'data-testid': 'award-ok', disabled: !choice || (rank !== 1 && !reason.trim()) } as never
        }
        onOk={async () => {
          await act.mutateAsync({
            id: c.id,
            action: 'award',
            body: { version: c.version, applicationId: choice, reason: reason.trim() || null },
          });
          setOpen(false);
        }}
      >
        <Select
          style={{ width: '100%', marginBottom: 12 }}
          value={choice}
          onChange={setChoice}
          data-testid="award-choice"
          options={scores.ranking.map((r) => ({
            value: r.applicationId,
            label: `第 ${r.rank ?? '—'} 名 ${r.applicantName}（${r.average?.toFixed(2) ?? '—'} 分）`,
          }))}
        />
        {rank !== 1 ? (
          <Input.TextArea
            rows={3}
            placeholder="所选申请不是第一名，请写明理由"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        ) : null}
      </Modal>
    </>
  );
}

function ScoresTab({ c }: { c: ChallengeDetail }) {
  const scores = useChallengePart<Scores>(c.id, 'scores');
  const apps = useChallengePart<{ items: Application[] }>(c.id, 'applications');
  const act = useChallengeAction();
  const me = useCurrentUser();
  const s = scores.data;
  if (!s) return null;
  const live = (apps.data?.items ?? []).filter((a) => a.state !== 'withdrawn');
  const scoring = c.me.panelMember && c.state === 'reviewing' && !s.closed;
  const myRecusals = s.progress.find((p) => p.userId === me.id)?.recused ?? [];
  const recusedFrom = (a: Application) => myRecusals.find((r) => r.applicationId === a.id);
  return (
    <>
      {c.me.operator && ['draft', 'published', 'reviewing'].includes(c.state) && !s.closed ? (
        <PanelEditor c={c} />
      ) : null}
      <Typography.Paragraph type="secondary">
        评分项：{s.criteria.map((k) => `${k.label} ${k.weight}%`).join('、')}。
        {s.closed ? '评审已结束，以下为全部评分与加权平均排名。' : '评审结束前，评审专家只能看到本人的评分。'}
      </Typography.Paragraph>
      {scoring
        ? live.map((a) =>
            recusedFrom(a) ? (
              <Alert
                key={a.id}
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="recused"
                message={`${a.applicantName}：您须回避，不参与评分`}
                description={`原因：您${recusedFrom(a)!.reason}。`}
              />
            ) : (
              <ScoreForm
                key={`${a.id}-${s.items.find((x) => x.applicationId === a.id)?.version ?? 0}`}
                c={c}
                a={a}
                mine={s.items.find((x) => x.applicationId === a.id)}
              />
            ),
          )
        : null}
      {c.me.operator && !s.closed ? (
        <Card size="small" title="评审进度" style={{ marginBottom: 12 }}>
          {s.progress.map((p) => (
            <div key={p.userId} data-testid="panel-progress">
              {p.displayName}：已评 {p.scored} / {p.of}
              {p.recused.map((r) => (
                <Tag key={r.applicationId} color="orange" style={{ marginLeft: 8 }} title={r.reason}>
                  回避：{r.applicantName}（{r.reason}）
                </Tag>
              ))}
            </div>
          ))}
          {c.state === 'reviewing' ? (
            <Button
              style={{ marginTop: 8 }}
              onClick={() => act.mutate({ id: c.id, action: 'close-panel', body: { version: c.version } })}
              data-testid="close-panel"
            >
              结束评审
            </Button>
          ) : null}
        </Card>
      ) : null}
      {s.closed ? (
        <>
          <Table
            rowKey="applicationId"
            data-testid="ranking-table"
            pagination={false}
            dataSource={s.ranking}
            columns={[
              { title: '名次', dataIndex: 'rank' },
              { title: '揭榜方', dataIndex: 'applicantName' },
              {
                title: '加权平均分',
                dataIndex: 'average',
                render: (v: number | null) => v?.toFixed(2) ?? '—',
              },
            ]}
          />
          {c.me.operator && c.state === 'reviewing' ? (
            <div style={{ marginTop: 12 }}>
              <AwardButton c={c} scores={s} />
            </div>
          ) : null}
        </>
      ) : null}
      {s.items.length ? (
        <Table
          style={{ marginTop: 12 }}
          rowKey={(r) => `${r.applicationId}-${r.userId}`}
          data-testid="scores-table"
          pagination={false}
          dataSource={s.items}
          scroll={{ x: 700 }}
          columns={[
            {
              title: '揭榜方',
              render: (_: unknown, r) =>
                live.find((a) => a.id === r.applicationId)?.applicantName ?? r.applicationId,
            },
            { title: '评审专家', dataIndex: 'displayName' },
            ...s.criteria.map((k) => ({
              title: k.label,
              render: (_: unknown, r: Scores['items'][number]) => r.scores[k.key],
            })),
            { title: '加权分', dataIndex: 'total', render: (v: number) => v.toFixed(2) },
            { title: '评语', dataIndex: 'comment' },
          ]}
        />
      ) : null}
    </>
  );
}

function MilestonesTab({ c }: { c: ChallengeDetail }) {
  const ms = useChallengePart<Milestones>(c.id, 'milestones');
  const save = useSaveMilestones();
  const accept = useAcceptMilestone();
  const act = useChallengeAction();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm();
  const data = ms.data;
  if (!data) return null;
  if (!data.items.length) return <Empty description="定榜后显示中榜方案的里程碑" />;
  return (
    <>
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="榜单资金">{yuan(data.fundYuan)}</Descriptions.Item>
        <Descriptions.Item label="已拨付">
          <span data-testid="paid-yuan">{yuan(data.paidYuan)}</span>
        </Descriptions.Item>
      </Descriptions>
      {c.me.operator && c.state === 'awarded' ? (
        <Space style={{ marginBottom: 12 }}>
          <Button onClick={() => setEditing(true)}>调整里程碑</Button>
          <Button
            type="primary"
            data-testid="challenge-start"
            onClick={() => act.mutate({ id: c.id, action: 'start', body: { version: c.version } })}
          >
            启动攻关
          </Button>
        </Space>
      ) : null}
      <Table
        rowKey="id"
        data-testid="milestones-table"
        pagination={false}
        dataSource={data.items}
        scroll={{ x: 800 }}
        columns={[
          { title: '序号', dataIndex: 'seq' },
          { title: '里程碑', dataIndex: 'title' },
          { title: '金额', dataIndex: 'amountYuan', render: (v: string) => yuan(v) },
          { title: '期限', dataIndex: 'dueOn' },
          {
            title: '状态',
            dataIndex: 'state',
            render: (s: string, r) =>
              s === 'accepted' ? (
                <Tag color="green" data-state="accepted">
                  已验收 · 第 {r.tranche} 笔已拨付
                </Tag>
              ) : (
                <Tag data-state="pending">待验收</Tag>
              ),
          },
          { title: '验收佐证', dataIndex: 'evidence' },
          {
            title: '操作',
            render: (_: unknown, r) =>
              c.me.operator && c.state === 'in_progress' && r.state === 'pending' ? (
                <TextButton
                  label="验收并拨付"
                  testId={`accept-${r.seq}`}
                  prompt="验收佐证（报告、记录等）"
                  onSubmit={(evidence) =>
                    accept.mutateAsync({ id: r.id, body: { version: r.version, evidence } })
                  }
                />
              ) : null,
          },
        ]}
      />
      {editing ? (
        <Modal
          open
          width={760}
          title="调整里程碑"
          onCancel={() => setEditing(false)}
          confirmLoading={save.isPending}
          onOk={async () => {
            const v = await form.validateFields();
            save.mutate(
              { id: c.id, body: { version: c.version, milestones: milestoneValues(v.milestones) } },
              {
                onSuccess: () => setEditing(false),
                onError: (err) => (applyIssues(form, err) ? undefined : showError(err)),
              },
            );
          }}
        >
          <Typography.Paragraph type="secondary">
            金额合计须等于榜单资金 {yuan(data.fundYuan)}。
          </Typography.Paragraph>
          <Form
            form={form}
            initialValues={{
              milestones: data.items.map((x) => ({ title: x.title, amountYuan: Number(x.amountYuan) })),
            }}
          >
            <MilestoneFields />
          </Form>
        </Modal>
      ) : null}
    </>
  );
}

function Actions({ c }: { c: ChallengeDetail }) {
  const act = useChallengeAction();
  if (!c.me.operator) return null;
  const run = (action: string, extra: Record<string, unknown> = {}) =>
    act.mutateAsync({ id: c.id, action, body: { version: c.version, ...extra } });
  return (
    <Space wrap data-testid="challenge-actions">
      {c.state === 'draft' ? (
        <Button type="primary" onClick={() => run('publish')} data-testid="challenge-publish">
          发布榜单
        </Button>
      ) : null}
      {c.state === 'published' ? (
        <Button onClick={() => run('close')} data-testid="challenge-close">
          截止揭榜，进入评审
        </Button>
      ) : null}
      {c.state === 'in_progress' ? (
        <Button onClick={() => run('complete')} data-testid="challenge-complete">
          结项
        </Button>
      ) : null}
      {['draft', 'published', 'reviewing', 'awarded'].includes(c.state) ? (
        <TextButton
          danger
          label="撤销榜单"
          testId="challenge-cancel"
          prompt="请说明撤销原因"
          onSubmit={(reason) => run('cancel', { reason })}
        />
      ) : null}
    </Space>
  );
}

export function ChallengeDetailPage() {
  const id = Number(useParams().id);
  const q = useChallenge(id);
  const events = useChallengePart<ChallengeEvents>(id, 'events');
  const c = q.data;
  if (!c)
    return (
      <Card loading={q.isLoading}>{q.isError ? <Empty description="榜单不存在或无权访问" /> : null}</Card>
    );
  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="challenge-title">{c.title}</span>
          <span data-testid="challenge-state">
            <ChallengeStateTag state={c.state} />
          </span>
        </Space>
      }
      extra={<Link to="/zhuqi/challenges">返回榜单列表</Link>}
    >
      <Actions c={c} />
      <Tabs
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'problem',
            label: '难题',
            children: (
              <>
                <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
                  <Descriptions.Item label="发榜单位">{c.orgName}</Descriptions.Item>
                  <Descriptions.Item label="榜单资金">
                    <span data-testid="challenge-fund">{yuan(c.fundYuan)}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label="揭榜截止">{c.applyBy}</Descriptions.Item>
                  <Descriptions.Item label="完成期限">{c.completeBy}</Descriptions.Item>
                  <Descriptions.Item label="需求类别">{c.categoryName ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="行业">{c.industryDivision ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="难题描述" span={2}>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{c.problem}</div>
                  </Descriptions.Item>
                  <Descriptions.Item label="揭榜要求" span={2}>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{c.requirements ?? '—'}</div>
                  </Descriptions.Item>
                  <Descriptions.Item label="评审专家" span={2}>
                    {c.panel.map((p) => p.displayName).join('、') || '—'}
                  </Descriptions.Item>
                </Descriptions>
                {c.clusterNote ? (
                  <Alert style={{ marginTop: 12 }} type="info" message={`由共性难题生成：${c.clusterNote}`} />
                ) : null}
                {c.demands.length ? (
                  <Card size="small" title="来源需求" style={{ marginTop: 12 }}>
                    {c.demands.map((d) => (
                      <div key={d.id}>
                        <Link to={`/zhuqi/demands/${d.id}`}>{d.title}</Link>
                      </div>
                    ))}
                  </Card>
                ) : null}
                {c.awardReason ? (
                  <Alert style={{ marginTop: 12 }} type="warning" message={`定榜理由：${c.awardReason}`} />
                ) : null}
                {c.cancelReason ? (
                  <Alert style={{ marginTop: 12 }} type="error" message={`撤销原因：${c.cancelReason}`} />
                ) : null}
              </>
            ),
          },
          {
            key: 'applications',
            label: `揭榜申请（${c.applicationCount}）`,
            children: <ApplicationsTab c={c} />,
          },
          ...(c.me.operator || c.me.panelMember
            ? [{ key: 'scores', label: '评审打分', children: <ScoresTab c={c} /> }]
            : []),
          { key: 'milestones', label: '里程碑与拨付', children: <MilestonesTab c={c} /> },
          {
            key: 'timeline',
            label: '时间线',
            children: (
              <Timeline
                data-testid="challenge-timeline"
                items={(events.data?.items ?? []).map((e) => ({
                  children: (
                    <div data-action={e.action}>
                      <Typography.Text strong>{EVENT_LABELS[e.action] ?? e.action}</Typography.Text>{' '}
                      <Typography.Text type="secondary">
                        {fmtTime(e.at)} {e.userName}
                      </Typography.Text>
                      {e.detail && typeof e.detail.reason === 'string' && e.detail.reason ? (
                        <div>理由：{e.detail.reason}</div>
                      ) : null}
                      {e.detail && typeof e.detail.applicant === 'string' ? (
                        <div>{e.detail.applicant}</div>
                      ) : null}
                      {e.action === 'acceptMilestone' && e.detail ? (
                        <div>
                          第 {String(e.detail.seq)} 个里程碑，拨付 {yuan(String(e.detail.amountYuan))}
                        </div>
                      ) : null}
                    </div>
                  ),
                }))}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
