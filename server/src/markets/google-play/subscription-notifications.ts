import type { SubscriptionEventType, SubscriptionNotice } from '../../subscriptions/types';

/**
 * RTDN `subscriptionNotification.notificationType` → our event (Real-time developer notifications
 * reference, developer.android.com/google/play/billing/rtdn-reference). The notification only
 * names the token; the state comes from purchases.subscriptionsv2.get (or, without the Developer
 * API, from what the event implies). 14–16 and 21 are not assigned.
 */
export const SUBSCRIPTION_TYPES: Record<number, { name: string; event: SubscriptionEventType }> = {
  1: { name: 'SUBSCRIPTION_RECOVERED', event: 'RECOVERED' }, // from account hold, or resumed from a pause
  2: { name: 'SUBSCRIPTION_RENEWED', event: 'RENEWED' },
  3: { name: 'SUBSCRIPTION_CANCELED', event: 'CANCELED' }, // voluntary or involuntary; paid to the expiry
  4: { name: 'SUBSCRIPTION_PURCHASED', event: 'PURCHASED' },
  5: { name: 'SUBSCRIPTION_ON_HOLD', event: 'ON_HOLD' },
  6: { name: 'SUBSCRIPTION_IN_GRACE_PERIOD', event: 'GRACE_STARTED' },
  7: { name: 'SUBSCRIPTION_RESTARTED', event: 'UNCANCELED' }, // the user restored it before it expired
  8: { name: 'SUBSCRIPTION_PRICE_CHANGE_CONFIRMED', event: 'PRICE_CHANGE' }, // deprecated by Google, still accepted
  9: { name: 'SUBSCRIPTION_DEFERRED', event: 'EXTENDED' }, // the developer moved the renewal later
  10: { name: 'SUBSCRIPTION_PAUSED', event: 'PAUSED' },
  11: { name: 'SUBSCRIPTION_PAUSE_SCHEDULE_CHANGED', event: 'PAUSE_SCHEDULED' },
  12: { name: 'SUBSCRIPTION_REVOKED', event: 'REVOKED' }, // revoked before its expiry (refund): benefits off now
  13: { name: 'SUBSCRIPTION_EXPIRED', event: 'EXPIRED' },
  17: { name: 'SUBSCRIPTION_ITEMS_CHANGED', event: 'CHANGED' }, // add-ons / items of the subscription changed
  18: { name: 'SUBSCRIPTION_CANCELLATION_SCHEDULED', event: 'CANCELED' }, // an installment plan set to end after its commitment
  19: { name: 'SUBSCRIPTION_PRICE_CHANGE_UPDATED', event: 'PRICE_CHANGE' },
  20: { name: 'SUBSCRIPTION_PENDING_PURCHASE_CANCELED', event: 'EXPIRED' }, // a pending first payment never went through
  22: { name: 'SUBSCRIPTION_PRICE_STEP_UP_CONSENT_UPDATED', event: 'PRICE_CHANGE' },
};

/** A subscriptionNotification as our notice; a type Google adds later is a timeline NOTE, never refused. */
export function subscriptionNoticeOf(type: number, purchaseToken: string, eventTimeMs: number, marketProductId?: string): { notice: SubscriptionNotice; known: boolean } {
  const known = SUBSCRIPTION_TYPES[type];
  const notice: SubscriptionNotice = {
    chainKey: purchaseToken,
    event: known?.event ?? 'NOTE',
    storeType: known?.name ?? `SUBSCRIPTION_${type}`,
    eventTimeMs,
    ...(marketProductId ? { marketProductId } : {}),
  };
  return { notice, known: known !== undefined };
}
