import type { PurchaseState } from '../../../../assets/common-billing/protocol/common';
import { timeOrderedId } from '../time-ordered-id';
import type { SqlExecutor } from '../types';
import type { PurchaseRow } from './rows';

export async function findPurchase(db: SqlExecutor, purchaseId: string): Promise<PurchaseRow | undefined> {
  return db.get<PurchaseRow>('SELECT * FROM purchases WHERE purchase_id = ?', [purchaseId]);
}

export async function findPurchaseByStoreTransaction(db: SqlExecutor, market: string, storeTransactionId: string): Promise<PurchaseRow | undefined> {
  return db.get<PurchaseRow>('SELECT * FROM purchases WHERE market = ? AND store_transaction_id = ?', [market, storeTransactionId]);
}

export interface NewReservation {
  purchaseId: string;
  appKey: string;
  userKey: string;
  market: string;
  productId: string;
  marketProductId: string;
  productType: string;
  quantity: number;
  environment: string;
  expiresAt: number;
  now: number;
}

export async function insertReservation(tx: SqlExecutor, r: NewReservation): Promise<void> {
  await tx.run(
    `INSERT INTO purchases (purchase_id, app_key, user_key, market, product_id, market_product_id, product_type, quantity,
       state, environment, expires_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RESERVED', ?, ?, ?, ?)`,
    [r.purchaseId, r.appKey, r.userKey, r.market, r.productId, r.marketProductId, r.productType, r.quantity, r.environment, r.expiresAt, r.now, r.now],
  );
  await addEvent(tx, r.purchaseId, 'RESERVED', null, r.now);
}

export interface VerificationUpdate {
  state: 'VERIFIED' | 'PENDING';
  storeTransactionId: string;
  purchaseToken: string;
  quantity: number;
  environment: string;
  test: boolean;
  /** The receipt could not tell whether it is a test purchase (Google without the Developer API). */
  testUnknown?: boolean;
  /** What the store charged per unit; absent = the catalog price, marked as an estimate. */
  charged?: { priceMicros: number; currency: string };
  storeFinished: boolean;
  purchaseTime: number;
  decoded: string;
}

/**
 * Records a verified (or pending) store purchase on its reservation and returns the new row.
 * Compare-and-set on the prior state: only a RESERVED, PENDING or EXPIRED row takes a receipt. The unique key on
 * (store_transaction_id, market) refuses a second row for the same store transaction.
 * The row returned is the reservation read in this transaction with the columns this UPDATE set:
 * a second lookup by key cost as much as the UPDATE's own row work. The columns it leaves alone
 * are only ever written on paid rows (delivery, consume, refunds, console), never on a row that
 * still passes the state check, so they are the reservation's.
 */
export async function recordVerification(tx: SqlExecutor, reservation: PurchaseRow, u: VerificationUpdate, now: number): Promise<PurchaseRow | undefined> {
  const verifiedAt = u.state === 'VERIFIED' ? now : reservation.verified_at;
  const updated = await tx.run(
    `UPDATE purchases SET state = ?, store_transaction_id = ?, purchase_token = ?, quantity = ?, environment = ?, test = ?,
       test_unknown = ?, store_finished = ?, purchase_time = ?, decoded = ?, verified_at = ?, updated_at = ?,
       charged_price_micros = COALESCE(?, (SELECT pr.price_micros FROM products pr WHERE pr.app_key = purchases.app_key AND pr.product_id = purchases.product_id AND pr.currency IS NOT NULL)),
       charged_currency = COALESCE(?, (SELECT pr.currency FROM products pr WHERE pr.app_key = purchases.app_key AND pr.product_id = purchases.product_id AND pr.price_micros IS NOT NULL)),
       price_estimated = ?
     WHERE purchase_id = ? AND state IN ('RESERVED', 'PENDING', 'EXPIRED')`,
    [u.state, u.storeTransactionId, u.purchaseToken, u.quantity, u.environment, u.test ? 1 : 0, u.testUnknown ? 1 : 0, u.storeFinished ? 1 : 0,
      u.purchaseTime, u.decoded, verifiedAt, now, u.charged?.priceMicros ?? null, u.charged?.currency ?? null, u.charged ? 0 : 1, reservation.purchase_id],
  );
  if (updated.changes !== 1) return undefined;
  await addEvent(tx, reservation.purchase_id, u.state, JSON.stringify({ storeTransactionId: u.storeTransactionId, environment: u.environment, test: u.test }), now);
  return verifiedRow(reservation, u, verifiedAt, now);
}

