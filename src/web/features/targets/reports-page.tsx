// 报送审核: the metrics no record can make. The own organisation fills in a value, the as-of
// date, an explanation and the evidence, saves and submits; the level above approves, returns
// with a reason, or reopens an approved value with a reason. Each report shows its history.
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Attachments } from '../../components/attachments.tsx';
import { REPORT_STATUS_LABELS, type ReportStatus } from '#shared/targets/types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { showSuccess } from '../../lib/show-error.ts';
import {
  type PlanMetricView,
  type ReportAction,
  type ReportItem,
  usePlan,
  useReportAction,
  useReports,
  useSaveReport,
} from './api.ts';
import { m } from './messages.ts';
import { fmt } from './parts.tsx';
import { useTargetView, ViewBar } from './view.tsx';

const STATUS_COLOR: Record<ReportStatus, string> = {
  draft: 'default',
  submitted: 'gold',
  returned: 'red',
  approved: 'green',
};

const EVENT_LABEL = {
  save: m.evSave,
  submit: m.evSubmit,
  return: m.evReturn,
  approve: m.evApprove,
  reopen: m.evReopen,
};

export function StatusTag({ status }: { status: ReportStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status}>
      {t(REPORT_STATUS_LABELS[status])}
    </Tag>
  );
}

export function ReportTimeline({ report }: { report: ReportItem }) {
  const { t } = useI18n();
  return (
    <Timeline
      data-testid={`timeline-${report.id}`}
      items={report.events.map((e, i) => ({
        key: i,
        color:
          e.action === 'return' || e.action === 'reopen' ? 'red' : e.action === 'approve' ? 'green' : 'blue',
        content: (
          <span>
            <Typography.Text strong>
              {t(EVENT_LABEL[e.action as keyof typeof EVENT_LABEL] ?? { zh: e.action, en: e.action })}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">
              {dayjs(e.at).format('YYYY-MM-DD HH:mm')} · {e.actor ?? '—'}
            </Typography.Text>
            {e.value !== null ? ` · ${fmt(report.kind, e.value, report.unit)}` : ''}
            {e.reason ? (
              <div>
                {t(m.reason)}：{e.reason}
              </div>
            ) : null}
          </span>
        ),
      }))}
    />
  );
}

export function ReportsPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const { view, setView, plans } = useTargetView();
  const year = view?.year;
  const plan = usePlan(year);
  const reports = useReports(year);
  const canReport = can(me, 'report:target:subtree');
  const canApprove = can(me, 'approve:target:subtree');

  if (plans.isPending) return <Skeleton active />;
  if (!view) return <Empty description={t(m.noPlans)} />;
  const reported = (plan.data?.tasks ?? []).flatMap((x) => x.metrics).filter((x) => x.source === 'reported');
  const items = reports.data?.items ?? [];
  const own = items.filter((r) => r.own);
  const reviewable = items.filter((r) => r.canReview);

  return (
    <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
      <Card title={t(m.reportsPageTitle)}>
        <ViewBar view={view} setView={setView} plans={plans.data ?? []} showOrg={false} showAsOf={false} />
      </Card>
      {canReport ? (
        <Card title={`${t(m.ownReports)} · ${me.org.name}`} data-testid="own-reports">
          <Typography.Paragraph type="secondary">{t(m.ownReportsIntro)}</Typography.Paragraph>
          {plan.isPending || reports.isPending ? (
            <Skeleton active />
          ) : (
            <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
              {reported.map((x) => (
                <OwnReport
                  key={x.key}
                  year={view.year}
                  metric={x}
                  report={own.find((r) => r.key === x.key)}
                />
              ))}
            </Space>
          )}
        </Card>
      ) : null}
      {canApprove ? <ReviewQueue items={reviewable} loading={reports.isFetching} /> : null}
    </Space>
  );
}

interface ReportForm {
  value: number;
  asOf: Dayjs;
  explanation?: string;
  evidence?: string;
}

