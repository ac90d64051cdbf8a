// Reported metrics (no record can make them): an organisation reports a value with its
// evidence; the level above approves it or returns it with a reason (DHIS2-style approval:
// an approved value is locked until the approver reopens it). Every step is state- and
// role-checked, compare-and-set on version and status, one event row, audited.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { REPORT_STATUS_LABELS, type ReportStatus } from '#shared/targets/types.ts';
import { attachments, files as fileContents } from '../../db/schema/files.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { metricReportEvents, metricReports, planMetrics, plans } from '../../db/schema/targets.ts';
import { users } from '../../db/schema/users.ts';
import { writeAudit } from '../../lib/audit.ts';
import {
  type AuthedContext,
  assertPermission,
  inTransaction,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { registerAttachmentOwner } from '../files/files.service.ts';
import { EVALUATED_KINDS, findMetric, loadPlan } from './targets.service.ts';

export type ReportAction = 'submit' | 'return' | 'approve' | 'reopen';

/** The approval workflow as data: from which states, to which, by whom. */
export const REPORT_TRANSITIONS: Record<
  ReportAction,
  { from: ReportStatus[]; to: ReportStatus; by: 'reporter' | 'approver'; label: string }
> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', by: 'reporter', label: '报送' },
  return: { from: ['submitted'], to: 'returned', by: 'approver', label: '退回' },
  approve: { from: ['submitted'], to: 'approved', by: 'approver', label: '审核通过' },
  reopen: { from: ['approved'], to: 'returned', by: 'approver', label: '撤销审核' },
};

const EDITABLE: ReportStatus[] = ['draft', 'returned'];

interface ReportInput {
  value: number;
  asOf: string;
  explanation?: string | null;
  evidence?: string | null;
  version?: number;
}

async function reportingOrg(ctx: AuthedContext) {
  const [org] = await ctx.db.select().from(organizations).where(eq(organizations.id, ctx.actor.scopeOrgId));
  if (!org || !(EVALUATED_KINDS as readonly string[]).includes(org.kind)) {
    throw new AppError('FORBIDDEN', '只有省、市、县（市、区）总工会和产业工会可以报送指标');
  }
  return org;
}

/** Saves the actor's organisation's report of a metric as a draft (creating it the first time). */
export async function saveReport(ctx: ServiceContext, year: number, key: string, input: ReportInput) {
  assertPermission(ctx, 'report:target:subtree');
  return inTransaction(ctx, async (tx) => {
    const actx = tx as AuthedContext;
    const plan = await loadPlan(tx.db, year);
    const metric = findMetric(plan, key);
    if (metric.source !== 'reported') {
      throw invalid(`“${metric.label}”由平台记录自动统计，无需报送`, [
        { path: 'key', message: '非报送类指标' },
      ]);
    }
    if (input.asOf < `${year}-01-01` || input.asOf > `${year}-12-31`) {
      throw invalid(`截至日期须在 ${year} 年内`, [{ path: 'asOf', message: `须在 ${year} 年内` }]);
    }
    if (metric.kind === 'milestone' && input.value !== 0 && input.value !== 1) {
      throw invalid('里程碑类指标填 1（已完成）或 0（未完成）', [{ path: 'value', message: '填 1 或 0' }]);
    }
    const org = await reportingOrg(actx);
    const now = tx.clock.now();
    const [existing] = await tx.db
      .select()
      .from(metricReports)
      .where(and(eq(metricReports.metricId, metric.id), eq(metricReports.orgId, org.id)));
    const values = {
      value: input.value,
      asOf: input.asOf,
      explanation: input.explanation ?? null,
      evidence: input.evidence ?? null,
    };
    let row: typeof metricReports.$inferSelect;
    if (!existing) {
      [row] = await tx.db
        .insert(metricReports)
        .values({
          metricId: metric.id,
          orgId: org.id,
          orgPath: org.path,
          orgAltPath: org.altPath,
          status: 'draft',
          ...values,
        })
        .returning();
    } else {
      if (!EDITABLE.includes(existing.status as ReportStatus)) {
        throw new AppError(
          'INVALID_STATE',
          `该报送${REPORT_STATUS_LABELS[existing.status as ReportStatus].zh}，不能修改${existing.status === 'approved' ? '（如需更正，请上级撤销审核）' : ''}`,
        );
      }
      if (input.version === undefined) {
        throw invalid('修改报送须带上读取时的版本号', [{ path: 'version', message: '必填' }]);
      }
      const rows = await tx.db
        .update(metricReports)
        .set({ ...values, version: sql`${metricReports.version} + 1`, updatedAt: now })
        .where(
          and(
            eq(metricReports.id, existing.id),
            eq(metricReports.version, input.version),
            inArray(metricReports.status, EDITABLE),
          ),
        )
        .returning();
      if (!rows.length)
        throw conflict('该报送已被他人修改，请刷新后再编辑（版本不一致）', [
          { path: 'version', message: '版本已过期' },
        ]);
      row = rows[0];
    }
    await tx.db.insert(metricReportEvents).values({
      reportId: row.id,
      action: 'save',
      fromStatus: existing?.status ?? null,
      toStatus: row.status,
      value: input.value,
      actorId: actx.actor.userId,
      at: now,
    });
    await writeAudit(tx, {
      event: 'target.report.save',
      objectType: 'metric_report',
      objectId: row.id,
      detail: { year, key, org: org.code, value: input.value },
    });
    return getReport(tx, row.id);
  });
}

