import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { EntitlementOffer } from '../../../../assets/common-billing/protocol/entitlements';
import type { SubscriptionSnapshot, SubscriptionState } from '../../subscriptions/types';
import { compact } from '../shared/fields';
import { GOOGLE_PLAY_MARKET_ID } from './config';
import type { PlayOrder, SubscriptionPurchaseV2 } from './developer-api';

type LineItem = NonNullable<SubscriptionPurchaseV2['lineItems']>[number];
type Money = { units?: string | null; nanos?: number | null; currencyCode?: string | null };

/**
 * Google Play Developer API `purchases.subscriptionsv2.get` (SubscriptionPurchaseV2, reference:
 * developers.google.com/android-publisher/api-ref/rest/v3/purchases.subscriptionsv2) as the
 * subscription core's snapshot. The answer is the store's truth at the moment of the read
 * (`asOfMs`); nothing here decides what changes, the core does.
 */
export function snapshotOfSubscriptionV2(token: string, s: SubscriptionPurchaseV2, wanted: string | undefined, nowMs: number): SubscriptionSnapshot {
  const item = lineItemOf(s, wanted);
  const expiryMs = timeOf(item.expiryTime);
  if (expiryMs === undefined) throw storeAnswer('The subscription carries no expiryTime.');
  const startMs = timeOf(s.startTime) ?? expiryMs;
  const state = stateOf(s, item, expiryMs, nowMs);
  const plan = item.autoRenewingPlan ?? undefined;
  const offer = offerOf(item);
  const ids = s.externalAccountIdentifiers ?? undefined;
  const price = plan?.recurringPrice ?? undefined;
  const replacement = item.deferredItemReplacement?.productId ?? undefined;
  return {
    market: GOOGLE_PLAY_MARKET_ID,
    chainKey: token,
    ...(s.linkedPurchaseToken ? { replacesChainKey: s.linkedPurchaseToken } : {}),
    marketProductId: item.productId ?? wanted ?? '',
    state,
    periodStartMs: periodStartOf(startMs, expiryMs, item.latestSuccessfulOrderId ?? undefined),
    periodEndMs: expiryMs,
    // In grace the line item's expiryTime is the end of the grace period (the access Play keeps).
    ...(state === 'IN_GRACE' ? { graceEndMs: expiryMs } : {}),
    ...(state === 'PAUSED' && timeOf(s.pausedStateContext?.autoResumeTime) !== undefined ? { resumesAtMs: timeOf(s.pausedStateContext?.autoResumeTime) } : {}),
    autoRenew: plan?.autoRenewEnabled === true,
    ...(replacement && replacement !== item.productId ? { renewsIntoMarketProductId: replacement } : {}),
    ...(offer ? { offer } : {}),
    ...consentOf(plan?.priceChangeDetails?.priceChangeState ?? undefined),
    ...(item.latestSuccessfulOrderId ? { periodTransactionId: item.latestSuccessfulOrderId } : {}),
    // recurringPrice is the base plan's price before discounts: what was charged only when no offer is in force.
    ...(price && !offer && microsOf(price) !== undefined ? { charged: { priceMicros: microsOf(price)!, currency: price.currencyCode! } } : {}),
    environment: 'production',
    test: s.testPurchase !== undefined && s.testPurchase !== null,
    asOfMs: nowMs,
    source: 'store-api',
    binding: compact({
      obfuscatedAccountId: ids?.obfuscatedExternalAccountId ?? undefined,
      obfuscatedProfileId: ids?.obfuscatedExternalProfileId ?? undefined,
    }),
    raw: s as Record<string, unknown>,
  };
}

/**
 * The period's order (Orders API `orders.get` of latestSuccessfulOrderId, reference:
 * developers.google.com/android-publisher/api-ref/rest/v3/orders) says what subscriptionsv2
 * does not: when the period it paid for began (`subscriptionDetails.servicePeriodStartTime`) and
 * what the buyer paid for it (`total`, after discounts, with tax), and whether it was refunded
 * (`state` REFUNDED: an EXPIRED subscription was revoked, not lapsed). The end stays subscriptionsv2's
 * expiryTime: the order's is a snapshot taken when it was charged (accounting only).
 */
export function withOrder(s: SubscriptionSnapshot, order: PlayOrder): SubscriptionSnapshot {
  const line = order.lineItems?.find((l) => l.productId === s.marketProductId) ?? order.lineItems?.[0];
  const startMs = timeOf(line?.subscriptionDetails?.servicePeriodStartTime);
  const total = line?.total ?? undefined;
  const paid = total ? microsOf(total) : undefined;
  // subscriptionsv2 shows a revoked subscription as EXPIRED; its period's order, refunded, tells it from a lapse.
  const revoked = s.state === 'EXPIRED' && order.state === 'REFUNDED';
  return {
    ...s,
    ...(revoked ? { state: 'REVOKED' as const } : {}),
    ...(startMs !== undefined && startMs < s.periodEndMs ? { periodStartMs: startMs } : {}),
    ...(paid !== undefined ? { charged: { priceMicros: paid, currency: total!.currencyCode! } } : {}),
  };
}

