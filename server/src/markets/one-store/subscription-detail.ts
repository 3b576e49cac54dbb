import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { SubscriptionSnapshot, SubscriptionState } from '../../subscriptions/types';
import { compact, optionalInteger, optionalString } from '../shared/fields';
import { addPeriod, parsePeriod } from '../../subscriptions/period';
import { ONE_STORE_MARKET_ID } from './config';

/**
 * ONE store's subscription detail (server API V7 `getSubscriptionDetail`), as far as the public
 * documentation shows it. CONFIRMED in ONE store developer guide v21 "Subscriptions"
 * (onestore-dev.gitbook.io/dev/eng/tools/tools/v21/subscriptions, status table):
 * `expiryTimeMillis`, `autoRenewing`, `acknowledgementState`, and the states they tell apart —
 * subscribed (future, true), canceled (future, false), grace (future, true), on hold (ended,
 * true), paused (ended, true), expired (ended, false).
 *
 * UNCONFIRMED (the guide's resource examples were not in the copies we could read; the guide's
 * table and its notification names follow Google Play's v1 SubscriptionPurchase, so these do
 * too): `startTimeMillis`, `paymentState` (0 pending = the renewal failed, 1 received, 2 free
 * trial) which tells grace / hold from subscribed / paused, `autoResumeTimeMillis` (set while
 * paused), `purchaseState` (0 / 1 cancel / 2 refund, as the in-app detail) for a revoked one,
 * `lastPurchaseId` (the renewal's purchase id), `price` (a decimal string, as PNS),
 * `priceCurrencyCode`, and `linkedPurchaseToken` (the subscription a product conversion
 * replaced). A missing unconfirmed field never makes a state worse than the confirmed fields say; a missing confirmed one is refused (fail closed).
 */
export interface OneStoreSubscriptionDetail {
  expiryTimeMillis: number;
  autoRenewing: boolean;
  acknowledged: boolean;
  startTimeMillis?: number;
  paymentState?: number;
  autoResumeTimeMillis?: number;
  purchaseState?: number;
  lastPurchaseId?: string;
  linkedPurchaseToken?: string;
  developerPayload?: string;
  charged?: { priceMicros: number; currency: string };
}

export function parseSubscriptionDetail(body: Record<string, unknown>): OneStoreSubscriptionDetail {
  try {
    const expiry = optionalInteger(body, 'expiryTimeMillis');
    if (expiry === undefined || typeof body.autoRenewing !== 'boolean') throw new Error('expiryTimeMillis or autoRenewing is missing');
    const charged = chargedOf(optionalString(body, 'price'), optionalString(body, 'priceCurrencyCode'));
    const detail: OneStoreSubscriptionDetail = {
      expiryTimeMillis: expiry,
      autoRenewing: body.autoRenewing,
      acknowledged: optionalInteger(body, 'acknowledgementState') === 1,
      ...(charged ? { charged } : {}),
    };
    for (const field of ['startTimeMillis', 'paymentState', 'autoResumeTimeMillis', 'purchaseState'] as const) {
      const v = optionalInteger(body, field);
      if (v !== undefined) detail[field] = v;
    }
    return { ...detail, ...compact({ lastPurchaseId: optionalString(body, 'lastPurchaseId'), linkedPurchaseToken: optionalString(body, 'linkedPurchaseToken'), developerPayload: optionalString(body, 'developerPayload') }) };
  } catch (cause) {
    throw new BillingError('RECEIPT_STORE_REJECTED', 'The store answered a subscription detail we cannot read.', { details: { market: ONE_STORE_MARKET_ID }, cause });
  }
}

/** The states of the guide's table, told apart with the (unconfirmed) payment and pause fields. */
export function stateOf(d: OneStoreSubscriptionDetail, nowMs: number): SubscriptionState {
  if (d.purchaseState === 1 || d.purchaseState === 2) return 'REVOKED';
  const paid = d.expiryTimeMillis > nowMs;
  if (paid) {
    if (!d.autoRenewing) return 'CANCELED_ACTIVE';
    return d.paymentState === 0 ? 'IN_GRACE' : 'ACTIVE';
  }
  if (!d.autoRenewing) return 'EXPIRED';
  if (d.autoResumeTimeMillis !== undefined) return 'PAUSED';
  // Ended but still renewing: on hold while the store retries the payment.
  return 'ON_HOLD';
}

export function snapshotOfDetail(
  d: OneStoreSubscriptionDetail,
  ref: { chainKey: string; marketProductId: string; period?: string },
  o: { nowMs: number; sandbox: boolean; raw: Record<string, unknown> },
): SubscriptionSnapshot {
  const state = stateOf(d, o.nowMs);
  // The detail names the subscription's start, not the current period's: with the catalog's period
  // the current one starts at the last period boundary before the expiry (revenue per period);
  // without it the subscription's start stands in (the end is what decides access).
  const first = d.startTimeMillis ?? Math.min(o.nowMs, d.expiryTimeMillis);
  const start = ref.period ? currentPeriodStart(first, d.expiryTimeMillis, ref.period) : first;
  return {
    market: ONE_STORE_MARKET_ID,
    chainKey: ref.chainKey,
    // A product conversion (upgrade / downgrade) is a new token naming the one it replaced.
    ...(d.linkedPurchaseToken && d.linkedPurchaseToken !== ref.chainKey ? { replacesChainKey: d.linkedPurchaseToken } : {}),
    marketProductId: ref.marketProductId,
    state,
    periodStartMs: Math.min(start, d.expiryTimeMillis),
    periodEndMs: d.expiryTimeMillis,
    // In grace the store moves the expiry to the grace end (the guide's table): access lasts until then.
    ...(state === 'IN_GRACE' ? { graceEndMs: d.expiryTimeMillis } : {}),
    ...(state === 'PAUSED' && d.autoResumeTimeMillis !== undefined ? { resumesAtMs: d.autoResumeTimeMillis } : {}),
    autoRenew: d.autoRenewing,
    ...(d.paymentState === 2 ? { offer: { kind: 'free-trial' as const } } : {}),
    ...(d.lastPurchaseId ? { periodTransactionId: d.lastPurchaseId } : {}),
    ...(d.charged ? { charged: d.charged } : {}),
    environment: o.sandbox ? 'sandbox' : 'production',
    test: o.sandbox,
    asOfMs: o.nowMs,
    source: 'store-api',
    binding: compact({ developerPayload: d.developerPayload }),
    raw: o.raw,
  };
}

/** PNS prices are decimal strings in the currency's unit ("1200" KRW); the detail is taken to be alike. */
function chargedOf(price: string | undefined, currency: string | undefined): { priceMicros: number; currency: string } | undefined {
  if (price === undefined || currency === undefined || !/^[A-Z]{3}$/.test(currency) || !/^\d{1,12}(\.\d{1,6})?$/.test(price)) return undefined;
  const [whole, fraction = ''] = price.split('.');
  return { priceMicros: Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0')), currency };
}

/** The last boundary `first + k × period` before `endMs` (renewals on schedule); `first` when the period is unknown. */
function currentPeriodStart(first: number, endMs: number, periodText: string): number {
  const period = parsePeriod(periodText);
  if (!period) return first;
  let start = first;
  // Bounded: a 10-year subscription of weekly periods is ~520 steps.
  for (let k = 1; k <= 1000; k++) {
    const next = addPeriod(first, period, k);
    if (next >= endMs) break;
    start = next;
  }
  return start;
}
