import { addEvent, findPurchase } from '../storage/repos/purchases';
import type { PurchaseRow } from '../storage/repos/rows';
import type { SqlExecutor } from '../storage/types';

/**
 * The purchase state changes the store lifecycle makes. Each is one compare-and-set UPDATE
 * (storage/README.md), so a replayed notification or a second server instance changes nothing
 * the second time, plus one purchase event (the console timeline and the webhook outbox read it).
 */

export interface Revocation {
  /** Why, as the store says it: e.g. `google:voidedReason=1`, `apple:REFUND`, `one-store:CANCELED`. */
  reason: string;
  /** When the store revoked it (epoch ms); our clock when the store gives no time. */
  at: number;
  source: 'notification' | 'voided-poll' | 'watchdog' | 'pending-recheck';
}

/** VERIFIED or CONSUMED → REVOKED; counts a refund after delivery against the user. */
export async function revokePurchase(tx: SqlExecutor, purchaseId: string, r: Revocation, now: number): Promise<boolean> {
  const before = await findPurchase(tx, purchaseId);
  if (!before || !['VERIFIED', 'CONSUMED'].includes(before.state)) return false;
  const changed = await tx.run(
    `UPDATE purchases SET state = 'REVOKED', revoked_at = ?, revoke_reason = ?, revoked_from = ?, updated_at = ?
     WHERE purchase_id = ? AND state = ?`,
    [r.at, r.reason, before.state, now, purchaseId, before.state],
  );
  if (changed.changes !== 1) return false;
  const delivered = before.state === 'CONSUMED' || before.delivered_at !== null;
  await addEvent(tx, purchaseId, 'REVOKED', JSON.stringify({ reason: r.reason, from: before.state, source: r.source, revokedAt: r.at, delivered }), now);
  await countRefund(tx, before, delivered, now);
  return true;
}

/** A reversed refund (Apple REFUND_REVERSED): REVOKED → the state it had before. */
export async function restoreRevoked(tx: SqlExecutor, purchaseId: string, reason: string, now: number): Promise<boolean> {
  const before = await findPurchase(tx, purchaseId);
  if (!before || before.state !== 'REVOKED' || !before.revoked_from) return false;
  const changed = await tx.run(
    `UPDATE purchases SET state = revoked_from, revoked_at = NULL, revoke_reason = NULL, revoked_from = NULL, updated_at = ?
     WHERE purchase_id = ? AND state = 'REVOKED'`,
    [now, purchaseId],
  );
  if (changed.changes !== 1) return false;
  await addEvent(tx, purchaseId, 'REFUND_REVERSED', JSON.stringify({ reason, to: before.revoked_from }), now);
  return true;
}

export interface Completion {
  /** The store's order id, once the payment went through (Google gives none while pending). */
  storeTransactionId?: string;
  source: Revocation['source'];
}

/** PENDING → VERIFIED: the store says the slow payment completed. */
export async function completePending(tx: SqlExecutor, purchaseId: string, c: Completion, now: number): Promise<boolean> {
  const changed = await tx.run(
    `UPDATE purchases SET state = 'VERIFIED', verified_at = ?, store_transaction_id = COALESCE(?, store_transaction_id), updated_at = ?
     WHERE purchase_id = ? AND state = 'PENDING'`,
    [now, c.storeTransactionId ?? null, now, purchaseId],
  );
  if (changed.changes !== 1) return false;
  await addEvent(tx, purchaseId, 'VERIFIED', JSON.stringify({ pendingResolved: true, source: c.source }), now);
  return true;
}

/** PENDING → CANCELED: the store says the pending payment was declined or cancelled. */
export async function cancelPending(tx: SqlExecutor, purchaseId: string, reason: string, now: number): Promise<boolean> {
  const changed = await tx.run(
    `UPDATE purchases SET state = 'CANCELED', updated_at = ? WHERE purchase_id = ? AND state = 'PENDING'`,
    [now, purchaseId],
  );
  if (changed.changes !== 1) return false;
  await addEvent(tx, purchaseId, 'CANCELED', JSON.stringify({ pendingResolved: true, reason }), now);
  return true;
}

/** A store event that changes no state but belongs on the timeline (declined refund, consumption request…). */
export async function noteStoreEvent(tx: SqlExecutor, purchaseId: string, type: string, detail: object, now: number): Promise<void> {
  await addEvent(tx, purchaseId, type, JSON.stringify(detail), now);
}

async function countRefund(tx: SqlExecutor, p: PurchaseRow, delivered: boolean, now: number): Promise<void> {
  await tx.run(
    `INSERT INTO lifecycle_user_refunds (app_key, user_key, refunds_after_delivery, refunds_total, last_refund_at) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (app_key, user_key) DO UPDATE SET refunds_after_delivery = lifecycle_user_refunds.refunds_after_delivery + excluded.refunds_after_delivery,
       refunds_total = lifecycle_user_refunds.refunds_total + 1, last_refund_at = excluded.last_refund_at`,
    [p.app_key, p.user_key, delivered ? 1 : 0, now],
  );
}
