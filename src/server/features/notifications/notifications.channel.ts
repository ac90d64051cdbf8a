// The outbound channel behind one interface: today a webhook (HMAC-SM3-signed POST). A
// transition only writes an outbox row in its own transaction; the ticker delivers it later
// with retries and backoff, so a slow or failing receiver never blocks or fails a transition.
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notificationOutbox } from '../../db/schema/notifications.ts';
import type { Clock } from '../../lib/clock.ts';
import { hmacSm3Hex } from '../../lib/crypto.ts';

export interface OutboundMessage {
  id: number;
  event: string;
  payload: Record<string, unknown>;
}

export interface OutboundChannel {
  readonly name: string;
  /** Resolves when the receiver took it; throws otherwise (it will be retried). */
  send(message: OutboundMessage): Promise<void>;
}

/** POSTs JSON with `X-Jiangxin-Signature: hmac-sm3=<hex of HMAC-SM3(secret, timestamp + "." + body)>`. */
export class WebhookChannel implements OutboundChannel {
  readonly name = 'webhook';
  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs = 5000,
  ) {}

  async send(m: OutboundMessage): Promise<void> {
    const body = JSON.stringify({ id: m.id, event: m.event, ...m.payload });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-jiangxin-event': m.event,
        'x-jiangxin-delivery': String(m.id),
        'x-jiangxin-timestamp': timestamp,
        'x-jiangxin-signature': `hmac-sm3=${signWebhook(this.secret, timestamp, body)}`,
      },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await res.arrayBuffer().catch(() => {});
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  }
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return hmacSm3Hex(secret, `${timestamp}.${body}`);
}

let channels: OutboundChannel[] = [];

/** Set at start (WEBHOOK_URL) or by a test; no channel = no outbox rows. */
export function configureOutboundChannels(list: OutboundChannel[]): void {
  channels = list;
}
export function outboundChannels(): readonly OutboundChannel[] {
  return channels;
}

export const MAX_ATTEMPTS = 8;
/** 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);
}

/**
 * Delivers due outbox rows. Rows are leased first (a compare-and-set that moves their next
 * attempt forward, FOR UPDATE SKIP LOCKED), then sent outside any transaction, so two
 * processes never send one row at the same time and no lock is held across the network.
 */
export async function deliverOutbox(
  db: Db,
  clock: Clock,
  limit = 20,
): Promise<{ sent: number; failed: number }> {
  if (!channels.length) return { sent: 0, failed: 0 };
  const now = clock.now();
  const lease = new Date(now.getTime() + 60_000);
  const names = channels.map((c) => c.name);
  const leased = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: notificationOutbox.id })
      .from(notificationOutbox)
      .where(
        and(
          eq(notificationOutbox.state, 'pending'),
          lte(notificationOutbox.nextAttemptAt, now),
          inArray(notificationOutbox.channel, names),
        ),
      )
      .orderBy(notificationOutbox.nextAttemptAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(notificationOutbox)
      .set({ nextAttemptAt: lease, attempts: sql`${notificationOutbox.attempts} + 1` })
      .where(
        inArray(
          notificationOutbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  let sent = 0;
  let failed = 0;
  for (const row of leased) {
    const channel = channels.find((c) => c.name === row.channel);
    try {
      await channel!.send({ id: row.id, event: row.event, payload: row.payload });
      await db
        .update(notificationOutbox)
        .set({ state: 'sent', sentAt: clock.now(), lastError: null })
        .where(eq(notificationOutbox.id, row.id));
      sent++;
    } catch (err) {
      failed++;
      const gaveUp = row.attempts >= MAX_ATTEMPTS;
      await db
        .update(notificationOutbox)
        .set({
          state: gaveUp ? 'failed' : 'pending',
          lastError: (err instanceof Error ? err.message : String(err)).slice(0, 500),
          nextAttemptAt: new Date(clock.now().getTime() + backoffMs(row.attempts)),
        })
        .where(eq(notificationOutbox.id, row.id));
    }
  }
  return { sent, failed };
}
