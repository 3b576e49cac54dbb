import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { BillingContext } from '../domain/context';
import type { MarketService, StorePurchaseRef, StorePurchaseStatus } from '../markets/types';
import type { PurchaseRow } from '../storage/repos/rows';

export function refOf(row: PurchaseRow): StorePurchaseRef {
  return {
    marketProductId: row.market_product_id,
    purchaseToken: row.purchase_token ?? row.store_transaction_id ?? '',
    storeTransactionId: row.store_transaction_id ?? row.purchase_token ?? '',
    productType: row.product_type,
  };
}

/** The app's market service, or undefined when the market is no longer enabled or configured. */
export async function serviceOf(billing: BillingContext, row: Pick<PurchaseRow, 'app_key' | 'market'>): Promise<MarketService | undefined> {
  try {
    return await billing.markets.serviceFor(billing.db, row.app_key, row.market);
  } catch (error) {
    if (error instanceof BillingError && !error.retryable) return undefined;
    throw error;
  }
}

/**
 * Re-reads a purchase from the store's server API. undefined = the market has no server API
 * (or is not configured). A store that does not know the purchase is a RECEIPT_STORE_REJECTED
 * BillingError; transient failures throw retryable errors for the caller to retry later.
 */
export async function readStore(billing: BillingContext, row: PurchaseRow): Promise<StorePurchaseStatus | undefined> {
  const service = await serviceOf(billing, row);
  if (!service?.storeApi || (!row.purchase_token && !row.store_transaction_id)) return undefined;
  return service.storeApi.getPurchase(refOf(row));
}
