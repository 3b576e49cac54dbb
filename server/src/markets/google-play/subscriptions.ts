import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { MarketContext, VerifiedReceipt } from '../types';
import type { MarketSubscriptions, SubscriptionRef, SubscriptionSnapshot, SubscriptionStoreApi } from '../../subscriptions/types';
import { GOOGLE_PLAY_MARKET_ID } from './config';
import type { GooglePlayDeveloperApi } from './developer-api';
import { snapshotOfSubscriptionV2, withOrder } from './subscription-snapshot';

/** Play's own subscription center, opened at one subscription (developer.android.com/google/play/billing/subscriptions#deep-link). */
const MANAGE_URL = 'https://play.google.com/store/account/subscriptions';

/**
 * Google Play subscriptions (issue #16): the signed purchase alone, or — when the app configured
 * the Developer API service account — `purchases.subscriptionsv2.get` and
 * `purchases.subscriptions.acknowledge`.
 */
export function googlePlaySubscriptions(packageName: string, api: GooglePlayDeveloperApi | undefined, ctx: Pick<MarketContext, 'now' | 'log'>): MarketSubscriptions {
  return {
    fromReceipt: (receipt, catalog) => snapshotOfReceipt(receipt, catalog.periodMs),
    ...(api ? { api: storeApi(api, ctx) } : {}),
    manageUrl: (marketProductId) => `${MANAGE_URL}?sku=${encodeURIComponent(marketProductId)}&package=${encodeURIComponent(packageName)}`,
  };
}

/**
 * What the signed Purchase JSON says on its own: it is paid (the verifier refused anything else)
 * and whether it renews (`autoRenewing`). It carries no expiry, so the period end is the purchase
 * time plus the catalog's period, flagged as an estimate.
 */
function snapshotOfReceipt(receipt: VerifiedReceipt, periodMs: number): SubscriptionSnapshot {
  const autoRenew = receipt.decoded.autoRenewing !== false;
  return {
    market: GOOGLE_PLAY_MARKET_ID,
    chainKey: receipt.purchaseToken,
    marketProductId: receipt.marketProductId,
    state: autoRenew ? 'ACTIVE' : 'CANCELED_ACTIVE',
    periodStartMs: receipt.purchaseTimeMs,
    periodEndMs: receipt.purchaseTimeMs + periodMs,
    periodEndEstimated: true,
    autoRenew,
    // The signed JSON's orderId is the order of the purchase it was signed for (..N for a renewal).
    ...(typeof receipt.decoded.orderId === 'string' && receipt.decoded.orderId ? { periodTransactionId: receipt.decoded.orderId } : {}),
    environment: receipt.environment,
    test: receipt.test,
    asOfMs: receipt.purchaseTimeMs,
    source: 'signed',
    binding: receipt.binding,
    raw: receipt.decoded,
  };
}

function storeApi(api: GooglePlayDeveloperApi, ctx: Pick<MarketContext, 'now' | 'log'>): SubscriptionStoreApi {
  return {
    async read(ref: SubscriptionRef) {
      // Google's chain key is the purchase token itself; a new token (upgrade, resubscribe) is a new chain.
      const answer = await api.getSubscription(ref.chainKey, 'verify');
      const snapshot = snapshotOfSubscriptionV2(ref.chainKey, answer, ref.marketProductId, ctx.now());
      if (!snapshot.periodTransactionId) return snapshot;
      try {
        return withOrder(snapshot, await api.getOrder(snapshot.periodTransactionId));
      } catch (error) {
        // The Orders API needs the "view financial data" permission: without it (or while it is
        // down) the state is still the store's, only the period's start is estimated.
        if (!(error instanceof BillingError)) throw error;
        ctx.log.warn({ market: GOOGLE_PLAY_MARKET_ID, code: error.code, orderId: snapshot.periodTransactionId }, 'google-play orders.get failed; period start estimated');
        return snapshot;
      }
    },
    async acknowledge(ref) {
      await api.acknowledge({
        marketProductId: ref.marketProductId, purchaseToken: ref.chainKey, storeTransactionId: ref.chainKey, productType: 'subscription',
        ...(ref.developerPayload ? { developerPayload: ref.developerPayload } : {}),
      });
    },
  };
}
