// In-app notifications: written by other features in their own transaction (notifyUsers),
// read and marked read by their recipient only. Outbound copies go to the outbox.
import { and, count, desc, eq, isNull, type SQL } from 'drizzle-orm';
import { notificationOutbox, notifications } from '../../db/schema/notifications.ts';
import { requireActor, type ServiceContext } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';
import { offsetOf } from '../../lib/pagination.ts';
import { outboundChannels } from './notifications.channel.ts';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
  orgId?: number | null;
  subjectType?: string | null;
  subjectId?: number | null;
}

/** One notification to each of `userIds` (deduplicated), plus one outbox row per outbound channel. */
export async function notifyUsers(ctx: ServiceContext, userIds: number[], n: NewNotification): Promise<void> {
  const ids = [...new Set(userIds)].filter((x) => Number.isInteger(x));
  if (!ids.length) return;
  const now = ctx.clock.now();
  await ctx.db.insert(notifications).values(
    ids.map((userId) => ({
      userId,
      orgId: n.orgId ?? null,
      kind: n.kind,
      title: n.title,
      body: n.body ?? null,
      link: n.link ?? null,
      subjectType: n.subjectType ?? null,
      subjectId: n.subjectId ?? null,
      createdAt: now,
    })),
  );
  const channels = outboundChannels();
  if (channels.length) {
    await ctx.db.insert(notificationOutbox).values(
      channels.map((c) => ({
        channel: c.name,
        event: n.kind,
        payload: {
          title: n.title,
          body: n.body ?? null,
          link: n.link ?? null,
          subject: n.subjectType ? { type: n.subjectType, id: n.subjectId } : null,
          recipients: ids,
          at: now.toISOString(),
        },
        nextAttemptAt: now,
        createdAt: now,
      })),
    );
  }
}

function toDto(r: typeof notifications.$inferSelect) {
  return {
    id: r.id,
    orgId: r.orgId,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

/** The signed-in user's notifications, newest first. */
export async function findNotifications(
  ctx: ServiceContext,
  q: { page: number; pageSize: number; unread?: 'true' | 'false' },
) {
  requireActor(ctx);
  const where: SQL[] = [eq(notifications.userId, ctx.actor.userId)];
  if (q.unread === 'true') where.push(isNull(notifications.readAt));
  const cond = and(...where);
  const [{ n }] = await ctx.db.select({ n: count() }).from(notifications).where(cond);
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(cond)
    .orderBy(desc(notifications.id))
    .limit(q.pageSize)
    .offset(offsetOf(q));
  return { items: rows.map(toDto), total: Number(n), page: q.page, pageSize: q.pageSize };
}

export async function countUnread(ctx: ServiceContext) {
  requireActor(ctx);
  const [{ n }] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, ctx.actor.userId), isNull(notifications.readAt)));
  return { unread: Number(n) };
}

/** Marks one of the user's own notifications read; anyone else's answers 404. */
export async function markNotificationRead(ctx: ServiceContext, id: number) {
  requireActor(ctx);
  const [row] = await ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, ctx.actor.userId)));
  if (!row) throw notFound('通知');
  if (row.readAt) return toDto(row);
  const [u] = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock.now() })
    .where(eq(notifications.id, id))
    .returning();
  return toDto(u);
}

export async function markAllNotificationsRead(ctx: ServiceContext) {
  requireActor(ctx);
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock.now() })
    .where(and(eq(notifications.userId, ctx.actor.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}
