// A metric for one organisation (the drill-down): its numbers, the organisations below it
// (click → the same page one level down; breadcrumb province → city → county), the monthly
// trend against last year, the decomposition editor, and the records behind the number.
import { Breadcrumb, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isAdditive, type MetricKind } from '#shared/targets/types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { type Breakdown, type BreakdownChild, useBreakdown, type View } from './api.ts';
import { type ChartOption, EChart } from './chart.tsx';
import { DecompositionButton, MismatchAlert } from './decomposition.tsx';
import { m } from './messages.ts';
import { CompletionBar, fmt, PaceTag, pct, SourceTag } from './parts.tsx';
import { RecordsCard } from './records-table.tsx';
import { metricLink } from './targets-page.tsx';
import { useScopeUnits, useTargetView, ViewBar, viewSearch } from './view.tsx';

/** The chain of organisations from the top of the user's scope down to `code`. */
function useAncestry(code: string | undefined) {
  const { units } = useScopeUnits();
  return useMemo(() => {
    const path: { code: string; name: string }[] = [];
    const walk = (list: typeof units): boolean => {
      for (const u of list) {
        path.push({ code: u.value, name: u.title });
        if (u.value === code || (u.children && walk(u.children))) return true;
        path.pop();
      }
      return false;
    };
    if (code) walk(units);
    return path;
  }, [units, code]);
}