function OwnReport({ year, metric, report }: { year: number; metric: PlanMetricView; report?: ReportItem }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ReportForm>();
  const save = useSaveReport(year);
  const act = useReportAction();
  const editable = !report || report.status === 'draft' || report.status === 'returned';
  const milestone = metric.kind === 'milestone';
  const busy = save.isPending || act.isPending;

  const persist = async () => {
    const v = await form.validateFields();
    return save.mutateAsync({
      key: metric.key,
      value: v.value,
      asOf: v.asOf.format('YYYY-MM-DD'),
      explanation: v.explanation?.trim() || null,
      evidence: v.evidence?.trim() || null,
      version: report?.version,
    });
  };
  const onSave = async () => {
    await persist();
    showSuccess(m.saved);
  };
  const onSubmit = async () => {
    const saved = await persist();
    await act.mutateAsync({ id: saved.id, action: 'submit', version: saved.version });
    showSuccess(m.submitted);
  };
  const swallow = (p: Promise<unknown>) => p.catch(() => {}); // errors are shown by the query client

  const defaultAsOf = (() => {
    const today = dayjs();
    return today.year() === year ? today : dayjs(`${year}-12-31`);
  })();

  return (
    <Card
      size="small"
      type="inner"
      data-testid={`report-card-${metric.key}`}
      title={
        <Space wrap>
          <span>{metric.label}</span>
          {report ? <StatusTag status={report.status} /> : <Tag>{t(m.notReported)}</Tag>}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t(m.target)} {fmt(metric.kind, metric.target, metric.unit)}
          </Typography.Text>
        </Space>
      }
    >
      {report?.status === 'returned' && report.returnReason ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(m.returnReason, { r: report.returnReason })}
          data-testid="return-reason"
        />
      ) : null}
      {report?.status === 'approved' ? (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t(m.locked)} />
      ) : null}
      {report?.status === 'submitted' ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(m.submitted)} />
      ) : null}
      <Form<ReportForm>
        form={form}
        name={`report-${metric.key}`}
        layout="inline"
        disabled={!editable || busy}
        key={report ? `${report.id}-${report.version}` : 'new'}
        initialValues={{
          value: report?.value ?? (milestone ? 1 : undefined),
          asOf: report ? dayjs(report.asOf) : defaultAsOf,
          explanation: report?.explanation ?? '',
          evidence: report?.evidence ?? '',
        }}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="value" label={t(m.value)} rules={[{ required: true, message: t(m.valueRequired) }]}>
          {milestone ? (
            <Select
              style={{ width: 140 }}
              options={[
                { value: 1, label: t(m.milestoneDone) },
                { value: 0, label: t(m.milestoneNotDone) },
              ]}
            />
          ) : (
            <InputNumber<number> min={0} max={1e12} style={{ width: 160 }} suffix={metric.unit} />
          )}
        </Form.Item>
        <Form.Item name="asOf" label={t(m.asOf)} rules={[{ required: true, message: t(m.asOfRequired) }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.year() !== year} />
        </Form.Item>
        <Form.Item name="explanation" label={t(m.explanation)} style={{ minWidth: 360, flex: 1 }}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="evidence" label={t(m.evidence)} style={{ minWidth: 360, flex: 1 }}>
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={2000}
            placeholder={t(m.evidenceHint)}
          />
        </Form.Item>
      </Form>
      {editable ? (
        <Space style={{ marginTop: 12 }}>
          <Button
            onClick={() => swallow(onSave())}
            loading={save.isPending && !act.isPending}
            data-testid="report-save"
          >
            {t(m.saveDraft)}
          </Button>
          <Button
            type="primary"
            onClick={() => swallow(onSubmit())}
            loading={act.isPending}
            data-testid="report-submit"
          >
            {t(m.submit)}
          </Button>
        </Space>
      ) : null}
      {report ? (
        <div style={{ marginTop: 16 }} data-testid={`report-files-${metric.key}`}>
          <Typography.Text type="secondary">
            {t(m.evidenceFiles)}（{t(m.evidenceFilesLocked)}）
          </Typography.Text>
          <div style={{ marginTop: 8 }}>
            <Attachments ownerType="metric-reports" ownerId={report.id} canManage={editable} />
          </div>
        </div>
      ) : null}
      {report?.events.length ? (
        <div style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t(m.timeline)}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <ReportTimeline report={report} />
          </div>
        </div>
      ) : null}
    </Card>
  );
}

