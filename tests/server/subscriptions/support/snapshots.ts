import type { SubscriptionSnapshot } from '../../../../server/src/subscriptions/types';
import { upsertProduct } from '../../../../server/src/storage/repos/products';
import type { Database } from '../../../../server/src/storage/types';
import { TEST_MARKET } from '../../support/test-market';

/**
 * Snapshots as data, the way a market folder would hand them to the core (subscriptions/types.ts).
 * Not a store: a test writes the store's answer it wants the core to see.
 */
export const DAY = 86_400_000;
export const JAN1 = Date.UTC(2026, 0, 1);
export const FEB1 = Date.UTC(2026, 1, 1);
export const MAR1 = Date.UTC(2026, 2, 1);
export const APR1 = Date.UTC(2026, 3, 1);

export const VIP_MONTH = { productId: 'vip_month', marketProductId: 'com.example.vip_month' };
export const VIP_YEAR = { productId: 'vip_year', marketProductId: 'com.example.vip_year' };

/** Adds the two VIP subscription products (one entitlement group) to the harness app's catalog. */
export async function addVipProducts(db: Database, appKey: string, now: number): Promise<void> {
  await db.write(async (tx) => {
    await upsertProduct(tx, appKey, {
      productId: VIP_MONTH.productId, type: 'subscription', title: 'VIP (month)', price: { amountMicros: 4_990_000, currency: 'USD' },
      marketProductIds: { [TEST_MARKET]: VIP_MONTH.marketProductId }, subscription: { group: 'vip', period: 'P1M' },
    }, now);
    await upsertProduct(tx, appKey, {
      productId: VIP_YEAR.productId, type: 'subscription', title: 'VIP (year)', price: { amountMicros: 49_900_000, currency: 'USD' },
      marketProductIds: { [TEST_MARKET]: VIP_YEAR.marketProductId }, subscription: { group: 'vip', period: 'P1Y' },
    }, now);
  });
}

export function snapshot(chainKey: string, over: Partial<SubscriptionSnapshot> = {}): SubscriptionSnapshot {
  return {
    market: TEST_MARKET,
    chainKey,
    marketProductId: VIP_MONTH.marketProductId,
    state: 'ACTIVE',
    periodStartMs: JAN1,
    periodEndMs: FEB1,
    autoRenew: true,
    periodTransactionId: `${chainKey}.0`,
    environment: 'production',
    test: false,
    asOfMs: JAN1,
    source: 'store-api',
    binding: {},
    ...over,
  };
}
