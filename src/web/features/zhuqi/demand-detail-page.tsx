// One demand: its facts, the actions the user may take in its state (review, dispatch by
// choosing candidates, claim confirmation, rating), the assignments, service records,
// follow-ups and the timeline of events.
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Rate,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useI18n } from '../../lib/i18n.tsx';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import {
  type Assignment,
  type Craftsman,
  type Demand,
  type DemandEvent,
  type Followup,
  type ServiceRecord,
  useAnswerFollowup,
  useCounties,
  useDemand,
  useDemandAction,
  useDemandPart,
  useMarkTypical,
  useTeams,
} from './api.ts';
import {
  ACTION_LABELS,
  AssignmentStateTag,
  DemandStateTag,
  fmtTime,
  LevelTag,
  UrgencyTag,
} from './labels.tsx';
import { parseCandidateId, RankedCandidates } from './dispatch-ui.tsx';
import { m } from './messages.ts';
import { CraftsmenTable } from './resources-page.tsx';
import { SimilarAchievements } from '../sharing/similar-achievements.tsx';
import { Attachments } from '../../components/attachments.tsx';
import { DemandForm } from './demands-page.tsx';

/** Asks for a reason, then runs the action. */
function ReasonButton(props: {
  label: string;
  testId: string;
  onSubmit: (reason: string) => Promise<unknown>;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button data-testid={props.testId} onClick={() => setOpen(true)}>
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.label}
        okButtonProps={{ disabled: !reason.trim(), 'data-testid': `${props.testId}-ok` } as never}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          await props.onSubmit(reason.trim());
          setOpen(false);
        }}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder="请说明原因"
          data-testid={`${props.testId}-reason`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}

