// 任务督办 over the API: plans, progress for an organisation and date, a metric's breakdown,
// the records behind it, areas (cockpit map), warnings, reports and their approval, plan edits.
// Shapes come from the server's service functions as types only.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { metricByArea } from '#server/features/targets/cockpit.service.ts';
import type { Drill } from '#server/features/targets/drilldown.ts';
import type { listReports } from '#server/features/targets/reports.service.ts';
import type {
  getPlan,
  listPlans,
  metricBreakdown,
  planProgress,
  planWarnings,
} from '#server/features/targets/targets.service.ts';
import type { ReportStatus } from '#shared/targets/types.ts';
import { api, withQuery } from '../../lib/api-client.ts';
import type { TreeNode } from '../../lib/api-types.ts';

type Data<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type PlanSummary = Data<typeof listPlans>[number];
export type Plan = Data<typeof getPlan>;
export type PlanTaskView = Plan['tasks'][number];
export type PlanMetricView = PlanTaskView['metrics'][number];
export type PlanProgress = Data<typeof planProgress>;
export type TaskProgress = PlanProgress['tasks'][number];
export type MetricProgress = TaskProgress['metrics'][number];
export type Breakdown = Data<typeof metricBreakdown>;
export type BreakdownChild = Breakdown['children'][number];
export type Warnings = Data<typeof planWarnings>;
export type Warning = Warnings['items'][number];
export type Areas = Data<typeof metricByArea>;
export type AreaItem = Areas['items'][number];
export type ReportItem = Data<typeof listReports>['items'][number];
export type { Drill };

/** What every view of the plan is for: a year, an organisation (code; none = one's own) and a date. */
export interface View {
  year: number;
  org?: string;
  asOf?: string;
}

export const targetKeys = {
  all: ['targets'] as const,
  plans: ['targets', 'plans'] as const,
  plan: (year: number) => ['targets', 'plan', year] as const,
  progress: (v: View) => ['targets', 'progress', v] as const,
  breakdown: (v: View, key: string) => ['targets', 'breakdown', key, v] as const,
  records: (v: View, key: string, page: number, pageSize: number) =>
    ['targets', 'records', key, v, page, pageSize] as const,
  areas: (v: View, key: string) => ['targets', 'areas', key, v] as const,
  warnings: (v: View) => ['targets', 'warnings', v] as const,
  reports: (year?: number) => ['targets', 'reports', year ?? 'all'] as const,
  units: ['orgs', 'tree', 'target-units'] as const,
};

const q = (v: View) => ({ org: v.org, asOf: v.asOf });

export function usePlans() {
  return useQuery({ queryKey: targetKeys.plans, queryFn: () => api.get<PlanSummary[]>('/api/plans') });
}

export function usePlan(year: number | undefined) {
  return useQuery({
    queryKey: targetKeys.plan(year ?? 0),
    queryFn: () => api.get<Plan>(`/api/plans/${year}`),
    enabled: !!year,
  });
}

export function useProgress(v: View | null) {
  return useQuery({
    queryKey: targetKeys.progress(v ?? { year: 0 }),
    queryFn: () => api.get<PlanProgress>(`/api/plans/${v!.year}/targets`, q(v!)),
    enabled: !!v,
    placeholderData: keepPreviousData,
  });
}

export function useBreakdown(v: View | null, key: string | undefined) {
  return useQuery({
    queryKey: targetKeys.breakdown(v ?? { year: 0 }, key ?? ''),
    queryFn: () => api.get<Breakdown>(`/api/plans/${v!.year}/metrics/${key}/breakdown`, q(v!)),
    enabled: !!v && !!key,
    placeholderData: keepPreviousData,
  });
}

export function useRecords(v: View | null, key: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: targetKeys.records(v ?? { year: 0 }, key, page, pageSize),
    queryFn: () =>
      api.get<Drill>(`/api/plans/${v!.year}/metrics/${key}/records`, { ...q(v!), page, pageSize }),
    enabled: !!v,
    placeholderData: keepPreviousData,
  });
}

