// 督办提醒: the managing level (the province for the cities and industry unions, a city for its
// counties) sends in-app reminders about what the forecast says the organisations directly
// below it will miss. At most one reminder per metric × organisation × week, however often the
// button is pressed (a unique row per week, inserted ON CONFLICT DO NOTHING); each reminder goes
// to the active users of the organisation, links to the metric's progress page for it, and the
// action is audited with what was sent and what had been sent already this week.
import { and, eq, inArray } from 'drizzle-orm';
import { users } from '../../db/schema/users.ts';
import { metricReminders } from '../../db/schema/targets.ts';
import { writeAudit } from '../../lib/audit.ts';
import { todayInChina } from '../../lib/clock.ts';
import {
  type AuthedContext,
  assertPermission,
  inTransaction,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { notifyUsers } from '../notifications/notifications.service.ts';
import {
  childrenOf,
  evaluatedOrgs,
  evaluatePlan,
  metricProgressFor,
  resolveAsOf,
  resolveOrg,
} from './targets.service.ts';

/** The Monday (YYYY-MM-DD) of the week a date falls in. */
export function weekStartOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

export async function sendReminders(ctx: ServiceContext, year: number, q: { asOf?: string }) {
  assertPermission(ctx, 'assign:target:subtree');
  const actx = ctx as AuthedContext;
  const asOf = resolveAsOf(ctx, year, q.asOf);
  const orgs = await evaluatedOrgs(ctx.db);
  const org = resolveOrg(actx, orgs);
  const below = childrenOf(orgs, org);
  if (!below.length) {
    throw new AppError(
      'FORBIDDEN',
      '督办提醒由省总工会发给市总工会和产业工会、由市总工会发给县（市、区）总工会；本单位没有可督办的下级',
    );
  }
  const ev = await evaluatePlan(ctx.db, year, asOf, orgs);
  const due: {
    metric: { id: number; key: string; label: string };
    task: string;
    org: (typeof below)[number];
    text: string;
  }[] = [];
  for (const task of ev.plan.tasks) {
    for (const m of task.metrics) {
      for (const o of below) {
        const p = metricProgressFor(ev, m, o);
        if (!p.progress.willMiss) continue;
        const fmt = (v: number | null) =>
          v === null
            ? '—'
            : p.kind === 'coverage' || p.kind === 'growth'
              ? `${(v * 100).toFixed(1)}%`
              : `${Number(v.toFixed(2))}${p.unit}`;
        due.push({
          metric: { id: m.id, key: m.key, label: m.label },
          task: task.no,
          org: o,
          text: `截至 ${asOf}：实际 ${fmt(p.actual)}，目标 ${fmt(p.target)}，按当前进度预计年末 ${fmt(p.progress.forecast)}，可能完不成。`,
        });
      }
    }
  }
  const weekStart = weekStartOf(todayInChina(ctx.clock.now()));
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const recipients = new Map<number, number[]>();
    if (due.length) {
      const rows = await tx.db
        .select({ id: users.id, orgId: users.orgId })
        .from(users)
        .where(and(inArray(users.orgId, [...new Set(due.map((d) => d.org.id))]), eq(users.status, 'active')));
      for (const r of rows) recipients.set(r.orgId, [...(recipients.get(r.orgId) ?? []), r.id]);
    }
    const sent: { org: string; metric: string; recipients: number }[] = [];
    // An organisation with no active account hears nothing: not counted as reminded (it can be
    // reminded this week once it has one), and named to the sender, who can open an account.
    const unreachable: { org: string; orgName: string; metric: string }[] = [];
    let already = 0;
    for (const d of due) {
      const to = recipients.get(d.org.id) ?? [];
      if (!to.length) {
        unreachable.push({ org: d.org.code, orgName: d.org.name, metric: d.metric.key });
        continue;
      }
      const inserted = await tx.db
        .insert(metricReminders)
        .values({
          metricId: d.metric.id,
          orgId: d.org.id,
          weekStart,
          asOf,
          recipients: to.length,
          sentBy: actx.actor.userId,
          sentAt: now,
        })
        .onConflictDoNothing({
          target: [metricReminders.metricId, metricReminders.orgId, metricReminders.weekStart],
        })
        .returning({ id: metricReminders.id });
      if (!inserted.length) {
        already++;
        continue;
      }
      await notifyUsers(tx, to, {
        kind: 'target.reminder',
        title: `督办提醒：${d.task}. ${d.metric.label}`,
        body: `${org.name}提醒：${d.text}请抓紧推进。`,
        link: `/targets/metrics/${d.metric.key}?year=${year}&org=${d.org.code}`,
        orgId: d.org.id,
        subjectType: 'metric_reminder',
        subjectId: inserted[0].id,
      });
      sent.push({ org: d.org.code, metric: d.metric.key, recipients: to.length });
    }
    await writeAudit(tx, {
      event: 'target.reminders.send',
      objectType: 'plan',
      objectId: ev.plan.id,
      detail: { year, asOf, org: org.code, weekStart, sent, alreadySent: already, unreachable },
    });
    return { year, asOf, weekStart, sent: sent.length, alreadySent: already, items: sent, unreachable };
  });
}
