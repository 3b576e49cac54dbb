import type { EntitlementOffer } from '../../../../assets/common-billing/protocol/entitlements';
import type { SubscriptionSnapshot, SubscriptionState } from '../../subscriptions/types';
import type { VerifiedReceipt } from '../types';
import { malformed } from '../shared/signed-json';
import type { RenewalInfo } from './renewal-info';

/** The type Apple gives every transaction of an auto-renewable subscription (JWSTransactionDecodedPayload.type). */
export const AUTO_RENEWABLE = 'Auto-Renewable Subscription';
const NON_RENEWING = 'Non-Renewing Subscription';

/** Where Apple sends a customer to manage or cancel subscriptions (Apple: "Handling subscriptions billing", showManageSubscriptions). */
export const APPLE_MANAGE_SUBSCRIPTIONS_URL = 'https://apps.apple.com/account/subscriptions';

/**
 * Get All Subscription Statuses `status` (App Store Server API, `status` type; the same values
 * appear as `data.status` in App Store Server Notifications V2).
 */
export const APPLE_STATUS = { ACTIVE: 1, EXPIRED: 2, BILLING_RETRY: 3, GRACE_PERIOD: 4, REVOKED: 5 } as const;

export interface SnapshotInput {
  /** The verified signedTransactionInfo, already mapped by toVerifiedTransaction. */
  transaction: VerifiedReceipt;
  renewal?: RenewalInfo;
  /** Apple's status (1–5) when the answer carries one; otherwise it is derived from the transaction and renewal info. */
  status?: number;
  /** When the statement is true: Apple's signedDate, or our clock at an API read. */
  asOfMs: number;
  /** Our clock, to decide whether a period the statement alone describes has ended. */
  nowMs: number;
  source: SubscriptionSnapshot['source'];
  /** The catalog's period, used only when a transaction carries no expiresDate. */
  periodMs?: number;
}

/**
 * One mapping from Apple's signed subscription data (JWSTransactionDecodedPayload +
 * JWSRenewalInfoDecodedPayload + status) to the core's snapshot, used by the receipt, the
 * Server API read and the notifications alike, so all three say the same thing.
 */
export function appleSnapshot(input: SnapshotInput): SubscriptionSnapshot {
  const { transaction, renewal } = input;
  const d = transaction.decoded;
  const originalTransactionId = typeof d.originalTransactionId === 'string' && d.originalTransactionId !== '' ? d.originalTransactionId : transaction.storeTransactionId;
  const expiresDate = typeof d.expiresDate === 'number' ? d.expiresDate : undefined;
  if (expiresDate === undefined && input.periodMs === undefined) throw malformed('the subscription transaction has no expiresDate');
  const periodStartMs = transaction.purchaseTimeMs;
  const periodEndMs = expiresDate ?? periodStartMs + input.periodMs!;
  // Without renewal info (a device receipt alone) Apple has not said auto-renew is off: a new
  // subscription renews unless the customer turns it off, which a notification or read will tell.
  // A non-renewing subscription never renews.
  const autoRenew = d.type === NON_RENEWING ? false : renewal?.autoRenewStatus === undefined ? true : renewal.autoRenewStatus === 1;
  const state = stateOf(input, periodEndMs, autoRenew);
  const offer = offerOf(d);
  const priceConsent = priceConsentOf(renewal);
  const renewsInto = renewal?.autoRenewProductId && renewal.autoRenewProductId !== transaction.marketProductId ? renewal.autoRenewProductId : undefined;
  return {
    market: transaction.market,
    chainKey: originalTransactionId,
    marketProductId: transaction.marketProductId,
    state,
    periodStartMs,
    periodEndMs,
    ...(expiresDate === undefined ? { periodEndEstimated: true } : {}),
    ...(state === 'IN_GRACE' && renewal?.gracePeriodExpiresDate !== undefined ? { graceEndMs: renewal.gracePeriodExpiresDate } : {}),
    autoRenew,
    ...(renewsInto ? { renewsIntoMarketProductId: renewsInto } : {}),
    ...(offer ? { offer } : {}),
    ...(priceConsent ? { priceConsent } : {}),
    periodTransactionId: transaction.storeTransactionId,
    ...(transaction.charged ? { charged: transaction.charged } : {}),
    environment: transaction.environment,
    test: transaction.test,
    asOfMs: input.asOfMs,
    source: input.source,
    binding: transaction.binding,
    raw: { transaction: d, ...(renewal ? { renewalInfo: renewal.raw } : {}), ...(input.status !== undefined ? { status: input.status } : {}) },
  };
}

function stateOf(input: SnapshotInput, periodEndMs: number, autoRenew: boolean): SubscriptionState {
  const { transaction, renewal, status } = input;
  // A non-renewing subscription was never set to renew: paid and not canceled.
  const paid: SubscriptionState = autoRenew || transaction.decoded.type === NON_RENEWING ? 'ACTIVE' : 'CANCELED_ACTIVE';
  switch (status) {
    case APPLE_STATUS.ACTIVE: return paid;
    case APPLE_STATUS.EXPIRED: return 'EXPIRED';
    case APPLE_STATUS.BILLING_RETRY: return 'ON_HOLD';
    case APPLE_STATUS.GRACE_PERIOD: return 'IN_GRACE';
    case APPLE_STATUS.REVOKED: return 'REVOKED';
    default: break;
  }
  // No status (a device receipt, or a notification without data.status): what the signed data says.
  if (typeof transaction.decoded.revocationDate === 'number') return 'REVOKED';
  const at = Math.max(input.nowMs, input.asOfMs);
  if (periodEndMs > at) return paid;
  if (renewal?.gracePeriodExpiresDate !== undefined && renewal.gracePeriodExpiresDate > at) return 'IN_GRACE';
  if (renewal?.isInBillingRetryPeriod === true) return 'ON_HOLD';
  return 'EXPIRED';
}

/**
 * offerType (JWSTransactionDecodedPayload): 1 introductory (a free trial when
 * offerDiscountType is FREE_TRIAL), 2 promotional, 3 offer code, 4 win-back.
 */
function offerOf(d: Record<string, unknown>): EntitlementOffer | undefined {
  // The game sees the id as a printable token; an id outside that is left out, not rewritten.
  const id = typeof d.offerIdentifier === 'string' && /^[\x21-\x7e]{1,256}$/.test(d.offerIdentifier) ? { id: d.offerIdentifier } : {};
  switch (d.offerType) {
    case 1: return { kind: d.offerDiscountType === 'FREE_TRIAL' ? 'free-trial' : 'introductory', ...id };
    case 2: return { kind: 'promotional', ...id };
    case 3: return { kind: 'offer-code', ...id };
    case 4: return { kind: 'win-back', ...id };
    default: return undefined;
  }
}

/** priceIncreaseStatus 0 pending, 1 accepted; expirationIntent 3 = the customer did not consent. */
function priceConsentOf(renewal: RenewalInfo | undefined): SubscriptionSnapshot['priceConsent'] {
  if (renewal?.expirationIntent === 3) return 'declined';
  if (renewal?.priceIncreaseStatus === 0) return 'pending';
  if (renewal?.priceIncreaseStatus === 1) return 'accepted';
  return undefined;
}
