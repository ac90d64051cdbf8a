// 任务督办: every task of the year's plan with its owners and each metric's target, actual,
// completion, pace, forecast and source, for one organisation and as-of date. Every number
// opens the metric's page (breakdown, trend, records). Word and Excel reports for the same view.
import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Select, Skeleton, Space, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { PACE_LABELS, PACE_STATUSES, type PaceStatus } from '#shared/targets/types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { fileUrl, type MetricProgress, type TaskProgress, useProgress, type View } from './api.ts';
import { m } from './messages.ts';
import { CompletionBar, fmt, PaceTag, pct, SourceTag } from './parts.tsx';
import { useTargetView, ViewBar, viewSearch } from './view.tsx';

interface Row extends MetricProgress {
  task: TaskProgress;
  span: number;
}

export function metricLink(v: View, key: string, org?: string) {
  return `/targets/metrics/${key}${viewSearch({ ...v, org: org ?? v.org })}`;
}

export function TargetsPage() {
  const { t } = useI18n();
  const { view, setView, plans } = useTargetView();
  const progress = useProgress(view);
  const [only, setOnly] = useState<PaceStatus[]>([]);

  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [];
    for (const task of progress.data?.tasks ?? []) {
      const ms = task.metrics.filter((x) => !only.length || only.includes(x.progress.pace));
      for (const [i, x] of ms.entries()) out.push({ ...x, task, span: i === 0 ? ms.length : 0 });
    }
    return out;
  }, [progress.data, only]);

  if (plans.isPending) return <Skeleton active />;
  if (!view) return <Empty description={t(m.noPlans)} />;
  const data = progress.data;
  const all = data?.tasks.flatMap((x) => x.metrics) ?? [];
  const count = (p: PaceStatus) => all.filter((x) => x.progress.pace === p).length;
  const shown: View = { ...view, org: view.org ?? data?.org.code, asOf: view.asOf ?? data?.asOf };

  return (
    <Card
      title={t(m.targetsTitle)}
      extra={
        <Space wrap>
          <Button icon={<FileWordOutlined />} href={fileUrl.word(shown)} data-testid="download-word">
            {t(m.downloadWord)}
          </Button>
          <Button icon={<FileExcelOutlined />} href={fileUrl.excel(shown)} data-testid="download-excel">
            {t(m.downloadExcel)}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
        <ViewBar
          view={view}
          setView={setView}
          plans={plans.data ?? []}
          resolved={data}
          extra={
            <Space size={4}>
              <Typography.Text type="secondary">{t(m.filterPace)}</Typography.Text>
              <Select<PaceStatus[]>
                mode="multiple"
                allowClear
                value={only}
                onChange={setOnly}
                style={{ minWidth: 160 }}
                placeholder={t(common.all)}
                options={PACE_STATUSES.map((p) => ({ value: p, label: t(PACE_LABELS[p]) }))}
                data-testid="pace-filter"
              />
            </Space>
          }
        />
        {data ? (
          <Typography.Text data-testid="targets-summary">
            <Typography.Text strong>{data.org.name}</Typography.Text> · {data.asOf} ·{' '}
            {t(m.summaryLine, {
              tasks: data.tasks.length,
              metrics: all.length,
              achieved: count('achieved'),
              behind: count('behind'),
              risk: count('at_risk'),
            })}
          </Typography.Text>
        ) : null}
        <Table<Row>
          rowKey="key"
          size="small"
          loading={progress.isFetching}
          dataSource={rows}
          pagination={false}
          bordered
          scroll={{ x: 940 }}
          tableLayout="fixed"
          data-testid="targets-table"
          columns={[
            {
              title: t(m.taskNo),
              key: 'no',
              width: 44,
              fixed: 'left',
              onCell: (r) => ({ rowSpan: r.span }),
              render: (_, r) => r.task.no,
            },
            {
              title: t(m.task),
              key: 'task',
              width: 210,
              onCell: (r) => ({ rowSpan: r.span }),
              render: (_, r) => (
                <div>
                  <div>{r.task.title}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="owners">
                    {t(m.owners)}：{r.task.owners}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t(m.metric),
              key: 'label',
              width: 150,
              render: (_, r) => (
                <Link to={metricLink(shown, r.key)} data-testid={`metric-link-${r.key}`}>
                  {r.label}
                </Link>
              ),
            },
            {
              title: `${t(m.actual)} / ${t(m.target)}`,
              key: 'numbers',
              width: 130,
              align: 'right',
              render: (_, r) => (
                <Link to={metricLink(shown, r.key)} style={{ display: 'block' }}>
                  <span data-testid="actual" style={{ fontWeight: 600 }}>
                    {fmt(r.kind, r.actual, r.unit)}
                  </span>
                  <br />
                  <Tooltip title={r.targetSource === 'assigned' ? t(m.targetAssigned) : undefined}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="target">
                      / {fmt(r.kind, r.target, r.unit)}
                    </Typography.Text>
                  </Tooltip>
                </Link>
              ),
            },
            {
              title: t(m.completion),
              key: 'completion',
              width: 120,
              render: (_, r) => <CompletionBar completion={r.progress.completion} pace={r.progress.pace} />,
            },
            {
              title: t(m.pace),
              key: 'pace',
              width: 84,
              render: (_, r) => (
                <Tooltip
                  title={`${t(m.expected, { p: pct(r.progress.expectedShare) })}${r.progress.profile === 'last_year' ? t(m.profileLastYear) : ''}`}
                >
                  <span>
                    <PaceTag pace={r.progress.pace} />
                  </span>
                </Tooltip>
              ),
            },
            {
              title: t(m.forecast),
              key: 'forecast',
              width: 90,
              align: 'right',
              render: (_, r) => fmt(r.kind, r.progress.forecast, r.unit),
            },
            {
              title: t(m.source),
              key: 'source',
              width: 112,
              render: (_, r) => (
                <SourceTag
                  source={r.source}
                  computed={r.computed}
                  pending={r.pending}
                  kind={r.kind}
                  unit={r.unit}
                />
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