function isApproverOf(ctx: AuthedContext, reportOrgPath: string): boolean {
  // The level above: the report's organisation lies strictly below the actor's own.
  return reportOrgPath.startsWith(ctx.actor.orgPath) && reportOrgPath !== ctx.actor.orgPath;
}

export async function transitionReport(
  ctx: ServiceContext,
  id: number,
  action: ReportAction,
  input: { version: number; reason?: string | null },
) {
  const rule = REPORT_TRANSITIONS[action];
  if (rule.by === 'approver') assertPermission(ctx, 'approve:target:subtree');
  else assertPermission(ctx, 'report:target:subtree');
  return inTransaction(ctx, async (tx) => {
    const actx = tx as AuthedContext;
    const [report] = await tx.db.select().from(metricReports).where(eq(metricReports.id, id));
    if (!report || !isInScope(actx.actor, report.orgPath, report.orgAltPath)) throw notFound('报送');
    if (rule.by === 'reporter' && report.orgId !== actx.actor.scopeOrgId) {
      throw new AppError('FORBIDDEN', '只能报送本单位的指标');
    }
    if (rule.by === 'approver' && !isApproverOf(actx, report.orgPath)) {
      throw new AppError('FORBIDDEN', '报送由上一级组织审核，本单位不能审核自己的报送');
    }
    if (!rule.from.includes(report.status as ReportStatus)) {
      throw new AppError(
        'INVALID_STATE',
        `该报送当前为“${REPORT_STATUS_LABELS[report.status as ReportStatus].zh}”，不能${rule.label}`,
      );
    }
    const reason = input.reason?.trim() || null;
    if ((action === 'return' || action === 'reopen') && !reason) {
      throw invalid(`${rule.label}须写明原因`, [{ path: 'reason', message: '必填' }]);
    }
    const now = tx.clock.now();
    const set: Partial<typeof metricReports.$inferInsert> = { status: rule.to, updatedAt: now };
    if (action === 'submit')
      Object.assign(set, { submittedAt: now, submittedBy: actx.actor.userId, returnReason: null });
    if (action === 'return' || action === 'reopen')
      Object.assign(set, { reviewedAt: now, reviewedBy: actx.actor.userId, returnReason: reason });
    if (action === 'approve')
      Object.assign(set, { reviewedAt: now, reviewedBy: actx.actor.userId, returnReason: null });
    const rows = await tx.db
      .update(metricReports)
      .set({ ...set, version: sql`${metricReports.version} + 1` })
      .where(
        and(
          eq(metricReports.id, id),
          eq(metricReports.version, input.version),
          eq(metricReports.status, report.status),
        ),
      )
      .returning();
    if (!rows.length)
      throw conflict('该报送已被他人处理，请刷新后再操作（版本不一致）', [
        { path: 'version', message: '版本已过期' },
      ]);
    await tx.db.insert(metricReportEvents).values({
      reportId: id,
      action,
      fromStatus: report.status,
      toStatus: rule.to,
      value: report.value,
      reason,
      actorId: actx.actor.userId,
      at: now,
    });
    await writeAudit(tx, {
      event: `target.report.${action}`,
      objectType: 'metric_report',
      objectId: id,
      detail: { from: report.status, to: rule.to, reason },
    });
    return getReport(tx, id);
  });
}

