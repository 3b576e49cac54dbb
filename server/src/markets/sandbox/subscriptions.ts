import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { MarketContext, VerifiedReceipt } from '../types';
import type { MarketSubscriptions, SubscriptionSnapshot } from '../../subscriptions/types';
import { SANDBOX_MARKET_ID } from './config';
import { currentRecord } from './subscription-store';
import { snapshotOf } from './subscription-view';

/** Where the web demo lets a player manage the pass (the sandbox store has no app of its own). */
export const SANDBOX_MANAGE_PATH = '/demo/';

/**
 * The sandbox market's subscriptions (issue #16). The first receipt carries the end of the first
 * period on the store's accelerated clock (`expiryTimeMillis`), so `fromReceipt` needs no estimate.
 * The store's "subscription API" is the sandbox store's own records, read in this process.
 */
export function sandboxSubscriptions(ctx: MarketContext): MarketSubscriptions {
  const db = ctx.db;
  return {
    fromReceipt(receipt: VerifiedReceipt, catalog: { periodMs: number }): SubscriptionSnapshot {
      const expiry = receipt.decoded.expiryTimeMillis;
      const carried = typeof expiry === 'number' && Number.isFinite(expiry) && expiry > receipt.purchaseTimeMs;
      return {
        market: SANDBOX_MARKET_ID,
        chainKey: receipt.purchaseToken,
        marketProductId: receipt.marketProductId,
        state: 'ACTIVE',
        periodStartMs: receipt.purchaseTimeMs,
        periodEndMs: carried ? expiry : receipt.purchaseTimeMs + catalog.periodMs,
        ...(carried ? {} : { periodEndEstimated: true }),
        autoRenew: receipt.decoded.autoRenewing !== false,
        periodTransactionId: receipt.storeTransactionId,
        environment: receipt.environment,
        test: receipt.test,
        asOfMs: receipt.purchaseTimeMs,
        source: 'signed',
        binding: receipt.binding,
      };
    },
    ...(db
      ? {
          api: {
            async read(ref) {
              const now = ctx.now();
              const record = await currentRecord(db, ref.chainKey, now);
              if (!record || record.product_id !== ref.marketProductId) {
                throw new BillingError('RECEIPT_STORE_REJECTED', 'The sandbox store has no such subscription.', { details: { market: SANDBOX_MARKET_ID } });
              }
              return snapshotOf(record, now, 'store-api');
            },
          },
        }
      : {}),
    manageUrl: (marketProductId) => `${SANDBOX_MANAGE_PATH}?manage=${encodeURIComponent(marketProductId)}`,
  };
}
