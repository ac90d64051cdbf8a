// 数据驾驶舱: every task's completion at a glance (gauge and bars by task), a chosen metric by
// area (bars) and by month (this year against last), and the province at county level on a
// schematic tile map coloured by the chosen metric. Clicking a bar or a tile drills down.
import { Card, Col, Empty, Row, Select, Skeleton, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { isRate, type MetricKind, PACE_LABELS } from '#shared/targets/types.ts';
import { schematicTiles } from '#shared/map/schematic.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { type Areas, type PlanProgress, useAreas, useProgress, type View } from './api.ts';
import { type ChartOption, EChart, SCHEMATIC_MAP } from './chart.tsx';
import { m } from './messages.ts';
import { fmt, paceColor, pct } from './parts.tsx';
import { metricLink } from './targets-page.tsx';
import { useTargetView, ViewBar } from './view.tsx';

const DEFAULT_METRIC = 'county_academy_coverage';
const TILES = schematicTiles();
const TILE_BY_CODE = new Map(TILES.map((x) => [x.code, x]));
const cap = (c: number | null) => (c === null ? null : Math.min(1, Math.max(0, c)));

function taskCompletion(data: PlanProgress) {
  return data.tasks
    .map((task) => {
      const cs = task.metrics.map((x) => cap(x.progress.completion)).filter((c): c is number => c !== null);
      return {
        no: task.no,
        title: task.title,
        firstKey: task.metrics[0]?.key,
        completion: cs.length ? cs.reduce((a, b) => a + b, 0) / cs.length : null,
      };
    })
    .filter((x) => x.completion !== null) as {
    no: string;
    title: string;
    firstKey: string;
    completion: number;
  }[];
}

export function CockpitPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { view, setView, plans } = useTargetView();
  const [params, setParams] = useSearchParams();
  const progress = useProgress(view);
  const data = progress.data;
  const metrics = useMemo(
    () => data?.tasks.flatMap((x) => x.metrics.map((y) => ({ ...y, no: x.no }))) ?? [],
    [data],
  );
  const wanted = params.get('metric') ?? DEFAULT_METRIC;
  const key = metrics.some((x) => x.key === wanted) ? wanted : metrics[0]?.key;
  const areas = useAreas(view, key);
  const chosen = metrics.find((x) => x.key === key);

  if (plans.isPending) return <Skeleton active />;
  if (!view) return <Empty description={t(m.noPlans)} />;
  const shown: View = { ...view, org: view.org ?? data?.org.code, asOf: view.asOf ?? data?.asOf };
  const drill = (k: string, org?: string) => navigate(metricLink(shown, k, org));

  return (
    <Space orientation="vertical" size="middle" style={{ display: 'flex' }} data-testid="cockpit">
      <Card title={t(m.cockpitTitle)} size="small">
        <ViewBar
          view={view}
          setView={setView}
          plans={plans.data ?? []}
          resolved={data}
          extra={
            <Space size={4}>
              <Typography.Text type="secondary">{t(m.chooseMetric)}</Typography.Text>
              <Select
                value={key}
                style={{ width: 320 }}
                showSearch={{ optionFilterProp: 'label' }}
                onChange={(v: string) =>
                  setParams((prev) => {
                    const next = new URLSearchParams(prev);
                    next.set('metric', v);
                    return next;
                  })
                }
                options={metrics.map((x) => ({ value: x.key, label: `${x.no}. ${x.label}` }))}
                data-testid="metric-select"
              />
            </Space>
          }
        />
      </Card>
      {!data ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={8}>
              <Card
                size="small"
                title={t(m.overall)}
                extra={<Typography.Text type="secondary">{data.org.name}</Typography.Text>}
              >
                <Gauge data={data} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(m.overallHint)}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={24} lg={16}>
              <Card size="small" title={t(m.glance)}>
                <TaskBars data={data} onOpen={(k) => drill(k)} />
              </Card>
            </Col>
          </Row>
          {chosen ? (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <Card size="small" title={t(m.byCity, { metric: chosen.label })}>
                  <AreaBars
                    areas={areas.data}
                    orgCode={data.org.code}
                    onOpen={(org) => drill(chosen.key, org)}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t(m.monthly, { metric: chosen.label })}>
                  <Monthly metric={chosen} year={data.year} asOf={data.asOf} />
                </Card>
              </Col>
            </Row>
          ) : null}
          {chosen ? (
            <Card size="small" title={t(m.mapTitle, { metric: chosen.label })} data-testid="county-map-card">
              <CountyMap areas={areas.data} onOpen={(org) => drill(chosen.key, org)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(m.mapNote)}
              </Typography.Text>
            </Card>
          ) : null}
        </>
      )}
    </Space>
  );
}

