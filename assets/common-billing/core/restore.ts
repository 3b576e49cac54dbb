import { BillingError } from '../protocol/error-codes';
import type { StorePurchase } from '../markets/market-adapter';
import type { PurchaseEngine } from './purchase-engine';
import { serverPurchaseToPublic } from './public-purchase';
import type { BillingPurchase } from './types';

/**
 * Owned purchases that are already closed at the store (an acknowledged non-consumable, a
 * subscription): the billing server re-checks each receipt and answers with the same
 * purchase for the same user, so the game can re-grant it idempotently on purchaseId.
 * Nothing is journaled: there is nothing left to finish.
 */
export async function restoreOwned(engine: PurchaseEngine, owned: StorePurchase[]): Promise<BillingPurchase[]> {
  const restored: BillingPurchase[] = [];
  for (const { native } of owned) {
    try {
      const { purchase } = await engine.api.submitReceipt(engine.adapter.id, native.receipt);
      if (purchase.state !== 'VERIFIED' && purchase.state !== 'CONSUMED') continue;
      restored.push(serverPurchaseToPublic(purchase));
    } catch (error) {
      if (error instanceof BillingError && error.retryable) throw error;
      // A receipt the server refuses (revoked, someone else's) is simply not restored.
    }
  }
  return restored;
}
