import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { MarketSubscriptions, SubscriptionRef, SubscriptionSnapshot, SubscriptionStoreApi } from '../../subscriptions/types';
import type { MarketContext, VerifiedReceipt } from '../types';
import { malformed } from '../shared/signed-json';
import { APP_STORE_MARKET_ID, type AppStoreConfig } from './config';
import type { StoreKitJwsVerifier } from './jws-verifier';
import { verifyRenewalInfo } from './renewal-info';
import type { AppStoreServerApi } from './server-api';
import { APPLE_MANAGE_SUBSCRIPTIONS_URL, appleSnapshot } from './subscription-snapshot';
import { toVerifiedTransaction } from './transaction';

/**
 * App Store subscriptions (issue #16). A receipt is a verified JWSTransaction: its
 * `expiresDate` is the real end of the period, so nothing is estimated. With the App Store
 * Server API key configured, `api.read` asks Get All Subscription Statuses and verifies every
 * signed member with the same chain verifier as receipts.
 */
export function appStoreSubscriptions(
  config: AppStoreConfig,
  jws: StoreKitJwsVerifier,
  storeApi: AppStoreServerApi | undefined,
  ctx: Pick<MarketContext, 'now'>,
): MarketSubscriptions {
  return {
    fromReceipt(receipt: VerifiedReceipt, catalog: { periodMs: number }): SubscriptionSnapshot {
      const d = receipt.decoded;
      const signedDate = typeof d.signedDate === 'number' ? d.signedDate : receipt.purchaseTimeMs;
      // An upgraded transaction was replaced by the upgrade's own at its purchase: what it says is
      // only true until then, so it never outranks a newer statement about the chain.
      const asOfMs = d.isUpgraded === true ? receipt.purchaseTimeMs : signedDate;
      return appleSnapshot({ transaction: receipt, asOfMs, nowMs: ctx.now(), source: 'signed', periodMs: catalog.periodMs });
    },
    ...(storeApi ? { api: statusApi(config, jws, storeApi, ctx) } : {}),
    manageUrl: () => APPLE_MANAGE_SUBSCRIPTIONS_URL,
  };
}

function statusApi(config: AppStoreConfig, jws: StoreKitJwsVerifier, storeApi: AppStoreServerApi, ctx: Pick<MarketContext, 'now'>): SubscriptionStoreApi {
  return {
    /**
     * Get All Subscription Statuses answers every group of the customer; the subscription is the
     * `lastTransactions` item whose originalTransactionId is the chain key (a family-shared
     * purchase of the same group is another item, with another originalTransactionId).
     */
    async read(ref: SubscriptionRef): Promise<SubscriptionSnapshot> {
      const asOfMs = ctx.now();
      const answer = await storeApi.subscriptionStatuses(ref.latestToken ?? ref.chainKey, 'api');
      if (answer.bundleId !== undefined && answer.bundleId !== config.bundleId) {
        throw new BillingError('RECEIPT_PACKAGE_MISMATCH', 'Apple answered for another bundle.', { details: { market: APP_STORE_MARKET_ID } });
      }
      const item = lastTransactionOf(answer, ref.chainKey);
      if (!item) throw new BillingError('RECEIPT_STORE_REJECTED', 'Apple lists no such subscription for this customer.', { details: { market: APP_STORE_MARKET_ID } });
      const transaction = toVerifiedTransaction(jws.verifyAndDecode(item.signedTransactionInfo), config);
      if ((transaction.decoded.originalTransactionId ?? transaction.storeTransactionId) !== ref.chainKey) {
        throw new BillingError('RECEIPT_STORE_REJECTED', 'The store answered with another subscription.', { details: { market: APP_STORE_MARKET_ID } });
      }
      const renewal = item.signedRenewalInfo === undefined ? undefined : verifyRenewalInfo(item.signedRenewalInfo, jws, ref.chainKey, config);
      return appleSnapshot({ transaction, renewal, status: item.status, asOfMs, nowMs: asOfMs, source: 'store-api' });
    },
  };
}

interface LastTransactionsItem {
  status: number;
  signedTransactionInfo: string;
  signedRenewalInfo?: string;
}

/** The StatusResponse's `data[].lastTransactions[]` item for one chain, type-checked. */
function lastTransactionOf(answer: Record<string, unknown>, originalTransactionId: string): LastTransactionsItem | undefined {
  if (!Array.isArray(answer.data)) throw malformed('the subscription statuses have no data');
  for (const group of answer.data as unknown[]) {
    const items = group !== null && typeof group === 'object' ? (group as { lastTransactions?: unknown }).lastTransactions : undefined;
    if (!Array.isArray(items)) continue;
    for (const item of items as unknown[]) {
      if (item === null || typeof item !== 'object') continue;
      const o = item as Record<string, unknown>;
      if (o.originalTransactionId !== originalTransactionId) continue;
      if (typeof o.status !== 'number' || typeof o.signedTransactionInfo !== 'string') throw malformed('a lastTransactions item lacks status or signedTransactionInfo');
      if (o.signedRenewalInfo !== undefined && typeof o.signedRenewalInfo !== 'string') throw malformed('signedRenewalInfo is not a string');
      return { status: o.status, signedTransactionInfo: o.signedTransactionInfo, ...(typeof o.signedRenewalInfo === 'string' ? { signedRenewalInfo: o.signedRenewalInfo } : {}) };
    }
  }
  return undefined;
}
