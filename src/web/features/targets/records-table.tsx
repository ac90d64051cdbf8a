// The records behind a number, as the server gives them: registry records (with a link to each
// record), the organisations a coverage rate is over (covered or not), or the reports of a
// reported metric. Paged on the server; the whole list exports to Excel.
import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { REPORT_STATUS_LABELS, type ReportStatus } from '#shared/targets/types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { type Drill, fileUrl, useRecords, type View } from './api.ts';
import { m } from './messages.ts';
import { fmt } from './parts.tsx';

type Rec = Extract<Drill, { mode: 'records' }>['items'][number];
type Member = Extract<Drill, { mode: 'population' }>['items'][number];
type Rep = Extract<Drill, { mode: 'reports' }>['items'][number];

const STATUS_COLOR: Record<ReportStatus, string> = {
  draft: 'default',
  submitted: 'gold',
  returned: 'red',
  approved: 'green',
};

export function RecordsCard({
  view,
  metricKey,
  kind,
  unit,
}: {
  view: View;
  metricKey: string;
  kind: string;
  unit: string;
}) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const res = useRecords(view, metricKey, page, pageSize);
  const d = res.data;
  const pagination = {
    current: page,
    pageSize,
    total: d?.total ?? 0,
    showSizeChanger: true,
    showTotal: (n: number) => t(common.total, { n }),
    onChange: (p: number, s: number) => {
      setPage(s === pageSize ? p : 1);
      setPageSize(s);
    },
  };
  const title =
    d?.mode === 'population'
      ? t(m.populationTitle)
      : d?.mode === 'reports'
        ? t(m.reportsTitle)
        : t(m.recordsTitle);
  return (
    <Card
      size="small"
      title={
        <span>
          {title}
          {d && d.mode !== 'reports' ? (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontWeight: 'normal' }}>
              {t(m.fromRegistry, { name: d.sourceLabel })}
            </Typography.Text>
          ) : null}
        </span>
      }
      extra={
        <Button
          icon={<FileExcelOutlined />}
          href={fileUrl.records(view, metricKey)}
          data-testid="records-export"
        >
          {t(m.exportExcel)}
        </Button>
      }
      data-testid="records-card"
    >
      {!d || d.mode === 'records' ? (
        <Table<Rec>
          rowKey="id"
          size="small"
          loading={res.isFetching}
          dataSource={d?.mode === 'records' ? d.items : []}
          pagination={pagination}
          data-testid="records-table"
          columns={[
            {
              title: t(m.recTitle),
              key: 'title',
              render: (_, r) => <Link to={r.link}>{r.title || `#${r.id}`}</Link>,
            },
            { title: t(m.recDate), dataIndex: 'date', key: 'date', width: 120 },
            ...(d?.mode === 'records' && d.valueLabel
              ? [
                  {
                    title: d.valueLabel,
                    key: 'value',
                    width: 120,
                    align: 'right' as const,
                    render: (_: unknown, r: Rec) => fmt('sum', r.value),
                  },
                ]
              : []),
            ...(d?.mode === 'records' && d.items.some((r) => r.counted !== null)
              ? [
                  {
                    title: t(m.recCounted),
                    key: 'counted',
                    width: 100,
                    render: (_: unknown, r: Rec) =>
                      r.counted ? <Tag color="green">{t(common.yes)}</Tag> : <Tag>{t(common.no)}</Tag>,
                  },
                ]
              : []),
            { title: t(m.recKeeper), dataIndex: 'keeper', key: 'keeper', width: 200 },
          ]}
        />
      ) : d.mode === 'population' ? (
        <Table<Member>
          rowKey="id"
          size="small"
          loading={res.isFetching}
          dataSource={d.items}
          pagination={pagination}
          data-testid="records-table"
          columns={[
            { title: t(m.org), dataIndex: 'name', key: 'name' },
            { title: t(m.orgCode), dataIndex: 'code', key: 'code', width: 200 },
            {
              title: t(m.status),
              key: 'covered',
              width: 110,
              render: (_, r) =>
                r.covered ? (
                  <Tag color="green">{t(m.covered)}</Tag>
                ) : (
                  <Tag color="red">{t(m.notCovered)}</Tag>
                ),
            },
          ]}
        />
      ) : (
        <Table<Rep>
          rowKey="id"
          size="small"
          loading={res.isFetching}
          dataSource={d.items}
          pagination={pagination}
          data-testid="records-table"
          columns={[
            { title: t(m.reportOrg), dataIndex: 'org', key: 'org' },
            {
              title: t(m.reportValue),
              key: 'value',
              width: 120,
              align: 'right',
              render: (_, r) => fmt(kind, r.value, unit),
            },
            {
              title: t(m.status),
              key: 'status',
              width: 140,
              render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{t(REPORT_STATUS_LABELS[r.status])}</Tag>,
            },
            { title: t(m.asOf), dataIndex: 'asOf', key: 'asOf', width: 120 },
          ]}
        />
      )}
    </Card>
  );
}
