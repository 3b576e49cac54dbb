import type { Purchase as ServerPurchase } from '../protocol/api';
import type { JournalEntry } from './journal-entry';
import type { BillingPurchase } from './types';

type PurchaseSource = Pick<JournalEntry, 'purchaseId' | 'productId' | 'marketProductId' | 'productType' | 'quantity' | 'market' | 'storeTransactionId' | 'server'>;

/** A journal entry as the game sees it. `purchaseId` is '' only before the server has answered. */
export function toPublicPurchase(entry: PurchaseSource, recovered: boolean): BillingPurchase {
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

/** A purchase only the billing server holds (restore): the same view, always recovered. */
export function serverPurchaseToPublic(purchase: ServerPurchase): BillingPurchase {
  return toPublicPurchase({ ...purchase, server: purchase }, true);
}