function Gauge({ data }: { data: PlanProgress }) {
  const option = useMemo<ChartOption>(() => {
    const cs = data.tasks
      .flatMap((x) => x.metrics)
      .map((x) => cap(x.progress.completion))
      .filter((c): c is number => c !== null);
    const avg = cs.length ? cs.reduce((a, b) => a + b, 0) / cs.length : 0;
    return {
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          progress: { show: true, width: 14, itemStyle: { color: '#c8102e' } },
          axisLine: { lineStyle: { width: 14 } },
          pointer: { show: false },
          axisTick: { show: false },
          splitLine: { length: 8 },
          axisLabel: { distance: 18, fontSize: 10 },
          detail: { valueAnimation: false, formatter: '{value}%', fontSize: 28, offsetCenter: [0, '10%'] },
          data: [{ value: Math.round(avg * 1000) / 10 }],
        },
      ],
    };
  }, [data]);
  return <EChart option={option} style={{ height: 260 }} testId="gauge" />;
}

function TaskBars({ data, onOpen }: { data: PlanProgress; onOpen: (key: string) => void }) {
  const { t } = useI18n();
  const rows = useMemo(() => taskCompletion(data).reverse(), [data]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number }) => {
          const r = rows[p.dataIndex];
          return `${r.no}. ${r.title}<br/>${t(m.completion)}：${pct(r.completion)}`;
        },
      },
      grid: { left: 44, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: rows.map((r) => r.no), axisLabel: { fontSize: 11 } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 14,
          data: rows.map((r) => ({
            value: Math.round(r.completion * 1000) / 10,
            itemStyle: { color: r.completion >= 1 ? '#52c41a' : r.completion >= 0.5 ? '#1677ff' : '#fa8c16' },
          })),
          label: { show: true, position: 'right', formatter: '{c}%', fontSize: 10 },
        },
      ],
    }),
    [rows, t],
  );
  return (
    <EChart
      option={option}
      style={{ height: Math.max(280, rows.length * 18 + 40) }}
      onClick={(e) => (e.dataIndex !== undefined ? onOpen(rows[e.dataIndex].firstKey) : undefined)}
      testId="task-bars"
    />
  );
}

function AreaBars({
  areas,
  orgCode,
  onOpen,
}: {
  areas?: Areas;
  orgCode: string;
  onOpen: (org: string) => void;
}) {
  const { t } = useI18n();
  const rows = useMemo(() => (areas?.items ?? []).filter((x) => x.parentCode === orgCode), [areas, orgCode]);
  const option = useMemo<ChartOption | null>(() => {
    if (!areas || !rows.length) return null;
    const kind = areas.metric.kind;
    const rate = isRate(kind as MetricKind);
    const scale = (v: number | null) => (v === null ? null : rate ? Math.round(v * 1000) / 10 : v);
    return {
      tooltip: {
        trigger: 'axis',
        formatter: (ps: { dataIndex: number }[]) => {
          const r = rows[ps[0].dataIndex];
          return `${r.org.name}<br/>${t(m.tooltipActual)}：${fmt(kind, r.actual, areas.metric.unit)}<br/>${t(m.tooltipTarget)}：${fmt(kind, r.target, areas.metric.unit)}<br/>${t(m.completion)}：${pct(r.completion)} · ${t(PACE_LABELS[r.pace])}`;
        },
      },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 32, bottom: 64 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.org.name.replace(/总工会$/, '')),
        axisLabel: { rotate: 40, fontSize: 11 },
      },
      yAxis: { type: 'value', axisLabel: rate ? { formatter: '{value}%' } : {} },
      series: [
        {
          name: t(m.tooltipActual),
          type: 'bar',
          data: rows.map((r) => ({ value: scale(r.actual), itemStyle: { color: paceColor(r.pace) } })),
        },
        {
          name: t(m.tooltipTarget),
          type: 'bar',
          data: rows.map((r) => scale(r.target)),
          itemStyle: { color: '#d9d9d9' },
        },
      ],
    };
  }, [areas, rows, t]);
  if (!option) return <Empty description={t(m.noChildren)} />;
  return (
    <EChart
      option={option}
      onClick={(e) => (e.dataIndex !== undefined ? onOpen(rows[e.dataIndex].org.code) : undefined)}
      testId="area-bars"
    />
  );
}

