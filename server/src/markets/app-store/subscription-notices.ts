import type { SubscriptionEventType, SubscriptionNotice } from '../../subscriptions/types';
import type { VerifiedAppStoreNotification } from './notification';
import { appleSnapshot, AUTO_RENEWABLE } from './subscription-snapshot';

/**
 * App Store Server Notifications V2 → the core's subscription events. Types and subtypes as
 * Apple lists them (App Store Server Notifications, `notificationType` and `subtype`;
 * app-store-server-library NotificationTypeV2 / Subtype). The state itself comes from the
 * signed transaction + renewal info the notification carries (a snapshot), never from the
 * event name alone.
 */
function eventOf(type: string, subtype: string | undefined): SubscriptionEventType | undefined {
  switch (type) {
    case 'SUBSCRIBED': return 'PURCHASED'; // INITIAL_BUY, RESUBSCRIBE
    case 'DID_RENEW': return subtype === 'BILLING_RECOVERY' ? 'RECOVERED' : 'RENEWED';
    case 'DID_FAIL_TO_RENEW': return subtype === 'GRACE_PERIOD' ? 'GRACE_STARTED' : 'ON_HOLD';
    // Grace ended without a renewal; Apple keeps retrying (billing retry) for up to 60 days.
    case 'GRACE_PERIOD_EXPIRED': return 'ON_HOLD';
    case 'DID_CHANGE_RENEWAL_STATUS': return subtype === 'AUTO_RENEW_ENABLED' ? 'UNCANCELED' : 'CANCELED';
    // UPGRADE (now, a new transaction), DOWNGRADE (at the next renewal), none (back to the current product).
    case 'DID_CHANGE_RENEWAL_PREF': return 'CHANGED';
    case 'OFFER_REDEEMED': return 'OFFER_REDEEMED';
    case 'PRICE_INCREASE': return 'PRICE_CHANGE'; // PENDING, ACCEPTED
    case 'EXPIRED': return 'EXPIRED'; // VOLUNTARY, BILLING_RETRY, PRICE_INCREASE, PRODUCT_NOT_FOR_SALE, none
    case 'REFUND': return 'REVOKED';
    case 'REVOKE': return 'REVOKED'; // Family Sharing access withdrawn
    case 'REFUND_REVERSED': return 'REFUND_REVERSED';
    case 'RENEWAL_EXTENDED': return 'EXTENDED';
    // RENEWAL_EXTENSION is the mass-extension request's outcome: SUMMARY carries no subscription
    // (no transaction, so no notice); FAILURE names one subscription that was NOT extended.
    case 'RENEWAL_EXTENSION': return 'NOTE';
    case 'REFUND_DECLINED': return 'NOTE';
    case 'CONSUMPTION_REQUEST': return 'NOTE';
    default: return undefined;
  }
}

/**
 * The subscription notice of a verified notification whose transaction is an auto-renewable
 * subscription; undefined for one-time products (they stay purchase signals) and for
 * notifications without a transaction. A type Apple adds later that carries a subscription
 * transaction is a NOTE with its snapshot: the timeline records it, the signed state applies.
 */
export function subscriptionNoticeOf(n: VerifiedAppStoreNotification, nowMs: number): SubscriptionNotice | undefined {
  const tx = n.transaction;
  if (!tx || tx.decoded.type !== AUTO_RENEWABLE) return undefined;
  const earlier = isEarlierPeriod(n);
  // A refund of an earlier charge takes nothing away now: a timeline entry, not a revocation.
  const event = earlier ? 'NOTE' : eventOf(n.notificationType, n.subtype) ?? 'NOTE';
  const asOfMs = n.signedDate ?? nowMs;
  const chainKey = typeof tx.decoded.originalTransactionId === 'string' && tx.decoded.originalTransactionId !== '' ? tx.decoded.originalTransactionId : tx.storeTransactionId;
  const snapshot = typeof tx.decoded.expiresDate === 'number' && !earlier
    ? appleSnapshot({ transaction: tx, renewal: n.renewal, status: n.status, asOfMs, nowMs, source: 'signed' })
    : undefined;
  return {
    chainKey,
    latestToken: tx.storeTransactionId,
    marketProductId: tx.marketProductId,
    event,
    storeType: n.subtype ? `${n.notificationType}/${n.subtype}` : n.notificationType,
    eventTimeMs: asOfMs,
    ...(snapshot ? { snapshot } : {}),
  };
}

const REFUND_TYPES = new Set(['REFUND', 'REVOKE', 'REFUND_REVERSED', 'REFUND_DECLINED', 'CONSUMPTION_REQUEST']);

/**
 * A refund of an earlier period (a customer may ask for last month's charge back): the
 * transaction is not the one in force, whose period ends at the renewal info's renewalDate.
 * Its own dates say nothing about the subscription now, so it carries no snapshot.
 */
function isEarlierPeriod(n: VerifiedAppStoreNotification): boolean {
  const expiresDate = n.transaction?.decoded.expiresDate;
  const renewalDate = n.renewal?.renewalDate;
  return REFUND_TYPES.has(n.notificationType) && typeof expiresDate === 'number' && renewalDate !== undefined && expiresDate < renewalDate - 60_000;
}