/** The operator picks candidates in order from a filterable craftsman list (and teams), then sends. */
function DispatchPanel({ demand }: { demand: Demand }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const act = useDemandAction();
  const counties = useCounties();
  const teams = useTeams({ pageSize: 100 });
  const [countyId, setCountyId] = useState<number | undefined>(demand.countyId);
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<{ type: 'craftsman' | 'team'; id: number; name: string }[]>([]);
  const [hours, setHours] = useState(48);
  const [override, setOverride] = useState('');
  const selected = chosen.filter((c) => c.type === 'craftsman').map((c) => c.id);
  const onSelect = (ids: number[], rows: Craftsman[]) => {
    const kept = chosen.filter((c) => c.type === 'team' || ids.includes(c.id));
    for (const r of rows)
      if (r && !kept.some((c) => c.type === 'craftsman' && c.id === r.id))
        kept.push({ type: 'craftsman', id: r.id, name: r.name });
    setChosen(kept);
  };
  return (
    <Card size="small" title={t(m.dispatch)} data-testid="dispatch-panel" style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t(m.dispatchHint)}</Typography.Paragraph>
      <Typography.Title level={5}>推荐人选</Typography.Title>
      <RankedCandidates
        demandId={demand.id}
        picked={chosen.map((c) => `${c.type}:${c.id}`)}
        onPick={(c) => setChosen([...chosen, { ...parseCandidateId(c.candidateId), name: c.name }])}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        从资源清单中选择
      </Typography.Title>
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          allowClear
          placeholder={t(m.county)}
          style={{ width: 160 }}
          value={countyId}
          onChange={setCountyId}
          options={(counties.data ?? []).map((c) => ({ value: c.id, label: c.shortName ?? c.name }))}
        />
        <Input.Search
          allowClear
          placeholder={t(m.searchCraftsmen)}
          onSearch={setQ}
          style={{ width: 200 }}
          data-testid="dispatch-search"
        />
        <Select
          placeholder={`+ ${t(m.teams)}`}
          style={{ width: 220 }}
          value={null}
          onChange={(id: number) => {
            const team = teams.data?.items.find((x) => x.id === id);
            if (team && !chosen.some((c) => c.type === 'team' && c.id === id))
              setChosen([...chosen, { type: 'team', id, name: team.name }]);
          }}
          options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
        />
      </Space>
      <CraftsmenTable query={{ countyId, q: q || undefined }} selection={{ selected, onChange: onSelect }} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <div data-testid="dispatch-chosen">
          <Typography.Text strong>{t(m.chosen)}：</Typography.Text>
          {chosen.length === 0 ? <Typography.Text type="secondary">—</Typography.Text> : null}
          {chosen.map((c, i) => (
            <Tag key={`${c.type}${c.id}`} closable onClose={() => setChosen(chosen.filter((x) => x !== c))}>
              {i + 1}. {c.name}
              {c.type === 'team' ? '（服务队）' : ''}
            </Tag>
          ))}
        </div>
        <Space>
          {t(m.deadlineHours)}
          <InputNumber min={1} max={720} value={hours} onChange={(v) => setHours(v ?? 48)} />
          <Input
            style={{ width: 280 }}
            maxLength={500}
            placeholder="超额派单理由（候选人本月已满额时填写）"
            data-testid="dispatch-override"
            value={override}
            onChange={(e) => setOverride(e.target.value)}
          />
          <Button
            type="primary"
            data-testid="dispatch-send"
            disabled={!chosen.length}
            loading={act.isPending}
            onClick={() =>
              act.mutate(
                {
                  id: demand.id,
                  action: 'dispatch',
                  body: {
                    version: demand.version,
                    deadlineHours: hours,
                    candidates: chosen.map(({ type, id }) => ({ type, id })),
                    ...(override.trim() ? { capacityOverrideReason: override.trim() } : {}),
                  },
                },
                { onSuccess: () => message.success('已派单，等待劳模工匠接单') },
              )
            }
          >
            {t(m.sendDispatch)}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

function RatingForm({ demand }: { demand: Demand }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const act = useDemandAction();
  const [form] = Form.useForm();
  return (
    <Card size="small" title={t(m.rate)} style={{ marginTop: 16 }} data-testid="rating-form">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ timeliness: 5, effect: 5, attitude: 5 }}
        onFinish={(v) =>
          act.mutate(
            {
              id: demand.id,
              action: 'confirm',
              body: { ...v, version: demand.version, benefitYuan: v.benefitYuan ?? null },
            },
            { onSuccess: () => message.success('感谢评价，需求已办结') },
          )
        }
      >
        <Space wrap size="large">
          <Form.Item name="timeliness" label={t(m.timeliness)}>
            <Rate />
          </Form.Item>
          <Form.Item name="effect" label={t(m.effect)}>
            <Rate />
          </Form.Item>
          <Form.Item name="attitude" label={t(m.attitude)}>
            <Rate />
          </Form.Item>
        </Space>
        <Form.Item name="benefitYuan" label={t(m.benefit)}>
          <InputNumber min={0} style={{ width: 200 }} data-testid="rating-benefit" />
        </Form.Item>
        <Form.Item name="comment" label={t(m.comment)}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="rating-comment" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={act.isPending} data-testid="rating-submit">
          {t(m.rate)}
        </Button>
      </Form>
    </Card>
  );
}

function FollowupRow({ f, enterprise }: { f: Followup; enterprise: boolean }) {
  const answer = useAnswerFollowup();
  const [benefit, setBenefit] = useState<number | null>(null);
  return (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text strong>{f.days} 天回访</Typography.Text>{' '}
      {f.answeredAt ? (
        <Tag color="success">已填报：{f.benefitYuan} 元</Tag>
      ) : f.askedAt ? (
        enterprise ? (
          <Space>
            <InputNumber min={0} placeholder="实际效益（元）" value={benefit} onChange={setBenefit} />
            <Button
              size="small"
              disabled={benefit === null}
              onClick={() => answer.mutate({ id: f.id, body: { version: f.version, benefitYuan: benefit } })}
            >
              填报
            </Button>
          </Space>
        ) : (
          <Tag color="warning">待企业填报</Tag>
        )
      ) : (
        <Typography.Text type="secondary">{fmtTime(f.dueAt)} 提醒</Typography.Text>
      )}
    </div>
  );
}

/**
 * The visits with their files: a column on a wide screen; on a phone each record's files sit
 * under it (full width), since the table scrolls sideways there.
 */