/** The reservation as a verification UPDATE leaves it (the answer, without reading the row again). */
export function verifiedRow(reservation: PurchaseRow, u: VerificationUpdate, verifiedAt: number | null, now: number): PurchaseRow {
  return {
    ...reservation,
    state: u.state,
    store_transaction_id: u.storeTransactionId,
    purchase_token: u.purchaseToken,
    quantity: u.quantity,
    environment: u.environment,
    test: u.test ? 1 : 0,
    test_unknown: u.testUnknown ? 1 : 0,
    store_finished: u.storeFinished ? 1 : 0,
    purchase_time: u.purchaseTime,
    decoded: u.decoded,
    verified_at: verifiedAt,
    updated_at: now,
  };
}

/** The first consume wins: VERIFIED → CONSUMED happens once, whoever asks first. */
export async function consumePurchase(tx: SqlExecutor, purchaseId: string, now: number): Promise<boolean> {
  const r = await tx.run(
    `UPDATE purchases SET state = 'CONSUMED', consumed_at = ?, delivered_at = COALESCE(delivered_at, ?), updated_at = ?
     WHERE purchase_id = ? AND state = 'VERIFIED'`,
    [now, now, now, purchaseId],
  );
  if (r.changes === 1) await addEvent(tx, purchaseId, 'CONSUMED', null, now);
  return r.changes === 1;
}

export async function markStoreFinished(tx: SqlExecutor, purchaseId: string, now: number): Promise<boolean> {
  const r = await tx.run(
    `UPDATE purchases SET store_finished = 1, updated_at = ? WHERE purchase_id = ? AND store_finished = 0
       AND state IN ('VERIFIED', 'CONSUMED', 'REVOKED', 'UNCLAIMED')`,
    [now, purchaseId],
  );
  if (r.changes === 1) await addEvent(tx, purchaseId, 'STORE_FINISHED', null, now);
  return r.changes === 1;
}

export async function listUserPurchases(db: SqlExecutor, appKey: string, userKey: string, state?: PurchaseState): Promise<PurchaseRow[]> {
  if (state) {
    return db.all<PurchaseRow>(
      'SELECT * FROM purchases WHERE app_key = ? AND user_key = ? AND state = ? ORDER BY created_at DESC, purchase_id LIMIT 1000',
      [appKey, userKey, state],
    );
  }
  return db.all<PurchaseRow>(
    `SELECT * FROM purchases WHERE app_key = ? AND user_key = ? AND state <> 'RESERVED' AND state <> 'EXPIRED'
     ORDER BY created_at DESC, purchase_id LIMIT 1000`,
    [appKey, userKey],
  );
}

/** Paid but not consumed, consumed but not finished at the store, and pending payments. */
export async function listUnfinished(db: SqlExecutor, appKey: string, userKey: string, market: string): Promise<PurchaseRow[]> {
  return db.all<PurchaseRow>(
    `SELECT * FROM purchases WHERE app_key = ? AND user_key = ? AND market = ?
       AND (state IN ('VERIFIED', 'PENDING') OR (state = 'CONSUMED' AND store_finished = 0))
     ORDER BY created_at, purchase_id LIMIT 200`,
    [appKey, userKey, market],
  );
}

export async function addEvent(tx: SqlExecutor, purchaseId: string, type: string, detail: string | null, now: number): Promise<void> {
  await tx.run('INSERT INTO purchase_events (event_id, purchase_id, at, type, detail) VALUES (?, ?, ?, ?, ?)', [timeOrderedId(now), purchaseId, now, type, detail]);
}

export interface Rejection {
  appKey: string;
  market: string;
  userKey: string;
  purchaseId: string | null;
  storeTransactionId: string | null;
  code: string;
  receiptSha256: string;
  detail: string | null;
}

export async function insertRejection(tx: SqlExecutor, r: Rejection, now: number): Promise<void> {
  await tx.run(
    `INSERT INTO receipt_rejections (rejection_id, app_key, market, user_key, purchase_id, store_transaction_id, code, receipt_sha256, detail, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [timeOrderedId(now), r.appKey, r.market, r.userKey, r.purchaseId, r.storeTransactionId, r.code, r.receiptSha256, r.detail, now],
  );
}
