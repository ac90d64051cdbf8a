// 督办预警: the metrics that will be missed at the current pace, for the organisation and the
// organisations directly below it, most severe first. A ranking of the organisations below is
// shown to the managing level only (province and city administrators) — never a public board.
import { Button, Card, Empty, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n.tsx';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { showSuccess, showWarning } from '../../lib/show-error.ts';
import { useSendReminders, useWarnings, type View, type Warning } from './api.ts';
import { m } from './messages.ts';
import { CompletionBar, fmt, PaceTag } from './parts.tsx';
import { metricLink } from './targets-page.tsx';
import { useScopeUnits, useTargetView, ViewBar } from './view.tsx';

interface RankRow {
  code: string;
  name: string;
  severe: number;
  mild: number;
  rank: number;
}

export function WarningsPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const { view, setView, plans } = useTargetView();
  const res = useWarnings(view);
  const remind = useSendReminders(view?.year ?? 0);
  const { units } = useScopeUnits();
  const data = res.data;

  const ranking = useMemo<RankRow[]>(() => {
    if (!data) return [];
    const find = (list: typeof units): (typeof units)[number] | undefined => {
      for (const u of list) {
        if (u.value === data.org.code) return u;
        const hit = u.children ? find(u.children) : undefined;
        if (hit) return hit;
      }
      return undefined;
    };
    const kids = find(units)?.children ?? [];
    const rows = kids.map((k) => {
      const mine = data.items.filter((w) => w.org.code === k.value);
      return {
        code: k.value,
        name: k.title,
        severe: mine.filter((w) => w.severity >= 2).length,
        mild: mine.filter((w) => w.severity < 2).length,
        rank: 0,
      };
    });
    rows.sort((a, b) => a.severe - b.severe || a.mild - b.mild || a.code.localeCompare(b.code));
    rows.forEach((r, i) => {
      const prev = rows[i - 1];
      r.rank = prev && prev.severe === r.severe && prev.mild === r.mild ? prev.rank : i + 1;
    });
    return rows;
  }, [data, units]);

  if (plans.isPending) return <Skeleton active />;
  if (!view) return <Empty description={t(m.noPlans)} />;
  const shown: View = { ...view, org: view.org ?? data?.org.code, asOf: view.asOf ?? data?.asOf };
  const managing = can(me, 'assign:target:subtree') && ranking.length > 0;

  return (
    <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
      <Card title={t(m.warningsTitle)}>
        <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
          <ViewBar view={view} setView={setView} plans={plans.data ?? []} resolved={data} />
          <Typography.Text type="secondary">{t(m.warningsIntro)}</Typography.Text>
          {managing && data && (!view.org || data.org.id === me.org.id) ? (
            <Space wrap>
              <Button
                type="primary"
                loading={remind.isPending}
                disabled={!data.items.some((w) => w.org.code !== data.org.code)}
                data-testid="send-reminders"
                onClick={() =>
                  remind
                    .mutateAsync({ asOf: data.asOf })
                    .then((r) => {
                      showSuccess(m.remindersSent, { sent: r.sent, already: r.alreadySent });
                      if (r.unreachable.length)
                        showWarning(m.remindersUnreachable, {
                          count: r.unreachable.length,
                          orgs: [...new Set(r.unreachable.map((u) => u.orgName))].join('、'),
                        });
                    })
                    .catch(() => {})
                }
              >
                {t(m.sendReminders)}
              </Button>
              <Typography.Text type="secondary">{t(m.sendRemindersHint)}</Typography.Text>
            </Space>
          ) : null}
          <Table<Warning>
            rowKey={(w) => `${w.org.code}-${w.metric.key}`}
            size="small"
            loading={res.isFetching}
            dataSource={data?.items ?? []}
            locale={{ emptyText: t(m.noWarnings) }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            tableLayout="fixed"
            data-testid="warnings-table"
            columns={[
              {
                title: t(m.severity),
                key: 'severity',
                width: 64,
                render: (_, w) =>
                  w.severity >= 2 ? (
                    <Tag color="red">{t(m.severe)}</Tag>
                  ) : (
                    <Tag color="orange">{t(m.mild)}</Tag>
                  ),
              },
              { title: t(m.org), key: 'org', width: 130, render: (_, w) => w.org.name },
              {
                title: t(m.metric),
                key: 'metric',
                width: 230,
                render: (_, w) => (
                  <Tooltip title={`${t(m.taskOf, { no: w.task.no })} ${w.task.title}`}>
                    <Link to={metricLink(shown, w.metric.key, w.org.code)}>
                      {w.task.no}. {w.metric.label}
                    </Link>
                  </Tooltip>
                ),
              },
              {
                title: t(m.target),
                key: 'target',
                width: 90,
                align: 'right',
                render: (_, w) => fmt(w.metric.kind, w.metric.target, w.metric.unit),
              },
              {
                title: t(m.actual),
                key: 'actual',
                width: 90,
                align: 'right',
                render: (_, w) => fmt(w.metric.kind, w.metric.actual, w.metric.unit),
              },
              {
                title: t(m.completion),
                key: 'completion',
                width: 120,
                render: (_, w) => (
                  <CompletionBar completion={w.metric.progress.completion} pace={w.metric.progress.pace} />
                ),
              },
              {
                title: t(m.pace),
                key: 'pace',
                width: 84,
                render: (_, w) => <PaceTag pace={w.metric.progress.pace} />,
              },
              {
                title: t(m.forecast),
                key: 'forecast',
                width: 90,
                align: 'right',
                render: (_, w) => fmt(w.metric.kind, w.metric.progress.forecast, w.metric.unit),
              },
            ]}
          />
        </Space>
      </Card>
      {managing ? (
        <Card title={t(m.rankingTitle)} size="small" data-testid="ranking">
          <Typography.Paragraph type="secondary">{t(m.rankingIntro)}</Typography.Paragraph>
          <Table<RankRow>
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={ranking}
            columns={[
              { title: t(m.rank), dataIndex: 'rank', key: 'rank', width: 72 },
              { title: t(m.org), dataIndex: 'name', key: 'name' },
              { title: t(m.severe), dataIndex: 'severe', key: 'severe', width: 100, align: 'right' },
              { title: t(m.mild), dataIndex: 'mild', key: 'mild', width: 100, align: 'right' },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}