export function useAreas(v: View | null, key: string | undefined) {
  return useQuery({
    queryKey: targetKeys.areas(v ?? { year: 0 }, key ?? ''),
    queryFn: () => api.get<Areas>(`/api/plans/${v!.year}/metrics/${key}/areas`, q(v!)),
    enabled: !!v && !!key,
    placeholderData: keepPreviousData,
  });
}

export function useWarnings(v: View | null) {
  return useQuery({
    queryKey: targetKeys.warnings(v ?? { year: 0 }),
    queryFn: () => api.get<Warnings>(`/api/plans/${v!.year}/warnings`, q(v!)),
    enabled: !!v,
    placeholderData: keepPreviousData,
  });
}

/** Download links (the browser sends the session cookie; the server names the file). */
export const fileUrl = {
  word: (v: View) => withQuery(`/api/plans/${v.year}/report.docx`, q(v)),
  excel: (v: View) => withQuery(`/api/plans/${v.year}/report.xlsx`, q(v)),
  records: (v: View, key: string) => withQuery(`/api/plans/${v.year}/metrics/${key}/records.xlsx`, q(v)),
};

/** The units a plan is viewed for (province, cities, industry unions, counties) that the user may see. */
export function useTargetUnits(enabled = true) {
  return useQuery({
    queryKey: targetKeys.units,
    queryFn: () => api.get<TreeNode[]>('/api/orgs/tree'),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useAssign(year: number, key: string) {
  return useMutation({
    mutationFn: (body: { org?: string; items: { org: string; target: number | null }[] }) =>
      api.put<{ ok: boolean }>(`/api/plans/${year}/metrics/${key}/assignments`, body),
    // The editor shows the error beside the inputs.
    meta: { invalidates: [targetKeys.all], silent: true },
  });
}

export function useReports(year: number | undefined, status?: ReportStatus) {
  return useQuery({
    queryKey: [...targetKeys.reports(year), status ?? 'any'],
    queryFn: () => api.get<{ items: ReportItem[] }>('/api/metric-reports', { year, status }),
    enabled: !!year,
  });
}

export interface ReportFields {
  value: number;
  asOf: string;
  explanation?: string | null;
  evidence?: string | null;
  version?: number;
}

export function useSaveReport(year: number) {
  return useMutation({
    mutationFn: ({ key, ...body }: ReportFields & { key: string }) =>
      api.put<ReportItem>(`/api/plans/${year}/metrics/${key}/report`, body),
    meta: { invalidates: [targetKeys.all], versioned: true },
  });
}

export type ReportAction = 'submit' | 'return' | 'approve' | 'reopen';

export function useSendReminders(year: number) {
  return useMutation({
    mutationFn: (body: { asOf?: string }) =>
      api.post<{
        sent: number;
        alreadySent: number;
        weekStart: string;
        unreachable: { org: string; orgName: string; metric: string }[];
      }>(`/api/plans/${year}/warnings/reminders`, body),
  });
}

export function useReportAction() {
  return useMutation({
    mutationFn: ({
      id,
      action,
      ...body
    }: {
      id: number;
      action: ReportAction;
      version: number;
      reason?: string;
    }) => api.post<ReportItem>(`/api/metric-reports/${id}/${action}`, body),
    meta: { invalidates: [targetKeys.all], versioned: true },
  });
}

export function useUpdateMetric(year: number) {
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: number;
      version: number;
      label?: string;
      unit?: string;
      target?: number | null;
      note?: string | null;
    }) => api.patch<{ id: number; version: number }>(`/api/plans/${year}/metrics/${id}`, body),
    meta: { invalidates: [targetKeys.all], versioned: true },
  });
}

export function useUpdateTask(year: number) {
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; version: number; title?: string; owners?: string }) =>
      api.patch<{ id: number; version: number }>(`/api/plans/${year}/tasks/${id}`, body),
    meta: { invalidates: [targetKeys.all], versioned: true },
  });
}

export function useCopyPlan(year: number) {
  return useMutation({
    mutationFn: (body: { toYear: number; title?: string }) => api.post<Plan>(`/api/plans/${year}/copy`, body),
    meta: { invalidates: [targetKeys.all] },
  });
}
