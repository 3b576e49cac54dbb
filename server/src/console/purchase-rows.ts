import type { Environment, PurchaseState } from '../../../assets/common-billing/protocol/common';
import type { PurchaseRow } from './api-schemas';

/**
 * The columns every console list selects: the purchase with what the store charged, or else
 * its catalog price (then marked as an estimate).
 */
export const LIST_COLUMNS = `p.purchase_id, p.user_key, p.market, p.product_id, p.market_product_id, p.state, p.environment, p.test,
  p.store_transaction_id, p.purchase_token, p.store_finished, p.delivered_at, p.created_at, p.purchase_time, p.quantity,
  COALESCE(p.charged_price_micros, pr.price_micros) AS price_micros, COALESCE(p.charged_currency, pr.currency) AS currency,
  CASE WHEN p.charged_price_micros IS NULL OR p.price_estimated = 1 THEN 1 ELSE 0 END AS price_estimated, p.test_unknown`;

export const LIST_FROM = 'purchases p LEFT JOIN products pr ON pr.app_key = p.app_key AND pr.product_id = p.product_id';

export interface ListRow {
  purchase_id: string;
  user_key: string;
  market: string;
  product_id: string;
  market_product_id: string;
  state: string;
  environment: string;
  test: number;
  store_transaction_id: string | null;
  purchase_token: string | null;
  store_finished: number;
  delivered_at: number | null;
  created_at: number;
  purchase_time: number | null;
  quantity: number;
  price_micros: number | null;
  currency: string | null;
  price_estimated: number;
  test_unknown: number;
}

export const isoOrNull = (ms: number | null): string | null => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

export function toPurchaseRow(r: ListRow): PurchaseRow {
  return {
    purchaseId: r.purchase_id,
    userKey: r.user_key,
    market: r.market,
    productId: r.product_id,
    state: r.state as PurchaseState,
    environment: r.environment as Environment,
    test: Boolean(Number(r.test)),
    storeTransactionId: r.store_transaction_id,
    storeFinished: Boolean(Number(r.store_finished)),
    deliveredAt: isoOrNull(r.delivered_at),
    amountMicros: r.price_micros === null ? null : Number(r.price_micros) * Number(r.quantity),
    currency: r.currency,
    priceEstimated: Boolean(Number(r.price_estimated)),
    testUnknown: Boolean(Number(r.test_unknown)),
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}