function ServiceRecordsTable({
  records,
  demand,
  userId,
}: {
  records: ServiceRecord[];
  demand: Demand;
  userId: number;
}) {
  const { t } = useI18n();
  const narrow = Grid.useBreakpoint().md === false;
  const files = (r: ServiceRecord) => (
    <Attachments
      ownerType="service-records"
      ownerId={r.id}
      compact
      uploadLabel="上传照片或文件"
      canManage={r.createdBy === userId && demand.state === 'in_service'}
    />
  );
  return (
    <Table<ServiceRecord>
      rowKey="id"
      size="small"
      data-testid="records-table"
      pagination={false}
      dataSource={records}
      scroll={{ x: narrow ? 600 : 800 }}
      expandable={
        narrow
          ? {
              expandedRowRender: files,
              expandedRowKeys: records.map((r) => r.id),
              showExpandColumn: false,
            }
          : undefined
      }
      columns={[
        { title: t(m.visitDate), dataIndex: 'visitDate', width: 110 },
        { title: t(m.hours), dataIndex: 'hours', width: 90 },
        { title: t(m.trained), dataIndex: 'workersTrained', width: 110 },
        { title: t(m.content), dataIndex: 'content' },
        { title: '填写人', dataIndex: 'craftsmanName', width: 100 },
        ...(narrow
          ? []
          : [
              {
                title: '附件',
                key: 'files',
                width: 260,
                render: (_v: unknown, r: ServiceRecord) => files(r),
              },
            ]),
      ]}
    />
  );
}

