import { randomUUID } from 'node:crypto';
import { consumePurchase, findPurchase, insertReservation, markStoreFinished, recordVerification } from '../../../server/src/storage/repos/purchases';
import type { Database } from '../../../server/src/storage/types';
import { APP_KEY } from './console-server';

export interface PaidPurchaseInput {
  userKey?: string;
  market?: string;
  productId?: string;
  productType?: 'consumable' | 'non-consumable' | 'subscription';
  consumed?: boolean;
  storeFinished?: boolean;
  environment?: 'production' | 'sandbox';
  at: number;
  decoded?: Record<string, unknown>;
}

/**
 * A purchase made through the core's own repository functions (reservation → verification →
 * optional consume and store finish), so its events are the ones production writes.
 */
export async function paidPurchase(db: Database, input: PaidPurchaseInput): Promise<{ purchaseId: string; storeTransactionId: string; purchaseToken: string }> {
  const purchaseId = randomUUID();
  const storeTransactionId = `GPA.${randomUUID().slice(0, 18)}`;
  const purchaseToken = `token-${randomUUID()}`;
  const at = input.at;
  await db.write(async (tx) => {
    await insertReservation(tx, {
      purchaseId, appKey: APP_KEY, userKey: input.userKey ?? 'player-1', market: input.market ?? 'google-play', productId: input.productId ?? 'gas',
      marketProductId: `market.${input.productId ?? 'gas'}`, productType: input.productType ?? 'consumable', quantity: 1, environment: input.environment ?? 'production',
      expiresAt: at + 3600_000, now: at,
    });
    await recordVerification(tx, (await findPurchase(tx, purchaseId))!, {
      state: 'VERIFIED', storeTransactionId, purchaseToken, quantity: 1, environment: input.environment ?? 'production', test: false,
      storeFinished: false, purchaseTime: at + 1000,
      decoded: JSON.stringify(input.decoded ?? { orderId: storeTransactionId, purchaseToken, productId: input.productId ?? 'gas', signature: 'c2lnbmF0dXJl' }),
    }, at + 2000);
    if (input.consumed) await consumePurchase(tx, purchaseId, at + 3000);
    if (input.storeFinished) await markStoreFinished(tx, purchaseId, at + 4000);
  });
  return { purchaseId, storeTransactionId, purchaseToken };
}
