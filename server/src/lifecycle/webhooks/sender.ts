import { randomUUID } from 'node:crypto';
import type { ServerKeys } from '../../domain/keys';
import type { Metrics } from '../../plugins/metrics';
import type { Database, SqlExecutor } from '../../storage/types';
import type { LifecycleOptions } from '../options';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhook } from './signature';

interface DueEvent {
  event_id: string;
  type: string;
  payload: string;
  attempts: number;
  next_attempt_at: number;
  url: string;
  secret_sealed: string;
  /** When the purchase event it tells about happened (the delivery lag starts there). */
  occurred_at: number | string | null;
}

export interface SenderDeps {
  db: Database;
  keys: ServerKeys;
  now(): number;
  options: LifecycleOptions;
  metrics?: Metrics;
}

/** Exponential backoff: base·2^(n-1), capped. */
export function backoffMs(attempts: number, o: LifecycleOptions['webhooks']): number {
  return Math.min(o.maxBackoffMs, o.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers due webhook events once each per run: claims an event with a compare-and-set on
 * its next attempt time (so a second sender skips it), POSTs it HMAC-signed with the app
 * secret, logs the attempt, and either marks it delivered (2xx) or schedules a retry with
 * backoff; after maxAttempts it is dead (kept, visible in the delivery log). Returns deliveries.
 */
export async function deliverDueWebhooks(deps: SenderDeps): Promise<number> {
  const o = deps.options.webhooks;
  const due = await deps.db.all<DueEvent>(
    `SELECT e.event_id, e.type, e.payload, e.attempts, e.next_attempt_at, w.url, a.secret_sealed,
       COALESCE((SELECT pe.at FROM purchase_events pe WHERE pe.event_id = e.source_event_id),
         (SELECT se.at FROM subscription_events se WHERE se.event_id = e.source_event_id)) AS occurred_at
     FROM lifecycle_webhook_events e
     JOIN lifecycle_webhook_endpoints w ON w.app_key = e.app_key AND w.enabled = 1
     JOIN apps a ON a.app_key = e.app_key
     WHERE e.delivered_at IS NULL AND e.dead_at IS NULL AND e.next_attempt_at <= ?
     ORDER BY e.next_attempt_at, e.created_at LIMIT ?`,
    [deps.now(), o.batch],
  );
  let delivered = 0;
  for (const event of due) {
    const claimed = await deps.db.write((tx) =>
      tx.run('UPDATE lifecycle_webhook_events SET next_attempt_at = ?, attempts = attempts + 1 WHERE event_id = ? AND next_attempt_at = ? AND delivered_at IS NULL', [
        deps.now() + o.timeoutMs * 2,
        event.event_id,
        event.next_attempt_at,
      ]),
    );
    if (claimed.changes !== 1) continue;
    if (await deliverOne(deps, event, event.attempts + 1)) delivered += 1;
  }
  return delivered;
}

async function deliverOne(deps: SenderDeps, event: DueEvent, attempt: number): Promise<boolean> {
  const o = deps.options.webhooks;
  const started = deps.now();
  const wallStart = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const secret = deps.keys.unsealText(event.secret_sealed);
    const response = await deps.options.fetch(event.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [EVENT_ID_HEADER]: event.event_id,
        [EVENT_TYPE_HEADER]: event.type,
        [SIGNATURE_HEADER]: signWebhook(secret, event.payload, started),
      },
      body: event.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    status = response.status;
    await response.arrayBuffer().catch(() => undefined);
  } catch (cause) {
    error = cause instanceof Error ? `${cause.name}: ${cause.message}`.slice(0, 300) : 'request failed';
  }
  const ok = status !== null && status >= 200 && status < 300;
  const now = deps.now();
  const dead = !ok && attempt >= o.maxAttempts;
  await deps.db.write(async (tx) => {
    await tx.run('INSERT INTO lifecycle_webhook_attempts (attempt_id, event_id, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)', [
      randomUUID(), event.event_id, now, status, error, Math.max(0, Date.now() - wallStart),
    ]);
    if (ok) {
      await tx.run('UPDATE lifecycle_webhook_events SET delivered_at = ? WHERE event_id = ?', [now, event.event_id]);
      await stampRedelivery(tx, event.event_id, now);
    } else if (dead) await tx.run('UPDATE lifecycle_webhook_events SET dead_at = ? WHERE event_id = ?', [now, event.event_id]);
    else await tx.run('UPDATE lifecycle_webhook_events SET next_attempt_at = ? WHERE event_id = ?', [now + backoffMs(attempt, o), event.event_id]);
  });
  deps.metrics?.webhookAttempts.inc({ outcome: ok ? 'delivered' : dead ? 'dead' : 'retry' });
  if (ok && event.occurred_at !== null) deps.metrics?.webhookLag.observe(Math.max(0, now - Number(event.occurred_at)) / 1000);
  if (!ok) deps.metrics?.webhookFailures.inc({ reason: status === null ? 'no-answer' : `http-${Math.floor(status / 100)}xx` });
  return ok;
}

/** The console's re-delivery requests wait for this stamp (console_redeliveries, migration 200). */
async function stampRedelivery(tx: SqlExecutor, eventId: string, now: number): Promise<void> {
  await tx.run(
    `UPDATE console_redeliveries SET webhook_sent_at = ? WHERE webhook_sent_at IS NULL AND requested_at <= ? AND purchase_id IN (
       SELECT pe.purchase_id FROM lifecycle_webhook_events e JOIN purchase_events pe ON pe.event_id = e.source_event_id
       WHERE e.event_id = ? AND pe.type = 'CONSOLE_REDELIVER')`,
    [now, now, eventId],
  );
}