function Monthly({
  metric,
  year,
  asOf,
}: {
  metric: PlanProgress['tasks'][number]['metrics'][number];
  year: number;
  asOf: string;
}) {
  const { t } = useI18n();
  const option = useMemo<ChartOption | null>(() => {
    if (!metric.monthly) return null;
    const upTo = Number(asOf.slice(5, 7));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: Array.from({ length: 12 }, (_, i) => t(m.month, { n: i + 1 })) },
      yAxis: { type: 'value' },
      series: [
        {
          name: t(m.thisYear, { year }),
          type: 'line',
          smooth: true,
          data: metric.monthly.map((v, i) => (i < upTo ? v : null)),
          itemStyle: { color: '#c8102e' },
          areaStyle: { opacity: 0.08 },
        },
        ...(metric.lastYearMonthly
          ? [
              {
                name: t(m.thisYear, { year: year - 1 }),
                type: 'line',
                smooth: true,
                data: metric.lastYearMonthly,
                itemStyle: { color: '#8c8c8c' },
                lineStyle: { type: 'dashed' },
              },
            ]
          : []),
      ],
    };
  }, [metric, year, asOf, t]);
  if (!option) return <Typography.Text type="secondary">{t(m.noTrend)}</Typography.Text>;
  return <EChart option={option} testId="monthly-chart" />;
}

function CountyMap({ areas, onOpen }: { areas?: Areas; onOpen: (org: string) => void }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const kind = (areas?.metric.kind ?? 'count') as MetricKind;
    const rate = isRate(kind);
    const counties = (areas?.items ?? []).filter((x) => x.org.kind === 'county');
    const byCode = new Map(counties.map((x) => [x.org.code, x]));
    const values = counties.map((x) => x.actual ?? 0);
    const max = rate ? 1 : Math.max(1, ...values);
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const tile = TILE_BY_CODE.get(p.name);
          const r = byCode.get(p.name);
          const head = `${tile?.name ?? p.name}（${tile?.cityName ?? ''}）`;
          if (!r || !areas) return `${head}<br/>${t(m.noData)}`;
          return `${head}<br/>${t(m.tooltipActual)}：${fmt(kind, r.actual, areas.metric.unit)}<br/>${t(m.tooltipTarget)}：${fmt(kind, r.target, areas.metric.unit)}<br/>${t(m.completion)}：${pct(r.completion)}`;
        },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max,
        left: 8,
        bottom: 8,
        calculable: false,
        text: [rate ? '100%' : String(max), '0'],
        inRange: { color: ['#fff1f0', '#ff7875', '#a8071a'] },
        formatter: (v: number) => (rate ? `${Math.round(v * 100)}%` : String(Math.round(v))),
      },
      series: [
        {
          type: 'map',
          map: SCHEMATIC_MAP,
          aspectScale: 1,
          roam: false,
          selectedMode: false,
          layoutCenter: ['55%', '50%'],
          layoutSize: '100%',
          label: {
            show: true,
            fontSize: 10,
            formatter: (p: { name: string }) => TILE_BY_CODE.get(p.name)?.label ?? p.name,
          },
          emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd666' } },
          itemStyle: { borderColor: '#fff', borderWidth: 1, areaColor: '#f0f0f0' },
          data: counties.map((x) => ({ name: x.org.code, value: x.actual ?? 0 })),
        },
      ],
    };
  }, [areas, t]);
  return (
    <EChart
      option={option}
      style={{ height: 600 }}
      // Only counties in the user's scope (those with data) open; the others would answer 404.
      onClick={(e) =>
        e.name && areas?.items.some((x) => x.org.code === e.name) ? onOpen(e.name) : undefined
      }
      testId="county-map"
    />
  );
}
