// The view every 任务督办 page shares, kept in the URL (so a link or a reload shows the same):
// the plan's year, the organisation (by code; none = one's own) and the as-of date; and the bar
// that changes them. The organisations offered are those the user may see: the province, its
// cities and industry unions, their counties — a county user sees only their own county.
import { DatePicker, Select, Space, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../lib/i18n.tsx';
import { useCurrentUser } from '../../lib/session.ts';
import { type PlanSummary, usePlans, useTargetUnits, type View } from './api.ts';
import { defaultYear, scopeUnits, type UnitNode } from './scope.ts';
import { m } from './messages.ts';

export function useTargetView() {
  const [params, setParams] = useSearchParams();
  const plans = usePlans();
  const yearParam = Number(params.get('year')) || undefined;
  const list = plans.data ?? [];
  const year = yearParam && list.some((p) => p.year === yearParam) ? yearParam : defaultYear(list);
  const org = params.get('org') || undefined;
  const asOfParam = params.get('asOf') || undefined;
  const asOf = asOfParam && year && asOfParam.startsWith(`${year}-`) ? asOfParam : undefined;
  const view: View | null = year ? { year, org, asOf } : null;
  const setView = useCallback(
    (patch: Partial<View>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          // A date belongs to its year: changing the year drops it.
          if (patch.year !== undefined && patch.asOf === undefined) next.delete('asOf');
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );
  return { view, setView, plans };
}

/** `?year=…&org=…&asOf=…` for links between the pages. */
export function viewSearch(v: View, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  p.set('year', String(v.year));
  if (v.org) p.set('org', v.org);
  if (v.asOf) p.set('asOf', v.asOf);
  for (const [k, val] of Object.entries(extra)) if (val) p.set(k, val);
  return `?${p}`;
}

export function useScopeUnits() {
  const me = useCurrentUser();
  const tree = useTargetUnits();
  const units = useMemo(() => scopeUnits(tree.data ?? [], me.org.path), [tree.data, me.org.path]);
  const names = useMemo(() => {
    const out = new Map<string, string>();
    const walk = (list: UnitNode[]) => {
      for (const u of list) {
        out.set(u.value, u.title);
        if (u.children) walk(u.children);
      }
    };
    walk(units);
    return out;
  }, [units]);
  return { units, names, loading: tree.isPending };
}

export function ViewBar({
  view,
  setView,
  plans,
  resolved,
  showOrg = true,
  showAsOf = true,
  extra,
}: {
  view: View;
  setView: (patch: Partial<View>) => void;
  plans: readonly PlanSummary[];
  /** What the server resolved the view to (own organisation, today's date). */
  resolved?: { org: { code: string; name: string }; asOf: string } | null;
  showOrg?: boolean;
  showAsOf?: boolean;
  extra?: React.ReactNode;
}) {
  const { t } = useI18n();
  const { units, loading } = useScopeUnits();
  const asOf = view.asOf ?? resolved?.asOf;
  const orgValue = view.org ?? resolved?.org.code;
  return (
    <Space wrap size="middle" data-testid="view-bar">
      <Space size={4}>
        <Typography.Text type="secondary">{t(m.year)}</Typography.Text>
        <Select<number>
          value={view.year}
          style={{ width: 120 }}
          onChange={(year) => setView({ year })}
          options={plans.map((p) => ({ value: p.year, label: t(m.yearOption, { year: p.year }) }))}
          data-testid="year-select"
        />
      </Space>
      {showOrg ? (
        <Space size={4}>
          <Typography.Text type="secondary">{t(m.org)}</Typography.Text>
          <TreeSelect
            value={orgValue}
            style={{ width: 240 }}
            loading={loading}
            treeData={units}
            treeDefaultExpandedKeys={units.map((u) => u.value)}
            showSearch={{ treeNodeFilterProp: 'title' }}
            popupMatchSelectWidth={320}
            onChange={(org: string) => setView({ org })}
            data-testid="org-select"
          />
        </Space>
      ) : null}
      {showAsOf ? (
        <Space size={4}>
          <Typography.Text type="secondary">{t(m.asOf)}</Typography.Text>
          <DatePicker
            value={asOf ? dayjs(asOf) : null}
            allowClear={false}
            disabledDate={(d) => d.year() !== view.year}
            onChange={(d) => setView({ asOf: d ? d.format('YYYY-MM-DD') : undefined })}
            data-testid="as-of"
          />
        </Space>
      ) : null}
      {extra}
    </Space>
  );
}