/** The columns of a report as the API gives it (plus its place, for the scope checks). */
const reportColumns = {
  id: metricReports.id,
  metricId: metricReports.metricId,
  key: planMetrics.key,
  label: planMetrics.label,
  unit: planMetrics.unit,
  kind: planMetrics.kind,
  year: plans.year,
  orgId: metricReports.orgId,
  orgCode: organizations.code,
  orgName: organizations.name,
  orgPath: metricReports.orgPath,
  orgAltPath: metricReports.orgAltPath,
  value: metricReports.value,
  asOf: metricReports.asOf,
  explanation: metricReports.explanation,
  evidence: metricReports.evidence,
  status: metricReports.status,
  returnReason: metricReports.returnReason,
  submittedAt: metricReports.submittedAt,
  reviewedAt: metricReports.reviewedAt,
  version: metricReports.version,
  updatedAt: metricReports.updatedAt,
};

/** The attachment owner type of a report's evidence files. */
export const REPORT_OWNER_TYPE = 'metric-reports';

type ReportRow = Awaited<ReturnType<typeof reportQuery>>[number];

/**
 * Reports with their events and evidence files: three queries whatever the number of rows
 * (the rows themselves, then the events and the attachments of all of them at once).
 */
async function withDetails(ctx: ServiceContext, rows: ReportRow[]) {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const events = await ctx.db
    .select({
      reportId: metricReportEvents.reportId,
      action: metricReportEvents.action,
      fromStatus: metricReportEvents.fromStatus,
      toStatus: metricReportEvents.toStatus,
      value: metricReportEvents.value,
      reason: metricReportEvents.reason,
      at: metricReportEvents.at,
      actor: users.displayName,
    })
    .from(metricReportEvents)
    .leftJoin(users, eq(users.id, metricReportEvents.actorId))
    .where(inArray(metricReportEvents.reportId, ids))
    .orderBy(metricReportEvents.id);
  const files = await ctx.db
    .select({
      ownerId: attachments.ownerId,
      id: attachments.id,
      name: attachments.name,
      size: fileContents.size,
      mimeType: fileContents.mimeType,
      version: attachments.version,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .innerJoin(fileContents, eq(fileContents.id, attachments.fileId))
    .where(
      and(
        eq(attachments.ownerType, REPORT_OWNER_TYPE),
        inArray(attachments.ownerId, ids),
        isNull(attachments.deletedAt),
      ),
    )
    .orderBy(attachments.id);
  const eventsOf = new Map<number, typeof events>();
  for (const e of events) eventsOf.set(e.reportId, [...(eventsOf.get(e.reportId) ?? []), e]);
  const filesOf = new Map<number, typeof files>();
  for (const f of files) filesOf.set(f.ownerId, [...(filesOf.get(f.ownerId) ?? []), f]);
  return rows.map((row) => {
    const { orgPath: _p, orgAltPath: _a, updatedAt: _u, ...rest } = row;
    return {
      ...rest,
      value: Number(row.value),
      status: row.status as ReportStatus,
      statusLabel: REPORT_STATUS_LABELS[row.status as ReportStatus].zh,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      reviewedAt: row.reviewedAt?.toISOString() ?? null,
      events: (eventsOf.get(row.id) ?? []).map(({ reportId: _r, ...e }) => ({
        ...e,
        value: e.value === null ? null : Number(e.value),
        at: e.at.toISOString(),
      })),
      attachments: (filesOf.get(row.id) ?? []).map(({ ownerId: _o, ...f }) => ({
        ...f,
        createdAt: f.createdAt.toISOString(),
      })),
    };
  });
}

function reportQuery(ctx: ServiceContext) {
  return ctx.db
    .select(reportColumns)
    .from(metricReports)
    .innerJoin(planMetrics, eq(planMetrics.id, metricReports.metricId))
    .innerJoin(plans, eq(plans.id, planMetrics.planId))
    .innerJoin(organizations, eq(organizations.id, metricReports.orgId));
}

async function getReport(ctx: ServiceContext, id: number) {
  const rows = await reportQuery(ctx).where(eq(metricReports.id, id));
  if (!rows.length) throw notFound('报送');
  const [full] = await withDetails(ctx, rows);
  return full;
}

export async function readReport(ctx: ServiceContext, id: number) {
  assertPermission(ctx, 'read:target:subtree');
  const [row] = await ctx.db
    .select({ orgPath: metricReports.orgPath, orgAltPath: metricReports.orgAltPath })
    .from(metricReports)
    .where(eq(metricReports.id, id));
  if (!row || !isInScope((ctx as AuthedContext).actor, row.orgPath, row.orgAltPath)) throw notFound('报送');
  return getReport(ctx, id);
}

/** Reports in the actor's scope: their own organisation's and those they review. Three queries. */
export async function listReports(ctx: ServiceContext, q: { year?: number; status?: ReportStatus }) {
  assertPermission(ctx, 'read:target:subtree');
  const actx = ctx as AuthedContext;
  const rows = await reportQuery(ctx)
    .where(
      and(
        q.year ? eq(plans.year, q.year) : undefined,
        inScope(actx.actor, metricReports.orgPath, metricReports.orgAltPath),
        q.status ? eq(metricReports.status, q.status) : undefined,
      ),
    )
    .orderBy(desc(metricReports.updatedAt), desc(metricReports.id))
    .limit(500);
  const full = await withDetails(ctx, rows);
  return {
    items: full.map((r, i) => ({
      ...r,
      canReview: isApproverOf(actx, rows[i].orgPath),
      own: r.orgId === actx.actor.scopeOrgId,
    })),
  };
}

/**
 * Evidence files (证明材料) of a report, through the files feature: the reporting organisation
 * adds or removes them while the report is a draft or returned; whoever may see the report
 * (its organisation and the levels above, the approver among them) lists and downloads them;
 * once submitted — and for good once approved — they are locked like the value itself.
 */
export function registerReportAttachments() {
  registerAttachmentOwner(REPORT_OWNER_TYPE, {
    read: 'read:target:subtree',
    manage: 'report:target:subtree',
    load: async (ctx, id, forWrite) => {
      const [row] = await ctx.db
        .select({
          orgId: metricReports.orgId,
          orgPath: metricReports.orgPath,
          orgAltPath: metricReports.orgAltPath,
          status: metricReports.status,
        })
        .from(metricReports)
        .where(eq(metricReports.id, id));
      if (!row || !isInScope(ctx.actor, row.orgPath, row.orgAltPath)) throw notFound('报送');
      if (forWrite) {
        if (row.orgId !== ctx.actor.scopeOrgId) {
          throw new AppError('FORBIDDEN', '证明材料只能由报送单位上传或删除');
        }
        if (!EDITABLE.includes(row.status as ReportStatus)) {
          throw new AppError(
            'INVALID_STATE',
            `该报送${REPORT_STATUS_LABELS[row.status as ReportStatus].zh}，证明材料已锁定${row.status === 'approved' ? '（如需更正，请上级撤销审核）' : '（如需更改，请上级退回）'}`,
          );
        }
      }
      return { orgId: row.orgId, orgPath: row.orgPath, orgAltPath: row.orgAltPath };
    },
  });
}
