import type { ProductType } from '../protocol/common';
import { BillingError } from '../protocol/error-codes';
import { storeTransactionId, type StorePurchase } from '../markets/market-adapter';
import type { JournalEntry } from './journal-entry';
import type { PurchaseEngine } from './purchase-engine';
import { adoptedEntry } from './store-match';

type StoreRef = { purchaseToken: string; transactionId: string };

/**
 * A paid or pending store purchase we have no entry for: adopt it (journal first). One
 * that this device already delivered and finished (a store list fetched just before the
 * finish, a repeated callback) is not adopted: it is only closed at the store again.
 * @returns the new entry, or null for a purchase finished before.
 */
export async function adoptStorePurchase(engine: PurchaseEngine, purchase: StorePurchase): Promise<JournalEntry | null> {
  const { native, state } = purchase;
  const tx = storeTransactionId(native);
  const product = engine.products.find((p) => p.marketProductId === native.productId);
  const ref = { purchaseToken: native.purchaseToken, transactionId: tx };
  if (engine.journal.wasFinished(engine.adapter.id, tx)) {
    // Without its product type the finish method is unknown (consuming a non-consumable would lose it).
    if (state === 'PAID' && product) await finishAgain(engine, ref, product.type);
    return null;
  }
  if (state === 'PAID' && product?.type === 'subscription' && engine.adapter.definition.isRenewal?.(native)) {
    await renewed(engine, purchase, ref);
    return null;
  }
  return engine.journal.create(adoptedEntry(purchase, engine.userKey, engine.adapter.id, product));
}

/**
 * A renewal (or a change made outside the game) the store hands the device: the server records
 * it on the subscription the first purchase started, then it is closed at the store. The game
 * delivered that subscription once and is not called again (getEntitlements() says until when).
 * Nothing is journaled: until it is closed the store hands it again, and the server is idempotent.
 */
async function renewed(engine: PurchaseEngine, purchase: StorePurchase, ref: StoreRef): Promise<void> {
  try {
    await engine.api.submitReceipt(engine.adapter.id, purchase.native.receipt);
  } catch (error) {
    // Kept open for the next report; a receipt the server refuses for good is closed all the same.
    if (BillingError.from(error, 'INTERNAL').retryable) return;
  }
  if (!purchase.native.acknowledged) await finishAgain(engine, ref, 'subscription');
}

/** Closing again at the store is idempotent; a failure waits for the next report of the purchase. */
async function finishAgain(engine: PurchaseEngine, ref: StoreRef, type: ProductType): Promise<void> {
  try {
    await engine.adapter.finish(ref, type);
  } catch (error) {
    engine.log.warn('closing a finished purchase again failed', { code: (error as BillingError).code });
  }
}
