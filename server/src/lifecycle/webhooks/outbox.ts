import { createHash } from 'node:crypto';
import { toPurchase, type PurchaseRow } from '../../storage/repos/rows';
import type { Database } from '../../storage/types';
import { enqueueEntitlementWebhookEvents } from './entitlement-outbox';

export type WebhookType = 'purchase.verified' | 'purchase.consumed' | 'purchase.revoked' | 'purchase.pending_resolved';

/** purchase_events types (core, console and lifecycle) → the webhook events they mean. */
const BY_EVENT: Record<string, WebhookType[]> = {
  VERIFIED: ['purchase.verified'],
  CONSUMED: ['purchase.consumed'],
  CONSOLE_MARK_DELIVERED: ['purchase.consumed'],
  REVOKED: ['purchase.revoked'],
  CONSOLE_REFUND: ['purchase.revoked'],
  // Support asked for a re-delivery: the purchase is VERIFIED and undelivered again.
  CONSOLE_REDELIVER: ['purchase.verified'],
  // A purchase with no reservation was claimed (device, game server or console): now paid for that user.
  CLAIMED: ['purchase.verified'],
  CANCELED: ['purchase.pending_resolved'],
};

interface SourceRow extends PurchaseRow {
  source_event_id: string;
  source_type: string;
  source_at: number;
  source_detail: string | null;
  had_pending: number;
}

/**
 * The purchase timeline is the outbox: every state change the core, the console or the
 * lifecycle records as a purchase event becomes webhook events for apps with an endpoint.
 * Deriving them here (instead of in each writer) means no writer can forget one. The insert
 * is keyed on a deterministic event id, so instances scanning at once create each event once.
 * `since` (the job's cursor) bounds the scan; events not yet turned into webhook events are
 * found again on the next run, so the caller keeps a safety margin below the newest seen.
 */
export async function enqueueWebhookEvents(db: Database, now: number, lookbackMs: number, since = 0, limit = 500): Promise<{ created: number; newestAt: number }> {
  // No app has an endpoint: nothing to scan (an endpoint created later only gets events from its
  // creation on). Scanning anyway read every event of the lookback window every 15 s, since the
  // cursor never moved without a match: a growing synchronous read on SQLite (issue #20's soak).
  if (!(await db.get('SELECT 1 AS one FROM lifecycle_webhook_endpoints WHERE enabled = 1 LIMIT 1'))) return { created: 0, newestAt: now };
  // Subscriptions (issue #16): the entitlement webhooks come from the subscription timeline the same way.
  const entitlements = await enqueueEntitlementWebhookEvents(db, now, lookbackMs, since, limit);
  const purchases = await enqueuePurchaseWebhookEvents(db, now, lookbackMs, since, limit);
  return { created: purchases.created + entitlements.created, newestAt: Math.min(purchases.newestAt, entitlements.newestAt) };
}

async function enqueuePurchaseWebhookEvents(db: Database, now: number, lookbackMs: number, since: number, limit: number): Promise<{ created: number; newestAt: number }> {
  const types = Object.keys(BY_EVENT);
  const rows = await db.all<SourceRow>(
    `SELECT p.*, e.event_id AS source_event_id, e.type AS source_type, e.at AS source_at, e.detail AS source_detail,
       (SELECT COUNT(*) FROM purchase_events pe WHERE pe.purchase_id = e.purchase_id AND pe.type = 'PENDING') AS had_pending
     FROM purchase_events e
     JOIN purchases p ON p.purchase_id = e.purchase_id
     JOIN lifecycle_webhook_endpoints w ON w.app_key = p.app_key AND w.enabled = 1
     WHERE e.at >= ? AND e.at >= w.created_at AND e.type IN (${types.map(() => '?').join(', ')})
       AND NOT EXISTS (SELECT 1 FROM lifecycle_webhook_events x WHERE x.source_event_id = e.event_id)
     ORDER BY e.at LIMIT ?`,
    [Math.max(now - lookbackMs, since), ...types, limit],
  );
  // Fewer rows than asked for: every event stamped up to `now` was examined, so the cursor moves
  // to `now` (the job re-scans its margin below it for events committed late).
  const newestAt = rows.length < limit ? Math.max(now, since) : rows.reduce((m, r) => Math.max(m, Number(r.source_at)), since);
  if (rows.length === 0) return { created: 0, newestAt };
  const created = await db.write(async (tx) => {
    let created = 0;
    for (const row of rows) {
      for (const type of typesOf(row)) {
        const eventId = webhookEventId(row.source_event_id, type);
        const payload = JSON.stringify({
          id: eventId,
          type,
          occurredAt: new Date(Number(row.source_at)).toISOString(),
          appKey: row.app_key,
          purchase: toPurchase(row),
          detail: parseDetail(row.source_detail),
        });
        const r = await tx.run(
          `INSERT INTO lifecycle_webhook_events (event_id, source_event_id, app_key, purchase_id, type, payload, created_at, next_attempt_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
          [eventId, row.source_event_id, row.app_key, row.purchase_id, type, payload, now, now],
        );
        created += r.changes;
      }
    }
    return created;
  });
  return { created, newestAt };
}

function typesOf(row: SourceRow): WebhookType[] {
  const base = BY_EVENT[row.source_type] ?? [];
  // A verification after a pending payment also resolves the pending purchase.
  if (row.source_type === 'VERIFIED' && Number(row.had_pending) > 0) return [...base, 'purchase.pending_resolved'];
  return base;
}

/** Stable per (purchase event, webhook type): the game server dedupes on it. */
export function webhookEventId(sourceEventId: string, type: WebhookType): string {
  return `evt_${createHash('sha256').update(`${sourceEventId}\n${type}`).digest('base64url').slice(0, 32)}`;
}

function parseDetail(detail: string | null): unknown {
  if (detail === null) return null;
  try {
    return JSON.parse(detail) as unknown;
  } catch {
    return null;
  }
}
