// 方案管理 (manage:plan:all): the year's plan as the source gives it, editable — a task's
// wording and responsible units, a metric's label, unit, target and note — each edit
// compare-and-set on its version (a stale copy is explained and reloaded); and the copy of the
// plan to the next year, to edit from there.
import { CopyOutlined, EditOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { isRate, METRIC_KIND_LABELS, type MetricKind } from '#shared/targets/types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { showSuccess } from '../../lib/show-error.ts';
import {
  type PlanMetricView,
  type PlanTaskView,
  useCopyPlan,
  usePlan,
  useUpdateMetric,
  useUpdateTask,
} from './api.ts';
import { m } from './messages.ts';
import { fmt, SourceTag } from './parts.tsx';
import { useTargetView, ViewBar } from './view.tsx';

export function PlansPage() {
  const { t } = useI18n();
  const { view, setView, plans } = useTargetView();
  const plan = usePlan(view?.year);
  const [task, setTask] = useState<PlanTaskView | null>(null);
  const [metric, setMetric] = useState<PlanMetricView | null>(null);
  const [copying, setCopying] = useState(false);

  if (plans.isPending) return <Skeleton active />;
  if (!view) return <Empty description={t(m.noPlans)} />;
  const p = plan.data;

  return (
    <Card
      title={t(m.plansTitle)}
      extra={
        <Button
          icon={<CopyOutlined />}
          onClick={() => setCopying(true)}
          disabled={!p}
          data-testid="copy-plan"
        >
          {t(m.copyPlan)}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
        <ViewBar view={view} setView={setView} plans={plans.data ?? []} showOrg={false} showAsOf={false} />
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t(m.plansIntro)}
        </Typography.Paragraph>
        {p ? (
          <Typography.Text>
            <Typography.Text strong data-testid="plan-title">
              {p.title}
            </Typography.Text>{' '}
            · {p.issuer}
            {p.issuedOn ? ` · ${p.issuedOn}` : ''}
            {p.basedOnYear ? ` · ${t(m.basedOn, { year: p.basedOnYear })}` : ''}
          </Typography.Text>
        ) : null}
        <Table<PlanTaskView>
          rowKey="id"
          size="small"
          loading={plan.isFetching}
          dataSource={p?.tasks ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="plan-tasks"
          columns={[
            { title: t(m.taskNo), dataIndex: 'no', key: 'no', width: 56 },
            {
              title: t(m.task),
              key: 'title',
              width: 360,
              render: (_, x) => (
                <div>
                  <div data-testid={`task-title-${x.no}`}>{x.title}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(m.owners)}：{x.owners}
                  </Typography.Text>
                  <div>
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      style={{ paddingInline: 0 }}
                      onClick={() => setTask(x)}
                      data-testid={`edit-task-${x.no}`}
                    >
                      {t(m.editTask)}
                    </Button>
                  </div>
                </div>
              ),
            },
            {
              title: t(m.metric),
              key: 'metrics',
              render: (_, x) => (
                <Space orientation="vertical" size={4} style={{ display: 'flex' }}>
                  {x.metrics.map((y) => (
                    <Space key={y.id} wrap size={6} data-testid={`plan-metric-${y.key}`}>
                      <Typography.Text>{y.label}</Typography.Text>
                      <Tag>{t(METRIC_KIND_LABELS[y.kind])}</Tag>
                      <Typography.Text strong data-testid="plan-target">
                        {y.comparator === '<=' ? '≤ ' : '≥ '}
                        {fmt(y.kind, y.target, y.unit)}
                      </Typography.Text>
                      <SourceTag source={y.source} computed={y.computed} kind={y.kind} unit={y.unit} />
                      <Button
                        type="link"
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setMetric(y)}
                        data-testid={`edit-metric-${y.key}`}
                      >
                        {t(m.editMetric)}
                      </Button>
                    </Space>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Space>
      {task ? <TaskModal year={view.year} task={task} onClose={() => setTask(null)} /> : null}
      {metric ? <MetricModal year={view.year} metric={metric} onClose={() => setMetric(null)} /> : null}
      {copying && p ? (
        <CopyModal
          year={view.year}
          title={p.title}
          onClose={(to) => {
            setCopying(false);
            if (to) setView({ year: to });
          }}
        />
      ) : null}
    </Card>
  );
}

function TaskModal({ year, task, onClose }: { year: number; task: PlanTaskView; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ title: string; owners: string }>();
  const update = useUpdateTask(year);
  return (
    <Modal
      open
      width={640}
      title={`${t(m.editTask)} ${task.no}`}
      onCancel={onClose}
      confirmLoading={update.isPending}
      okText={t(common.save)}
      okButtonProps={{ 'data-testid': 'task-save' } as never}
      onOk={() =>
        form
          .validateFields()
          .then((v) =>
            update.mutate(
              { id: task.id, version: task.version, title: v.title.trim(), owners: v.owners.trim() },
              {
                onSuccess: () => {
                  showSuccess(common.saved);
                  onClose();
                },
                // A stale version: the query client explains it and reloads the plan.
                onError: () => onClose(),
              },
            ),
          )
          // An invalid form shows its messages by the fields.
          .catch(() => {})
      }
    >
      <Form
        form={form}
        layout="vertical"
        name="task-form"
        initialValues={{ title: task.title, owners: task.owners }}
      >
        <Form.Item
          name="title"
          label={t(m.taskTitle)}
          rules={[{ required: true, whitespace: true, message: t(common.required) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
        </Form.Item>
        <Form.Item
          name="owners"
          label={t(m.owners)}
          rules={[{ required: true, whitespace: true, message: t(common.required) }]}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <Typography.Text type="secondary">{t(m.versionN, { v: task.version })}</Typography.Text>
      </Form>
    </Modal>
  );
}

function MetricModal({
  year,
  metric,
  onClose,
}: {
  year: number;
  metric: PlanMetricView;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const rate = isRate(metric.kind as MetricKind);
  const [form] = Form.useForm<{ label: string; unit: string; target: number | null; note: string }>();
  const update = useUpdateMetric(year);
  return (
    <Modal
      open
      width={600}
      title={`${t(m.editMetric)} · ${metric.label}`}
      onCancel={onClose}
      confirmLoading={update.isPending}
      okText={t(common.save)}
      okButtonProps={{ 'data-testid': 'metric-save' } as never}
      onOk={() =>
        form
          .validateFields()
          .then((v) =>
            update.mutate(
              {
                id: metric.id,
                version: metric.version,
                label: v.label.trim(),
                unit: v.unit.trim(),
                target: v.target === null || v.target === undefined ? null : rate ? v.target / 100 : v.target,
                note: v.note?.trim() || null,
              },
              {
                onSuccess: () => {
                  showSuccess(common.saved);
                  onClose();
                },
                onError: () => onClose(),
              },
            ),
          )
          // An invalid form shows its messages by the fields.
          .catch(() => {})
      }
    >
      <Form
        form={form}
        layout="vertical"
        name="metric-form"
        initialValues={{
          label: metric.label,
          unit: metric.unit,
          target: metric.target === null ? null : rate ? +(metric.target * 100).toFixed(4) : metric.target,
          note: metric.note ?? '',
        }}
      >
        <Form.Item
          name="label"
          label={t(m.label)}
          rules={[{ required: true, whitespace: true, message: t(common.required) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Space>
          <Form.Item
            name="unit"
            label={t(m.unit)}
            rules={[{ required: true, whitespace: true, message: t(common.required) }]}
          >
            <Input maxLength={20} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="target" label={t(m.target)} extra={rate ? t(m.targetRateHint) : t(m.targetEmpty)}>
            <InputNumber<number>
              min={0}
              max={rate && metric.kind !== 'growth' ? 100 : 1e12}
              suffix={rate ? '%' : undefined}
              style={{ width: 200 }}
            />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t(m.note)}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
        </Form.Item>
        <Typography.Text type="secondary">{t(m.versionN, { v: metric.version })}</Typography.Text>
      </Form>
    </Modal>
  );
}

function CopyModal({
  year,
  title,
  onClose,
}: {
  year: number;
  title: string;
  onClose: (to?: number) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ toYear: number; title: string }>();
  const copy = useCopyPlan(year);
  return (
    <Modal
      open
      title={t(m.copyTitle, { year })}
      onCancel={() => onClose()}
      confirmLoading={copy.isPending}
      okButtonProps={{ 'data-testid': 'copy-ok' } as never}
      onOk={() =>
        form
          .validateFields()
          .then((v) =>
            copy.mutate(
              { toYear: v.toYear, title: v.title.trim() },
              {
                onSuccess: () => {
                  showSuccess(m.copied, { year: v.toYear });
                  onClose(v.toYear);
                },
              },
            ),
          )
          // An invalid form shows its messages by the fields.
          .catch(() => {})
      }
    >
      <Form
        form={form}
        layout="vertical"
        name="copy-form"
        initialValues={{ toYear: year + 1, title: title.replace(String(year), String(year + 1)) }}
        onValuesChange={(changed: { toYear?: number }, all) => {
          // The title follows the year as long as it is the one proposed.
          if (changed.toYear === undefined) return;
          const proposed = [year + 1, ...Array.from({ length: 100 }, (_, i) => year + 2 + i)].map((y) =>
            title.replace(String(year), String(y)),
          );
          if (proposed.includes(all.title) && changed.toYear)
            form.setFieldValue('title', title.replace(String(year), String(changed.toYear)));
        }}
      >
        <Form.Item
          name="toYear"
          label={t(m.toYear)}
          rules={[{ required: true, message: t(common.required) }]}
        >
          <InputNumber<number> min={year + 1} max={2100} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t(m.planTitle)}
          rules={[{ required: true, whitespace: true, message: t(common.required) }]}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