export function MetricPage() {
  const { t } = useI18n();
  const { key } = useParams();
  const me = useCurrentUser();
  const { view, setView, plans } = useTargetView();
  const res = useBreakdown(view, key);
  const b = res.data;
  const chain = useAncestry(b?.org.code);
  const navigate = useNavigate();

  if (plans.isPending || (res.isPending && !res.isError)) return <Skeleton active />;
  if (!view || !b || !key) return <Empty />;
  const shown: View = { ...view, org: b.org.code, asOf: b.asOf };
  const x = b.metric;
  const canAssign = can(me, 'assign:target:subtree') && b.children.length > 0;

  return (
    <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
      <Breadcrumb
        data-testid="metric-breadcrumb"
        items={[
          { title: <Link to={`/targets${viewSearch(shown)}`}>{t(m.targetsTitle)}</Link> },
          ...chain.map((c) => ({
            title:
              c.code === b.org.code ? (
                <span data-testid="crumb-current">{c.name}</span>
              ) : (
                <Link to={metricLink(shown, key, c.code)}>{c.name}</Link>
              ),
          })),
        ]}
      />
      <Card
        title={
          <span data-testid="metric-title">
            {x.label} · {b.org.name}
          </span>
        }
        extra={canAssign ? <DecompositionButton breakdown={b} /> : null}
      >
        <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
          <ViewBar view={view} setView={setView} plans={plans.data ?? []} resolved={b} />
          <Typography.Text type="secondary">
            {t(m.taskOf, { no: b.task.no })} {b.task.title} {t(m.owners)}：{b.task.owners}
          </Typography.Text>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2, xl: 3 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            data-testid="metric-summary"
            items={[
              {
                key: 'target',
                label: t(m.target),
                children: (
                  <span data-testid="metric-target">
                    {fmt(x.kind, x.target, x.unit)}
                    {x.targetSource === 'assigned' ? (
                      <Typography.Text type="secondary"> （{t(m.targetAssigned)}）</Typography.Text>
                    ) : x.targetSource === 'rate' ? (
                      <Typography.Text type="secondary"> （{t(m.targetRate)}）</Typography.Text>
                    ) : x.targetSource === 'population' ? (
                      <Typography.Text type="secondary"> （{t(m.targetPopulation)}）</Typography.Text>
                    ) : null}
                  </span>
                ),
              },
              {
                key: 'actual',
                label: t(m.actual),
                children: (
                  <span data-testid="metric-actual">
                    {fmt(x.kind, x.actual, x.unit)}
                    {x.denominator !== null && x.numerator !== null ? (
                      <Typography.Text type="secondary">
                        {' '}
                        （{t(m.numeratorOf, { n: x.numerator, d: x.denominator })}）
                      </Typography.Text>
                    ) : null}
                  </span>
                ),
              },
              {
                key: 'completion',
                label: t(m.completion),
                children: <CompletionBar completion={x.progress.completion} pace={x.progress.pace} />,
              },
              {
                key: 'pace',
                label: t(m.pace),
                children: (
                  <Space size={4}>
                    <PaceTag pace={x.progress.pace} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(m.expected, { p: pct(x.progress.expectedShare) })}
                    </Typography.Text>
                  </Space>
                ),
              },
              { key: 'forecast', label: t(m.forecast), children: fmt(x.kind, x.progress.forecast, x.unit) },
              {
                key: 'source',
                label: t(m.source),
                children: (
                  <SourceTag
                    source={x.source}
                    computed={x.computed}
                    pending={x.pending}
                    kind={x.kind}
                    unit={x.unit}
                  />
                ),
              },
              { key: 'note', label: t(m.note), span: 'filled', children: x.note ?? '—' },
            ]}
          />
          {isAdditive(x.kind as MetricKind) ? <MismatchAlert breakdown={b} /> : null}
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={14}>
          <Card size="small" title={t(m.breakdownTitle)} data-testid="breakdown-card">
            {b.children.length ? (
              <ChildrenTable b={b} onOpen={(code) => navigate(metricLink(shown, key, code))} />
            ) : (
              <Typography.Text type="secondary">{t(m.noChildren)}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xxl={10}>
          <Card size="small" title={t(m.trendTitle)}>
            <Trend b={b} />
          </Card>
        </Col>
      </Row>
      <RecordsCard
        key={`${shown.org}-${shown.asOf}-${key}`}
        view={shown}
        metricKey={key}
        kind={x.kind}
        unit={x.unit}
      />
    </Space>
  );
}

function ChildrenTable({ b, onOpen }: { b: Breakdown; onOpen: (code: string) => void }) {
  const { t } = useI18n();
  return (
    <Table<BreakdownChild>
      rowKey={(c) => c.org.code}
      size="small"
      pagination={false}
      dataSource={b.children}
      scroll={{ y: 420 }}
      data-testid="children-table"
      onRow={(c) => ({ onClick: () => onOpen(c.org.code), style: { cursor: 'pointer' } })}
      columns={[
        {
          title: t(m.org),
          key: 'org',
          render: (_, c) => (
            <Typography.Link data-testid={`child-${c.org.code}`}>{c.org.name}</Typography.Link>
          ),
        },
        {
          title: t(m.target),
          key: 'target',
          width: 110,
          align: 'right',
          render: (_, c) => fmt(c.kind, c.target, c.unit),
        },
        {
          title: t(m.actual),
          key: 'actual',
          width: 110,
          align: 'right',
          render: (_, c) => fmt(c.kind, c.actual, c.unit),
        },
        {
          title: t(m.completion),
          key: 'completion',
          width: 140,
          render: (_, c) => <CompletionBar completion={c.progress.completion} pace={c.progress.pace} />,
        },
        { title: t(m.pace), key: 'pace', width: 100, render: (_, c) => <PaceTag pace={c.progress.pace} /> },
      ]}
    />
  );
}

function Trend({ b }: { b: Breakdown }) {
  const { t } = useI18n();
  const x = b.metric;
  const option = useMemo<ChartOption | null>(() => {
    if (!x.monthly) return null;
    const months = Array.from({ length: 12 }, (_, i) => t(m.month, { n: i + 1 }));
    const asOfMonth = Number(b.asOf.slice(5, 7));
    const cum = (xs: number[], upTo = 12) => {
      let s = 0;
      return xs.map((v, i) => {
        s += v;
        return i < upTo ? s : null;
      });
    };
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: months },
      yAxis: [{ type: 'value' }, { type: 'value', splitLine: { show: false } }],
      series: [
        {
          name: t(m.thisYear, { year: b.year }),
          type: 'bar',
          data: x.monthly.map((v, i) => (i < asOfMonth ? v : null)),
          itemStyle: { color: '#c8102e' },
        },
        ...(x.lastYearMonthly
          ? [
              {
                name: t(m.thisYear, { year: b.year - 1 }),
                type: 'bar',
                data: x.lastYearMonthly,
                itemStyle: { color: '#bfbfbf' },
              },
              {
                name: t(m.cumulative, { year: b.year - 1 }),
                type: 'line',
                yAxisIndex: 1,
                data: cum(x.lastYearMonthly),
                lineStyle: { type: 'dashed', color: '#8c8c8c' },
                itemStyle: { color: '#8c8c8c' },
              },
            ]
          : []),
        {
          name: t(m.cumulative, { year: b.year }),
          type: 'line',
          yAxisIndex: 1,
          data: cum(x.monthly, asOfMonth),
          itemStyle: { color: '#c8102e' },
        },
      ],
    };
  }, [x, b.asOf, b.year, t]);
  if (!option) return <Typography.Text type="secondary">{t(m.noTrend)}</Typography.Text>;
  return <EChart option={option} testId="trend-chart" />;
}