export function DemandDetailPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const demand = useDemand(id);
  const assignments = useDemandPart<Assignment[]>(id, 'assignments');
  const records = useDemandPart<ServiceRecord[]>(id, 'service-records');
  const events = useDemandPart<DemandEvent[]>(id, 'events');
  const followups = useDemandPart<Followup[]>(id, 'followups');
  const act = useDemandAction();
  const typical = useMarkTypical();
  const [editing, setEditing] = useState(false);
  const d = demand.data;
  if (!d)
    return (
      <Card loading={demand.isPending}>
        {demand.isError ? <Empty description="需求不存在或无权访问" /> : null}
      </Card>
    );
  const union = can(me, 'review:demand:subtree');
  const enterprise = me.org.id === d.orgId && can(me, 'post:demand:own-org');
  // The enterprise edits (and adds files) while the demand waits for review or was returned.
  const editable = enterprise && ['submitted', 'returned'].includes(d.state);
  const run = (action: string, body: Record<string, unknown> = {}, done?: string) =>
    act.mutateAsync({ id: d.id, action, body: { version: d.version, ...body } }).then(() => {
      if (done) message.success(done);
    });

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space wrap>
            <span data-testid="demand-title">{d.title}</span>
            <span data-testid="demand-state">
              <DemandStateTag state={d.state} />
            </span>
            <UrgencyTag urgency={d.urgency} />
            <LevelTag level={d.level} />
          </Space>
        }
      >
        {d.returnReason && d.state === 'returned' ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={`退回原因：${d.returnReason}`}
          />
        ) : null}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t(m.enterprise)}>{d.enterpriseName}</Descriptions.Item>
          <Descriptions.Item label={t(m.county)}>
            {d.countyName} {d.mountainIsland ? <Tag color="green">山区海岛县</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t(m.category)}>{d.categoryName}</Descriptions.Item>
          <Descriptions.Item label={t(m.wantedBy)}>{d.wantedBy ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t(m.contactName)}>
            {d.contactName ?? '—'} {d.contactPhone ?? ''}
          </Descriptions.Item>
          <Descriptions.Item label={t(m.server)}>
            <span data-testid="demand-server">{d.serverName ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t(m.description)} span={3}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {d.description}
            </Typography.Paragraph>
          </Descriptions.Item>
          {d.rating ? (
            <Descriptions.Item label="评价" span={3}>
              <Space wrap data-testid="demand-rating">
                {t(m.timeliness)} <Rate disabled value={d.rating.timeliness} /> {t(m.effect)}{' '}
                <Rate disabled value={d.rating.effect} /> {t(m.attitude)}{' '}
                <Rate disabled value={d.rating.attitude} />
                {d.rating.benefitYuan !== null ? <Tag color="red">效益 {d.rating.benefitYuan} 元</Tag> : null}
                {d.rating.comment}
              </Space>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Space wrap style={{ marginTop: 16 }} data-testid="demand-actions">
          {union && d.state === 'submitted' ? (
            <>
              <Button
                type="primary"
                data-testid="action-publish"
                loading={act.isPending}
                onClick={() => run('publish', {}, '已审核发布')}
              >
                {t(m.publish)}
              </Button>
              <ReasonButton
                label={t(m.return)}
                testId="action-return"
                onSubmit={(reason) => run('return', { reason }, '已退回')}
              />
            </>
          ) : null}
          {editable ? (
            <Button data-testid="action-edit" onClick={() => setEditing(true)}>
              修改需求与附件
            </Button>
          ) : null}
          {enterprise && d.state === 'returned' ? (
            <Button
              type="primary"
              data-testid="action-resubmit"
              onClick={() => run('resubmit', {}, '已重新提交')}
            >
              {t(m.resubmit)}
            </Button>
          ) : null}
          {union && d.state === 'claimed' ? (
            <>
              <Button
                type="primary"
                data-testid="action-confirm-claim"
                onClick={() => run('confirm-claim', {}, '已确认认领')}
              >
                {t(m.confirmClaim)}
              </Button>
              <ReasonButton
                label={t(m.rejectClaim)}
                testId="action-reject-claim"
                onSubmit={(reason) => run('reject-claim', { reason })}
              />
            </>
          ) : null}
          {union && d.state === 'closed' ? (
            <Button
              data-testid="action-typical"
              loading={typical.isPending}
              onClick={() =>
                typical.mutate({ id: d.id, body: { version: d.version, typical: !d.typicalCase } })
              }
            >
              {d.typicalCase ? '取消典型案例' : '评为典型案例'}
            </Button>
          ) : null}
          {d.typicalCase ? <Tag color="gold">典型案例</Tag> : null}
          {(enterprise || union) && ['submitted', 'returned', 'published'].includes(d.state) ? (
            <ReasonButton
              label={t(m.cancelDemand)}
              testId="action-cancel"
              onSubmit={(reason) => run('cancel', { reason }, '已撤销')}
            />
          ) : null}
        </Space>
        {union && can(me, 'dispatch:demand:subtree') && d.state === 'published' ? (
          <DispatchPanel demand={d} />
        ) : null}
        {enterprise && d.state === 'completed' ? <RatingForm demand={d} /> : null}
      </Card>

      <Card size="small" title="附件（图纸、照片、文档）" data-testid="demand-attachments">
        <Attachments
          ownerType="demands"
          ownerId={d.id}
          canManage={editable}
          uploadLabel="上传附件"
          emptyText="暂无附件"
        />
      </Card>
      {editing ? <DemandForm demand={d} onClose={() => setEditing(false)} onCreated={() => {}} /> : null}

      <SimilarAchievements demand={d} />
      <Card size="small" title={t(m.assignments)}>
        <Table<Assignment>
          rowKey="id"
          size="small"
          data-testid="assignments-table"
          pagination={false}
          dataSource={assignments.data ?? []}
          scroll={{ x: 600 }}
          columns={[
            { title: '轮次', dataIndex: 'round', width: 60 },
            { title: '顺序', dataIndex: 'position', width: 60 },
            {
              title: '候选人',
              dataIndex: 'candidateName',
              render: (v, r) => `${v}${r.candidateType === 'team' ? '（服务队）' : ''}`,
            },
            { title: '层级', dataIndex: 'level', width: 70, render: (l) => <LevelTag level={l} /> },
            {
              title: t(m.state),
              dataIndex: 'state',
              width: 100,
              render: (s) => <AssignmentStateTag state={s} />,
            },
            { title: t(m.deadline), dataIndex: 'deadline', render: fmtTime },
            { title: t(m.declineReason), dataIndex: 'declineReason' },
          ]}
        />
      </Card>

      <Card size="small" title={t(m.records)}>
        <ServiceRecordsTable records={records.data ?? []} demand={d} userId={me.id} />
      </Card>

      {(followups.data ?? []).length ? (
        <Card size="small" title={t(m.followups)}>
          {(followups.data ?? []).map((f) => (
            <FollowupRow key={f.id} f={f} enterprise={enterprise} />
          ))}
        </Card>
      ) : null}

      <Card size="small" title={t(m.timeline)}>
        <Timeline
          data-testid="demand-timeline"
          items={(events.data ?? []).map((e) => ({
            children: (
              <div data-action={e.action}>
                <Typography.Text strong>{ACTION_LABELS[e.action] ?? e.action}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {fmtTime(e.at)} {e.userName ?? '系统'}
                </Typography.Text>
                {e.detail && typeof e.detail.reason === 'string' ? <div>原因：{e.detail.reason}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
