import type { Purchase } from '../../../../assets/common-billing/protocol/api';
import type { Environment, ProductType, PurchaseState } from '../../../../assets/common-billing/protocol/common';

/** A purchases row as both engines return it. */
export interface PurchaseRow {
  purchase_id: string;
  app_key: string;
  user_key: string;
  market: string;
  product_id: string;
  market_product_id: string;
  product_type: string;
  quantity: number;
  state: string;
  store_transaction_id: string | null;
  purchase_token: string | null;
  environment: string;
  test: number;
  store_finished: number;
  delivered_at: number | null;
  consumed_at: number | null;
  verified_at: number | null;
  purchase_time: number | null;
  expires_at: number;
  imported: number;
  decoded: string | null;
  created_at: number;
  updated_at: number;
  /** Columns added by the store-lifecycle migration (100_lifecycle.sql). */
  revoked_at?: number | null;
  revoke_reason?: string | null;
  revoked_from?: string | null;
  stuck_reported_at?: number | null;
  /** Columns added for real store traffic (310_real_store_traffic.sql). */
  charged_price_micros?: number | null;
  charged_currency?: string | null;
  price_estimated?: number;
  test_unknown?: number;
  claim_account?: string | null;
  claimed_at?: number | null;
  watchdog_next_at?: number | null;
  watchdog_attempts?: number;
  watchdog_skip_reason?: string | null;
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();

export function toPurchase(row: PurchaseRow): Purchase {
  return {
    purchaseId: row.purchase_id,
    userKey: row.user_key,
    market: row.market,
    productId: row.product_id,
    marketProductId: row.market_product_id,
    productType: row.product_type as ProductType,
    quantity: Number(row.quantity),
    state: row.state as PurchaseState,
    storeTransactionId: row.store_transaction_id,
    purchaseToken: row.purchase_token,
    environment: row.environment as Environment,
    test: Boolean(Number(row.test)),
    ...(Number(row.test_unknown ?? 0) ? { testUnknown: true } : {}),
    storeFinished: Boolean(Number(row.store_finished)),
    deliveredAt: row.delivered_at === null ? null : iso(row.delivered_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
