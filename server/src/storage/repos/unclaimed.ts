import { timeOrderedId } from '../time-ordered-id';
import type { SqlExecutor } from '../types';
import { addEvent } from './purchases';
import type { PurchaseRow } from './rows';

/** A store-confirmed purchase that names no reservation of ours (promo code, store-started, promoted IAP). */
export interface NewUnclaimed {
  appKey: string;
  market: string;
  productId: string;
  marketProductId: string;
  productType: string;
  quantity: number;
  storeTransactionId: string;
  purchaseToken: string;
  environment: string;
  test: boolean;
  testUnknown: boolean;
  storeFinished: boolean;
  purchaseTime: number;
  decoded: string;
  /** The store's account binding ('google:<obfuscatedAccountId>' / 'apple:<appAccountToken>'), if any. */
  claimAccount: string | null;
  chargedPriceMicros: number | null;
  chargedCurrency: string | null;
  priceEstimated: boolean;
  /** What recorded it: a receipt, a notification, the game server. */
  source: string;
}

/**
 * Records the purchase as UNCLAIMED (user_key ''), once per store transaction: a concurrent
 * second insert hits the unique (store_transaction_id, market) key and the caller retries.
 */
export async function insertUnclaimed(tx: SqlExecutor, u: NewUnclaimed, now: number): Promise<PurchaseRow> {
  const purchaseId = timeOrderedId(now);
  await tx.run(
    `INSERT INTO purchases (purchase_id, app_key, user_key, market, product_id, market_product_id, product_type, quantity, state,
       store_transaction_id, purchase_token, environment, test, test_unknown, store_finished, purchase_time, expires_at, decoded,
       claim_account, charged_price_micros, charged_currency, price_estimated, created_at, updated_at)
     VALUES (?, ?, '', ?, ?, ?, ?, ?, 'UNCLAIMED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [purchaseId, u.appKey, u.market, u.productId, u.marketProductId, u.productType, u.quantity, u.storeTransactionId, u.purchaseToken,
      u.environment, u.test ? 1 : 0, u.testUnknown ? 1 : 0, u.storeFinished ? 1 : 0, u.purchaseTime, u.purchaseTime, u.decoded,
      u.claimAccount, u.chargedPriceMicros, u.chargedCurrency, u.priceEstimated ? 1 : 0, now, now],
  );
  await addEvent(tx, purchaseId, 'UNCLAIMED', JSON.stringify({ storeTransactionId: u.storeTransactionId, source: u.source }), now);
  const row = await tx.get<PurchaseRow>('SELECT * FROM purchases WHERE purchase_id = ?', [purchaseId]);
  return row!;
}

/** UNCLAIMED → VERIFIED for `userKey`, exactly once (compare-and-set on the state). */
export async function claimPurchase(tx: SqlExecutor, purchaseId: string, userKey: string, by: string, now: number): Promise<PurchaseRow | undefined> {
  const r = await tx.run(
    `UPDATE purchases SET state = 'VERIFIED', user_key = ?, claimed_at = ?, verified_at = ?, updated_at = ?
     WHERE purchase_id = ? AND state = 'UNCLAIMED'`,
    [userKey, now, now, now, purchaseId],
  );
  if (r.changes !== 1) return undefined;
  await addEvent(tx, purchaseId, 'CLAIMED', JSON.stringify({ by }), now);
  return tx.get<PurchaseRow>('SELECT * FROM purchases WHERE purchase_id = ?', [purchaseId]);
}

export async function listUnclaimed(db: SqlExecutor, limit = 200): Promise<PurchaseRow[]> {
  return db.all<PurchaseRow>(`SELECT * FROM purchases WHERE state = 'UNCLAIMED' ORDER BY created_at, purchase_id LIMIT ?`, [limit]);
}
