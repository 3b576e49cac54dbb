import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { SqlExecutor } from '../storage/types';
import type { PurchaseDetail, TimelineEntry } from './api-schemas';
import { listAuditFor } from './audit';
import { isoOrNull, LIST_COLUMNS, LIST_FROM, toPurchaseRow, type ListRow } from './purchase-rows';
import { redactStoredReceipt } from './redact';

interface DetailRow extends ListRow {
  app_key: string;
  product_type: string;
  decoded: string | null;
  updated_at: number;
  verified_at: number | null;
  console_redeliver_at: number | null;
  console_refunded_at: number | null;
}

/** Purchase event types (written by the core and the lifecycle code) → timeline kinds. */
function kindOf(type: string): string {
  const t = type.toUpperCase();
  if (t === 'RESERVED' || t === 'EXPIRED') return 'reservation';
  if (t === 'PENDING' || t === 'CANCELED') return 'store-result';
  if (t === 'VERIFIED' || t === 'REJECTED') return 'verification';
  if (t.startsWith('CONSUME')) return 'consume';
  if (t.includes('FINISH') || t.includes('ACKNOWLEDGE')) return 'store-finish';
  if (t.includes('WEBHOOK')) return 'webhook';
  if (t.includes('NOTIFICATION') || t === 'REVOKED' || t.includes('VOID') || t.includes('REFUND')) return 'notification';
  if (t.startsWith('CONSOLE')) return 'console';
  return t.toLowerCase();
}

function parseDetail(text: string | null): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { text };
  }
}

function stringField(obj: Record<string, unknown> | undefined, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = obj?.[key];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** Everything the detail page shows, from the purchase, its events, rejections, notes and audit. */
export async function loadDetail(db: SqlExecutor, purchaseId: string): Promise<Omit<PurchaseDetail, 'actions'>> {
  const row = await db.get<DetailRow>(
    `SELECT ${LIST_COLUMNS}, p.app_key, p.product_type, p.decoded, p.updated_at, p.verified_at, p.console_redeliver_at, p.console_refunded_at
     FROM ${LIST_FROM} WHERE p.purchase_id = ?`,
    [purchaseId],
  );
  if (!row) throw new BillingError('NOT_FOUND', 'No purchase has this id.');
  const [events, rejections, notes, audit, redeliveries, notifications, webhooks] = await Promise.all([
    db.all<{ at: number; type: string; detail: string | null }>('SELECT at, type, detail FROM purchase_events WHERE purchase_id = ? ORDER BY at, event_id', [purchaseId]),
    db.all<{ created_at: number; code: string; detail: string | null }>('SELECT created_at, code, detail FROM receipt_rejections WHERE purchase_id = ? ORDER BY created_at', [purchaseId]),
    db.all<{ created_at: number; author: string; body: string }>('SELECT created_at, author, body FROM console_notes WHERE purchase_id = ? ORDER BY created_at, note_id', [purchaseId]),
    listAuditFor(db, purchaseId),
    db.all<{ webhook_sent_at: number }>('SELECT webhook_sent_at FROM console_redeliveries WHERE purchase_id = ? AND webhook_sent_at IS NOT NULL', [purchaseId]),
    db.all<{ received_at: number; market: string; kind: string | null; status: string; code: string | null }>(
      'SELECT received_at, market, kind, status, code FROM lifecycle_notifications WHERE purchase_id = ? ORDER BY received_at', [purchaseId]),
    db.all<{ created_at: number; type: string; attempts: number; delivered_at: number | null; dead_at: number | null }>(
      'SELECT created_at, type, attempts, delivered_at, dead_at FROM lifecycle_webhook_events WHERE purchase_id = ? ORDER BY created_at', [purchaseId]),
  ]);
  const timeline: TimelineEntry[] = [
    // Console actions appear once, from the audit log (with who and why), not again as events.
    ...events.filter((e) => !e.type.startsWith('CONSOLE_')).map((e) => ({ at: isoOrNull(e.at) ?? '', kind: kindOf(e.type), summary: e.type, details: parseDetail(e.detail) })),
    ...rejections.map((r) => ({ at: isoOrNull(r.created_at) ?? '', kind: 'verification', summary: `REJECTED ${r.code}`, details: parseDetail(r.detail) })),
    ...audit.map((a) => ({ at: a.at, kind: 'console', summary: `${a.action} by ${a.actor}${a.reason ? `: ${a.reason}` : ''}` })),
    ...redeliveries.map((r) => ({ at: isoOrNull(r.webhook_sent_at) ?? '', kind: 'webhook', summary: 'Re-delivery webhook sent' })),
    ...notifications.map((n) => ({ at: isoOrNull(n.received_at) ?? '', kind: 'notification', summary: `${n.market} ${n.kind ?? 'notification'}: ${n.status}${n.code ? ` (${n.code})` : ''}` })),
    ...webhooks.map((w) => ({
      at: isoOrNull(w.delivered_at ?? w.dead_at ?? w.created_at) ?? '',
      kind: 'webhook',
      summary: `${w.type}: ${w.delivered_at !== null ? 'delivered' : w.dead_at !== null ? 'gave up' : 'pending'} after ${Number(w.attempts)} attempt(s)`,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));

  const decoded = parseDetail(row.decoded);
  const paid = row.verified_at !== null;
  const outcome = paid ? 'verified' : row.state === 'PENDING' ? 'pending' : rejections.length ? 'rejected' : 'not-submitted';
  return {
    purchase: {
      ...toPurchaseRow(row),
      appKey: row.app_key,
      productType: row.product_type,
      marketProductId: row.market_product_id,
      purchaseToken: row.purchase_token,
      developerPayload: stringField(decoded, 'developerPayload', 'obfuscatedProfileId', 'appAccountToken'),
      updatedAt: isoOrNull(row.updated_at) ?? '',
      redeliveryRequested: row.console_redeliver_at !== null,
      refundedByHand: row.console_refunded_at !== null,
    },
    verification: { outcome, errorCode: !paid && rejections.length ? rejections[rejections.length - 1]!.code : null },
    receipt: redactStoredReceipt(row.decoded),
    timeline,
    notes: notes.map((n) => ({ at: isoOrNull(n.created_at) ?? '', author: n.author, text: n.body })),
    audit,
  };
}
