import { createHash } from 'node:crypto';
import type { SubscriptionRow } from '../../storage/repos/subscriptions';
import type { SqlExecutor } from '../../storage/types';
import { subscriptionEntitlements } from '../../subscriptions/entitlements';

export type EntitlementWebhookType =
  | 'entitlement.started'
  | 'entitlement.renewed'
  | 'entitlement.grace_started'
  | 'entitlement.expired'
  | 'entitlement.revoked'
  | 'entitlement.changed';

/** subscription_events types that never become webhooks: timeline notes and bookkeeping. */
const SILENT = ['NOTE', 'UPDATED'];

interface SourceRow extends SubscriptionRow {
  source_event_id: string;
  source_type: string;
  source_at: number | string;
  source_event_time: number | string | null;
  source_from: string | null;
  source_to: string | null;
  source_origin: string;
  source_detail: string | null;
}

/** Which webhook a subscription timeline event is (undefined: none). */
export function entitlementWebhookOf(e: { type: string; from: string | null; to: string | null }): EntitlementWebhookType | undefined {
  if (SILENT.includes(e.type)) return undefined;
  if (e.type === 'STARTED') return 'entitlement.started';
  // Closed by its replacement (upgrade / downgrade): the group goes on under the new subscription.
  if (e.type === 'REPLACED') return 'entitlement.changed';
  if (e.to === 'REVOKED' && e.from !== 'REVOKED') return 'entitlement.revoked';
  if (e.to === 'EXPIRED' && e.from !== 'EXPIRED') return 'entitlement.expired';
  if (e.to === 'IN_GRACE' && e.from !== 'IN_GRACE') return 'entitlement.grace_started';
  if (e.type === 'RENEWED' || e.type === 'RECOVERED') return 'entitlement.renewed';
  // A resubscribe of an ended chain grants again.
  if (e.type === 'PURCHASED') return 'entitlement.started';
  return 'entitlement.changed';
}

/**
 * The subscription timeline is the entitlement webhooks' outbox, exactly as the purchase timeline
 * is the purchase webhooks' (outbox.ts, which calls this only when some endpoint exists): each
 * `subscription_events` row that matters becomes one event under a deterministic id, so instances
 * scanning at once create it once. Same cursor, lookback and limit as the purchase scan.
 */
export async function enqueueEntitlementWebhookEvents(db: SqlExecutor & { write<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> }, now: number, lookbackMs: number, since: number, limit: number): Promise<{ created: number; newestAt: number }> {
  const rows = await db.all<SourceRow>(
    `SELECT s.*, e.event_id AS source_event_id, e.type AS source_type, e.at AS source_at, e.event_time AS source_event_time,
       e.from_state AS source_from, e.to_state AS source_to, e.source AS source_origin, e.detail AS source_detail
     FROM subscription_events e
     JOIN subscriptions s ON s.subscription_id = e.subscription_id
     JOIN lifecycle_webhook_endpoints w ON w.app_key = e.app_key AND w.enabled = 1
     WHERE e.at >= ? AND e.at >= w.created_at AND e.type NOT IN (${SILENT.map(() => '?').join(', ')})
       AND NOT EXISTS (SELECT 1 FROM lifecycle_webhook_events x WHERE x.source_event_id = e.event_id)
     ORDER BY e.at LIMIT ?`,
    [Math.max(now - lookbackMs, since), ...SILENT, limit],
  );
  const newestAt = rows.length < limit ? Math.max(now, since) : rows.reduce((m, r) => Math.max(m, Number(r.source_at)), since);
  if (rows.length === 0) return { created: 0, newestAt };
  const created = await db.write(async (tx) => {
    let created = 0;
    for (const raw of rows) {
      const row = normalize(raw);
      const type = entitlementWebhookOf({ type: raw.source_type, from: raw.source_from, to: raw.source_to });
      if (!type) continue;
      const eventId = entitlementWebhookEventId(raw.source_event_id, type);
      const payload = JSON.stringify({
        id: eventId,
        type,
        occurredAt: new Date(Number(raw.source_at)).toISOString(),
        appKey: row.app_key,
        userKey: row.user_key,
        subscriptionId: row.subscription_id,
        entitlement: subscriptionEntitlements([row], new Map(), now)[0],
        event: {
          type: raw.source_type,
          from: raw.source_from,
          to: raw.source_to,
          source: raw.source_origin,
          storeTime: raw.source_event_time === null ? null : new Date(Number(raw.source_event_time)).toISOString(),
        },
        detail: parseDetail(raw.source_detail),
      });
      const r = await tx.run(
        `INSERT INTO lifecycle_webhook_events (event_id, source_event_id, app_key, purchase_id, type, payload, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
        // The delivery log is per purchase: the purchase that started the subscription, else the subscription id.
        [eventId, raw.source_event_id, row.app_key, row.purchase_id ?? row.subscription_id, type, payload, now, now],
      );
      created += r.changes;
    }
    return created;
  });
  return { created, newestAt };
}

/** Stable per (subscription event, webhook type): the game server dedupes on it. */
export function entitlementWebhookEventId(sourceEventId: string, type: EntitlementWebhookType): string {
  return `evt_${createHash('sha256').update(`${sourceEventId}\n${type}`).digest('base64url').slice(0, 32)}`;
}

/** PostgreSQL returns BIGINT as strings. */
function normalize(r: SourceRow): SubscriptionRow {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    ...r,
    period_start: Number(r.period_start), period_end: Number(r.period_end), period_end_estimated: Number(r.period_end_estimated),
    grace_end: n(r.grace_end), resumes_at: n(r.resumes_at), auto_renew: Number(r.auto_renew), test: Number(r.test), store_as_of: Number(r.store_as_of),
    next_check_at: n(r.next_check_at), revoked_at: n(r.revoked_at), revision: Number(r.revision), created_at: Number(r.created_at), updated_at: Number(r.updated_at),
  };
}

function parseDetail(detail: string | null): unknown {
  if (detail === null) return null;
  try {
    return JSON.parse(detail) as unknown;
  } catch {
    return null;
  }
}
