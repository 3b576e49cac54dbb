import type { JournalEntry } from './journal-entry';
import type { BillingPurchase } from './types';

/** The journal entry as the game sees it. `purchaseId` is '' only before the server has answered. */
export function toPublicPurchase(entry: JournalEntry, recovered: boolean): BillingPurchase {
  return {
    purchaseId: entry.purchaseId ?? '',
    productId: entry.productId,
    marketProductId: entry.marketProductId,
    productType: entry.productType,
    quantity: entry.quantity,
    market: entry.market,
    storeTransactionId: entry.storeTransactionId,
    recovered,
    server: entry.server,
  };
}