/** The line item of the product we track (a purchase with add-ons has several), else the first. */
function lineItemOf(s: SubscriptionPurchaseV2, wanted: string | undefined): LineItem {
  const items = s.lineItems ?? [];
  const item = items.find((i) => i.productId === wanted) ?? items[0];
  if (!item) throw storeAnswer('The subscription has no line items.');
  return item;
}

/**
 * SubscriptionState → ours. ACTIVE with auto-renew off (a prepaid plan, or a cancel the state has
 * not caught up with) is paid to the expiry: CANCELED_ACTIVE. CANCELED is "canceled but not expired
 * yet" by definition; our clock decides past its expiry. PENDING is not paid yet: nothing to
 * decide, ask again later. An unknown future state fails closed.
 */
function stateOf(s: SubscriptionPurchaseV2, item: LineItem, expiryMs: number, nowMs: number): SubscriptionState {
  switch (s.subscriptionState) {
    case 'SUBSCRIPTION_STATE_ACTIVE':
      return item.autoRenewingPlan?.autoRenewEnabled === false || (!item.autoRenewingPlan && item.prepaidPlan) ? 'CANCELED_ACTIVE' : 'ACTIVE';
    case 'SUBSCRIPTION_STATE_IN_GRACE_PERIOD':
      return 'IN_GRACE';
    case 'SUBSCRIPTION_STATE_ON_HOLD':
      return 'ON_HOLD';
    case 'SUBSCRIPTION_STATE_PAUSED':
      return 'PAUSED';
    case 'SUBSCRIPTION_STATE_CANCELED':
      return expiryMs > nowMs ? 'CANCELED_ACTIVE' : 'EXPIRED';
    case 'SUBSCRIPTION_STATE_EXPIRED':
    case 'SUBSCRIPTION_STATE_PENDING_PURCHASE_CANCELED':
      return 'EXPIRED';
    case 'SUBSCRIPTION_STATE_PENDING':
      throw new BillingError('VERIFICATION_RETRYABLE', 'The subscription awaits its first payment.', { details: { market: GOOGLE_PLAY_MARKET_ID, state: s.subscriptionState } });
    default:
      throw storeAnswer('The store reported an unknown subscription state.', { state: s.subscriptionState });
  }
}

/**
 * The offer in force. `offerPhase` (added 2026-01) says which phase the current period is in;
 * without it, an `offerId` (offers have one, base plans do not) is a developer-determined offer.
 */
function offerOf(item: LineItem): EntitlementOffer | undefined {
  const d = item.offerDetails ?? undefined;
  const phase = item.offerPhase ?? undefined;
  const ids = compact({ id: d?.offerId ?? undefined, basePlanId: d?.basePlanId ?? undefined });
  if (phase?.freeTrial) return { kind: 'free-trial', ...ids };
  if (phase?.introductoryPrice) return { kind: 'introductory', ...ids };
  if (phase?.basePrice || phase?.prorationPeriod) return undefined;
  if (d?.offerId) return { kind: 'developer', ...ids };
  return undefined;
}

/** SubscriptionItemPriceChangeDetails.priceChangeState: OUTSTANDING waits for the user; CONFIRMED and APPLIED went through. */
function consentOf(state: string | undefined): Pick<SubscriptionSnapshot, 'priceConsent'> {
  if (state === 'OUTSTANDING') return { priceConsent: 'pending' };
  if (state === 'CONFIRMED' || state === 'APPLIED') return { priceConsent: 'accepted' };
  return {};
}

/**
 * subscriptionsv2 does not say when the current period began (its order does: `withOrder`). The
 * first order (an id without the `..N` renewal suffix) began at `startTime`; without the order,
 * renewal N's start is estimated as an equal share of the time since `startTime`.
 */
function periodStartOf(startMs: number, expiryMs: number, orderId: string | undefined): number {
  const renewal = orderId ? /\.\.(\d+)$/.exec(orderId) : null;
  if (!renewal) return startMs;
  const periods = Number(renewal[1]) + 2;
  return Math.round(expiryMs - (expiryMs - startMs) / periods);
}

/** RFC 3339 (Zulu, up to nine fractional digits) → epoch ms. */
function timeOf(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** google.type.Money (units + nanos) → micros. */
function microsOf(m: Money): number | undefined {
  if (!m.currencyCode) return undefined;
  const units = Number(m.units ?? '0');
  if (!Number.isSafeInteger(units)) return undefined;
  return units * 1_000_000 + Math.trunc((m.nanos ?? 0) / 1000);
}

function storeAnswer(message: string, details: Record<string, unknown> = {}): BillingError {
  return new BillingError('RECEIPT_STORE_REJECTED', message, { details: { market: GOOGLE_PLAY_MARKET_ID, ...details } });
}
