import type { MarketSubscriptions, SubscriptionSnapshot, SubscriptionStoreApi } from '../../subscriptions/types';
import type { MarketContext, VerifiedReceipt } from '../types';
import type { OneStoreApiClient } from './api-client';
import { ONE_STORE_MARKET_ID } from './config';
import { snapshotOfDetail } from './subscription-detail';

/** PurchaseData.recurringState (STORES.md §3.1): -1 not a subscription, 0 renewing, 1 auto-renew off. */
export const RECURRING = { NON_AUTO: -1, RECURRING: 0, CANCELED: 1 } as const;

/** True when the signed PurchaseData is an auto-renewing product (recurringState 0 or 1). */
export function isSubscriptionReceipt(receipt: Pick<VerifiedReceipt, 'decoded'>): boolean {
  const r = receipt.decoded.recurringState;
  return r === RECURRING.RECURRING || r === RECURRING.CANCELED;
}

/**
 * The store's own subscription screen. UNCONFIRMED: the ONE store URL-scheme guide
 * (onestore-dev.gitbook.io/dev/eng/tools/tools/app-links-developer-guide) documents
 * `onestore://common/product/{PID}` and search, not a subscription-management link; the
 * documented way in an app is the SDK's subscription-management call (launchManageSubscription /
 * manageRecurringProductAsync, STORES.md §3.1), which the native bridge prefers. This link names
 * the app and product so the ONE store app can open its subscription menu where it supports it.
 */
export function oneStoreManageUrl(packageName: string, marketProductId: string): string {
  const q = new URLSearchParams({ packageName, productId: marketProductId });
  return `onestore://common/subscription/manage?${q.toString()}`;
}

/**
 * ONE store subscriptions: the signed PurchaseData alone (no period end in it: the catalog's
 * period estimates it), the V7 subscription detail when the app configured the server API, and
 * acknowledge within 3 days through the same `/purchases/all/…/acknowledge` as one-time products.
 */
export function oneStoreSubscriptions(packageName: string, client: OneStoreApiClient | undefined, ctx: Pick<MarketContext, 'now'>): MarketSubscriptions {
  const api: SubscriptionStoreApi | undefined = client && {
    async read(ref) {
      const token = ref.latestToken ?? ref.chainKey;
      const { detail, raw } = await client.getSubscription({ marketProductId: ref.marketProductId, purchaseToken: token });
      return snapshotOfDetail(detail, { chainKey: ref.chainKey, marketProductId: ref.marketProductId, ...(ref.period ? { period: ref.period } : {}) }, { nowMs: ctx.now(), sandbox: client.isSandbox, raw });
    },
    async acknowledge(ref) {
      await client.acknowledge({
        marketProductId: ref.marketProductId, purchaseToken: ref.latestToken ?? ref.chainKey, storeTransactionId: ref.chainKey,
        productType: 'subscription', ...(ref.developerPayload !== undefined ? { developerPayload: ref.developerPayload } : {}),
      });
    },
  };
  return {
    fromReceipt: (receipt, catalog) => snapshotOfReceipt(receipt, catalog.periodMs),
    ...(api ? { api } : {}),
    manageUrl: (marketProductId) => oneStoreManageUrl(packageName, marketProductId),
  };
}

/** The signed PurchaseData as a snapshot: its purchase time starts the period, the catalog's period ends it. */
export function snapshotOfReceipt(receipt: VerifiedReceipt, periodMs: number): SubscriptionSnapshot {
  const autoRenew = receipt.decoded.recurringState !== RECURRING.CANCELED;
  const state = receipt.state === 'CANCELED' ? 'REVOKED' : autoRenew ? 'ACTIVE' : 'CANCELED_ACTIVE';
  return {
    market: ONE_STORE_MARKET_ID,
    // The purchaseToken names the subscription across its renewals (the purchaseId names one charge).
    chainKey: receipt.purchaseToken,
    marketProductId: receipt.marketProductId,
    state,
    periodStartMs: receipt.purchaseTimeMs,
    periodEndMs: receipt.purchaseTimeMs + periodMs,
    periodEndEstimated: true,
    autoRenew,
    periodTransactionId: receipt.storeTransactionId,
    ...(receipt.charged ? { charged: receipt.charged } : {}),
    environment: receipt.environment,
    test: receipt.test,
    asOfMs: receipt.purchaseTimeMs,
    source: 'signed',
    binding: receipt.binding,
    raw: receipt.decoded,
  };
}