function ReviewQueue({ items, loading }: { items: ReportItem[]; loading: boolean }) {
  const { t } = useI18n();
  const act = useReportAction();
  const [reasonFor, setReasonFor] = useState<{ report: ReportItem; action: 'return' | 'reopen' } | null>(
    null,
  );
  const [tab, setTab] = useState('queue');
  const queue = useMemo(() => items.filter((r) => r.status === 'submitted'), [items]);
  const list = tab === 'queue' ? queue : items.filter((r) => r.status !== 'draft');

  const run = (report: ReportItem, action: ReportAction, reason?: string) =>
    act
      .mutateAsync({ id: report.id, action, version: report.version, reason })
      .then(() =>
        showSuccess(action === 'approve' ? m.approved : action === 'return' ? m.returned : m.reopened),
      );

  return (
    <Card title={t(m.reviewQueue)} data-testid="review-queue">
      <Typography.Paragraph type="secondary">{t(m.reviewIntro)}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'queue', label: `${t(m.reviewQueue)}（${queue.length}）` },
          { key: 'all', label: t(m.reviewedList) },
        ]}
      />
      <Table<ReportItem>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={list}
        locale={{ emptyText: t(m.noQueue) }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (r) => (
            <Space orientation="vertical" style={{ display: 'flex' }}>
              <Typography.Text type="secondary">{t(m.evidenceFiles)}</Typography.Text>
              <Attachments ownerType="metric-reports" ownerId={r.id} canManage={false} />
              <ReportTimeline report={r} />
            </Space>
          ),
        }}
        scroll={{ x: 960 }}
        data-testid="review-table"
        columns={[
          { title: t(m.reportOrg), dataIndex: 'orgName', key: 'org', width: 160 },
          { title: t(m.metric), dataIndex: 'label', key: 'label', width: 200 },
          {
            title: t(m.value),
            key: 'value',
            width: 90,
            align: 'right',
            render: (_, r) => fmt(r.kind, r.value, r.unit),
          },
          { title: t(m.asOf), dataIndex: 'asOf', key: 'asOf', width: 110 },
          {
            title: t(m.explanation),
            key: 'ev',
            width: 240,
            render: (_, r) => (
              <span>
                {r.explanation || '—'}
                {r.evidence ? (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {t(m.evidence)}：{r.evidence}
                  </Typography.Text>
                ) : null}
                {r.attachments.length ? (
                  <Typography.Text
                    type="secondary"
                    style={{ display: 'block', fontSize: 12 }}
                    data-testid={`files-count-${r.id}`}
                  >
                    {t(m.filesCount, { n: r.attachments.length })}：
                    {r.attachments.map((a) => a.name).join('、')}
                  </Typography.Text>
                ) : null}
              </span>
            ),
          },
          {
            title: t(m.status),
            key: 'status',
            width: 120,
            render: (_, r) => <StatusTag status={r.status} />,
          },
          {
            title: t(common.actions),
            key: 'actions',
            width: 180,
            fixed: 'right',
            render: (_, r) =>
              r.status === 'submitted' ? (
                <Space size={4}>
                  <Button
                    size="small"
                    type="primary"
                    loading={act.isPending}
                    onClick={() => run(r, 'approve').catch(() => {})}
                    data-testid={`approve-${r.id}`}
                  >
                    {t(m.approve)}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setReasonFor({ report: r, action: 'return' })}
                    data-testid={`return-${r.id}`}
                  >
                    {t(m.return)}
                  </Button>
                </Space>
              ) : r.status === 'approved' ? (
                <Button
                  size="small"
                  onClick={() => setReasonFor({ report: r, action: 'reopen' })}
                  data-testid={`reopen-${r.id}`}
                >
                  {t(m.reopen)}
                </Button>
              ) : null,
          },
        ]}
      />
      {reasonFor ? (
        <ReasonModal
          title={`${t(reasonFor.action === 'return' ? m.return : m.reopen)} · ${reasonFor.report.orgName} · ${reasonFor.report.label}`}
          loading={act.isPending}
          onCancel={() => setReasonFor(null)}
          onOk={(reason) =>
            run(reasonFor.report, reasonFor.action, reason)
              .then(() => setReasonFor(null))
              .catch(() => {})
          }
        />
      ) : null}
    </Card>
  );
}

function ReasonModal({
  title,
  loading,
  onCancel,
  onOk,
}: {
  title: string;
  loading: boolean;
  onCancel: () => void;
  onOk: (reason: string) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open
      title={title}
      onCancel={onCancel}
      confirmLoading={loading}
      onOk={() =>
        form
          .validateFields()
          .then((v) => onOk(v.reason.trim()))
          .catch(() => {})
      }
      okButtonProps={{ 'data-testid': 'reason-ok' } as never}
    >
      <Form form={form} layout="vertical" name="reason-form">
        <Form.Item
          name="reason"
          label={t(m.reason)}
          rules={[{ required: true, whitespace: true, message: t(m.reasonRequired) }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
