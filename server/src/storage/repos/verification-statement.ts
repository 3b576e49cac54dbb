import { timeOrderedId } from '../time-ordered-id';
import type { SqlExecutor } from '../types';
import { verifiedRow, type VerificationUpdate } from './purchases';
import type { PurchaseRow } from './rows';

/** What the receipt route knows before the write: the reservation the receipt names and the conditions it must meet. */
export interface FirstVerification {
  purchaseId: string;
  appKey: string;
  userKey: string;
  market: string;
  marketProductId: string;
  /** False when a check made outside the database already failed (the statement then changes nothing). */
  allowed: boolean;
  update: VerificationUpdate;
}

export interface FirstVerificationResult {
  /** The reservation as it was before this statement. */
  prior: PurchaseRow;
  /** The row as it is now, when this statement recorded the receipt on it. */
  recorded?: PurchaseRow;
  /** A purchase already holds this store transaction: nothing was changed. */
  storeTransactionTaken: boolean;
  /**
   * How to take the change back (same transaction) if a check of the prior row made afterwards
   * fails. The row is restored only while it is still as this statement left it: an interleaving
   * write of the same batch (`WriteOptions.interleave`) may have recorded another receipt on it
   * since (a PENDING reservation takes its PURCHASED receipt), and that one stands.
   */
  undo(): Promise<void>;
}

/**
 * PostgreSQL: the common receipt — a reservation taking its first receipt — in one statement and
 * so one round trip. It reads the reservation and any purchase holding the store transaction,
 * updates the reservation under every condition the database can check (state, owner, market,
 * product, expiry, and the store transaction not taken), inserts the VERIFIED/PENDING event and
 * returns the reservation as it was. The UPDATE's conditions are on the row itself, so a
 * concurrent change by another instance is re-checked on the latest row (READ COMMITTED). The
 * binding token's MAC covers reservation fields, so it is checked on the returned row; if it
 * fails, `undo` restores the row in the same transaction. Undefined: no such reservation.
 *
 * The owner and product are compared with IS NOT DISTINCT FROM (the columns are NOT NULL, so it
 * means `=`) because `=` on app_key and user_key is an index condition: the generic plan that a
 * named statement settles on then walked `purchases_user_created` (app_key, user_key,
 * created_at, purchase_id) through every purchase of the user instead of seeking the primary
 * key, 2 ms of PostgreSQL CPU per receipt for a player with 10,000 purchases
 * (tests/server/query-plans-postgres.spec.ts).
 */
export async function recordFirstVerification(tx: SqlExecutor, f: FirstVerification, now: number): Promise<FirstVerificationResult | undefined> {
  const u = f.update;
  const eventId = timeOrderedId(now);
  const verifiedAt = u.state === 'VERIFIED' ? now : null;
  const row = await tx.get<PurchaseRow & { cb_updated: number; cb_existing: string | null }>(
    `WITH prior AS (
       SELECT * FROM purchases WHERE purchase_id = ?
     ), existing AS (
       SELECT purchase_id FROM purchases WHERE store_transaction_id = ? AND market = ?
     ), updated AS (
       UPDATE purchases SET state = ?, store_transaction_id = ?, purchase_token = ?, quantity = ?, environment = ?, test = ?,
         test_unknown = ?, store_finished = ?, purchase_time = ?, decoded = ?, verified_at = COALESCE(?, verified_at), updated_at = ?,
         charged_price_micros = COALESCE(?, (SELECT pr.price_micros FROM products pr WHERE pr.app_key = purchases.app_key AND pr.product_id = purchases.product_id AND pr.currency IS NOT NULL)),
         charged_currency = COALESCE(?, (SELECT pr.currency FROM products pr WHERE pr.app_key = purchases.app_key AND pr.product_id = purchases.product_id AND pr.price_micros IS NOT NULL)),
         price_estimated = ?
       WHERE purchase_id = ? AND state IN ('RESERVED', 'PENDING', 'EXPIRED')
         AND (app_key, user_key, market, market_product_id) IS NOT DISTINCT FROM (?, ?, ?, ?)
         AND expires_at >= ? AND 1 = ? AND NOT EXISTS (SELECT 1 FROM existing)
       RETURNING purchase_id
     ), event AS (
       INSERT INTO purchase_events (event_id, purchase_id, at, type, detail) SELECT ?, purchase_id, ?, ?, ? FROM updated
     )
     SELECT prior.*, (SELECT count(*) FROM updated) AS cb_updated, (SELECT min(purchase_id) FROM existing) AS cb_existing FROM prior`,
    [
      f.purchaseId,
      u.storeTransactionId, f.market,
      u.state, u.storeTransactionId, u.purchaseToken, u.quantity, u.environment, u.test ? 1 : 0,
      u.testUnknown ? 1 : 0, u.storeFinished ? 1 : 0, u.purchaseTime, u.decoded, verifiedAt, now,
      u.charged?.priceMicros ?? null, u.charged?.currency ?? null, u.charged ? 0 : 1,
      f.purchaseId, f.appKey, f.userKey, f.market, f.marketProductId, u.purchaseTime, f.allowed ? 1 : 0,
      eventId, now, u.state, JSON.stringify({ storeTransactionId: u.storeTransactionId, environment: u.environment, test: u.test }),
    ],
  );
  if (!row) return undefined;
  const { cb_updated: updated, cb_existing: existing, ...prior } = row;
  const recorded = Number(updated) === 1 ? verifiedRow(prior, u, verifiedAt ?? prior.verified_at, now) : undefined;
  return {
    prior,
    recorded,
    storeTransactionTaken: existing !== null,
    async undo() {
      if (!recorded) return;
      await tx.run(
        `UPDATE purchases SET state = ?, store_transaction_id = ?, purchase_token = ?, quantity = ?, environment = ?, test = ?,
           test_unknown = ?, store_finished = ?, purchase_time = ?, decoded = ?, verified_at = ?, updated_at = ?,
           charged_price_micros = ?, charged_currency = ?, price_estimated = ?
         WHERE purchase_id = ? AND state = ? AND store_transaction_id = ? AND updated_at = ?`,
        [prior.state, prior.store_transaction_id, prior.purchase_token, prior.quantity, prior.environment, prior.test,
          prior.test_unknown ?? 0, prior.store_finished, prior.purchase_time, prior.decoded, prior.verified_at, prior.updated_at,
          prior.charged_price_micros ?? null, prior.charged_currency ?? null, prior.price_estimated ?? 0,
          prior.purchase_id, u.state, u.storeTransactionId, now],
      );
      await tx.run('DELETE FROM purchase_events WHERE event_id = ?', [eventId]);
    },
  };
}
