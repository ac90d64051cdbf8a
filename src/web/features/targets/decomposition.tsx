// 目标分解: sub-targets for each organisation directly below (the province → cities and
// industry unions; a city → its counties). The sum against the target above is shown as you
// type, and the saved mismatch stays visible on the metric page.
import { Alert, Button, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { isAdditive, isRate, type MetricKind } from '#shared/targets/types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { isApiError } from '../../lib/api-client.ts';
import { errorText, showSuccess } from '../../lib/show-error.ts';
import { type Breakdown, useAssign } from './api.ts';
import { m } from './messages.ts';
import { fmt } from './parts.tsx';

/** The saved mismatch, in words: short of, over, or adding up. */
export function MismatchAlert({ breakdown }: { breakdown: Breakdown }) {
  const { t } = useI18n();
  const d = breakdown.decomposition;
  if (!d) return null;
  const { kind, unit } = breakdown.metric;
  const line = t(m.decompSum, {
    sum: fmt(kind, d.assignedSum, unit),
    n: d.assignedCount,
    total: d.childCount,
    target: fmt(kind, d.target, unit),
  });
  if (d.mismatch === 0)
    return (
      <Alert type="success" showIcon title={t(m.decompOk)} description={line} data-testid="decomp-mismatch" />
    );
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="decomp-mismatch"
      title={
        d.mismatch < 0
          ? t(m.decompShort, { d: fmt(kind, -d.mismatch, unit) })
          : t(m.decompOver, { d: fmt(kind, d.mismatch, unit) })
      }
      description={line}
    />
  );
}

export function DecompositionButton({ breakdown }: { breakdown: Breakdown }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="decomp-edit">
        {t(m.decompEdit)}
      </Button>
      {open ? <DecompositionModal breakdown={breakdown} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function DecompositionModal({ breakdown, onClose }: { breakdown: Breakdown; onClose: () => void }) {
  const { t } = useI18n();
  const { kind, unit, target } = breakdown.metric;
  const rate = isRate(kind as MetricKind);
  const additive = isAdditive(kind as MetricKind);
  const assign = useAssign(breakdown.year, breakdown.metric.key);
  const [values, setValues] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(
      breakdown.children.map((c) => [
        c.org.code,
        c.targetSource === 'assigned' && c.target !== null
          ? rate
            ? +(c.target * 100).toFixed(4)
            : c.target
          : null,
      ]),
    ),
  );
  const [error, setError] = useState<string | null>(null);
  const sum = useMemo(() => Object.values(values).reduce<number>((s, v) => s + (v ?? 0), 0), [values]);
  const n = Object.values(values).filter((v) => v !== null).length;
  const diff = target === null ? 0 : sum - target;

  const save = () => {
    setError(null);
    assign.mutate(
      {
        org: breakdown.org.code,
        items: breakdown.children.map((c) => {
          const v = values[c.org.code];
          return { org: c.org.code, target: v === null || v === undefined ? null : rate ? v / 100 : v };
        }),
      },
      {
        onSuccess: () => {
          showSuccess(m.decompSaved);
          onClose();
        },
        onError: (err) => {
          const issues = isApiError(err) ? err.issues.map((i) => i.message) : [];
          setError([errorText(err), ...issues].join('；'));
        },
      },
    );
  };

  return (
    <Modal
      open
      width={640}
      title={`${t(m.decompTitle)} · ${breakdown.metric.label} · ${breakdown.org.name}`}
      onCancel={onClose}
      onOk={save}
      okText={t(m.decompSave)}
      confirmLoading={assign.isPending}
      okButtonProps={{ 'data-testid': 'decomp-save' } as never}
    >
      <Space orientation="vertical" style={{ display: 'flex' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t(m.decompIntro)}
          {rate ? ` ${t(m.decompRate)}` : ''}
        </Typography.Paragraph>
        {additive && target !== null ? (
          <Alert
            type={n === 0 ? 'info' : diff === 0 ? 'success' : 'warning'}
            showIcon
            data-testid="decomp-live"
            title={
              n === 0
                ? t(m.decompSum, {
                    sum: fmt(kind, 0, unit),
                    n: 0,
                    total: breakdown.children.length,
                    target: fmt(kind, target, unit),
                  })
                : diff === 0
                  ? t(m.decompOk)
                  : diff < 0
                    ? t(m.decompShort, { d: fmt(kind, -diff, unit) })
                    : t(m.decompOver, { d: fmt(kind, diff, unit) })
            }
            description={
              n === 0
                ? undefined
                : t(m.decompSum, {
                    sum: fmt(kind, sum, unit),
                    n,
                    total: breakdown.children.length,
                    target: fmt(kind, target, unit),
                  })
            }
          />
        ) : null}
        {error ? <Alert type="error" showIcon title={error} /> : null}
        <Table
          rowKey={(c) => c.org.code}
          size="small"
          pagination={false}
          scroll={{ y: 360 }}
          dataSource={breakdown.children}
          columns={[
            { title: t(m.org), key: 'org', render: (_, c) => c.org.name },
            {
              title: t(m.target),
              key: 'target',
              width: 200,
              render: (_, c) => (
                <InputNumber<number>
                  min={0}
                  max={rate ? 100 : 1e12}
                  value={values[c.org.code] ?? null}
                  suffix={rate ? '%' : unit}
                  style={{ width: 170 }}
                  onChange={(v) => setValues((prev) => ({ ...prev, [c.org.code]: v ?? null }))}
                  data-testid={`decomp-input-${c.org.code}`}
                />
              ),
            },
          ]}
        />
      </Space>
    </Modal>
  );
}
