import type { EntitlementOffer, EntitlementState } from '../../../assets/common-billing/protocol/entitlements';
import type { Environment } from '../../../assets/common-billing/protocol/common';
import type { VerifiedReceipt } from '../markets/types';

/**
 * The contract between the subscription core (this folder) and each market folder (issue #16).
 * A market turns what its store says — a receipt, a subscription API answer, a notification —
 * into these shapes; the core alone decides what changes, writes it once and tells the game.
 */

/** A subscription's state as the store reports it (the same names the game sees). */
export type SubscriptionState = EntitlementState;

/** What one store subscription is, at one moment, as the store says it. */
export interface SubscriptionSnapshot {
  market: string;
  /**
   * The store subscription this describes, unique per market and stable across renewals:
   * Apple `originalTransactionId`; Google the `purchaseToken` (a new token on upgrade, downgrade
   * or resubscribe, see `replacesChainKey`); ONE store the subscription's `purchaseToken`.
   */
  chainKey: string;
  /** Google `linkedPurchaseToken`: the subscription this one replaces (closed once, by the core). */
  replacesChainKey?: string;
  /** The product being paid for now (Apple: may differ from the first after a crossgrade). */
  marketProductId: string;
  state: SubscriptionState;
  /** The paid period now in force (epoch ms); `periodEndMs` is the expiry. */
  periodStartMs: number;
  periodEndMs: number;
  /** True when the store did not say when the period ends and the end comes from the catalog's period. */
  periodEndEstimated?: boolean;
  /** When grace (IN_GRACE) or the hold / retry (ON_HOLD) ends, if the store says. */
  graceEndMs?: number;
  /** When a PAUSED subscription resumes, if the store says. */
  resumesAtMs?: number;
  autoRenew: boolean;
  /** The product it renews into when that differs (Apple `autoRenewProductId`, a deferred Play replacement). */
  renewsIntoMarketProductId?: string;
  offer?: EntitlementOffer;
  /** Price-increase consent: Apple `priceIncreaseStatus`, Play `priceChangeState`. */
  priceConsent?: 'pending' | 'accepted' | 'declined';
  /**
   * The store transaction of the current period, one per charge (revenue per period, uniqueness):
   * Apple `transactionId`, Google `latestSuccessfulOrderId` (…..0, …..1 per renewal), ONE store
   * the renewal's order / purchase id. Absent when the store names none (free trial on Play).
   */
  periodTransactionId?: string;
  /** What the store charged for the current period, per unit; absent = unknown. */
  charged?: { priceMicros: number; currency: string };
  environment: Environment;
  test: boolean;
  /**
   * The store time at which this snapshot is true (a subscription API read: our clock at the
   * read; a signed statement: its signedDate / eventTime). The core ignores a snapshot older
   * than the newest one it applied: a late RENEWED after EXPIRED keeps the later truth.
   */
  asOfMs: number;
  /** Where the truth came from: the store's subscription API, or a store-signed receipt/notification alone. */
  source: 'store-api' | 'signed';
  /** The binding the store carries (first purchase → our reservation / player). */
  binding: VerifiedReceipt['binding'];
  /** The store's own answer, kept for audit (no secrets). */
  raw?: Record<string, unknown>;
}

/** How the core finds a subscription at the store. */
export interface SubscriptionRef {
  chainKey: string;
  marketProductId: string;
  /** The newest token or transaction id we know of (Apple: any transactionId of the chain). */
  latestToken?: string;
  /**
   * The catalog's period (ISO 8601, e.g. `P1M`), for a store whose answer names the subscription's
   * start but not the current period's (ONE store): the period start is then the last period
   * boundary before the expiry. Absent when the catalog does not know the product.
   */
  period?: string;
}

/**
 * The store events the lifecycle maps every RTDN / ASSN V2 / SNS type onto. The event names the
 * timeline entry and the webhook; the state comes from the store's answer (or, where the store
 * has no API configured, from the signed snapshot, or from `impliedState` for an authenticated
 * notification that carries neither).
 */
export type SubscriptionEventType =
  | 'PURCHASED' // a new subscription (or a resubscribe)
  | 'RENEWED' // charged for a new period
  | 'RECOVERED' // a failed renewal went through (from grace or hold)
  | 'GRACE_STARTED' // renewal failed, access kept while the store retries
  | 'ON_HOLD' // renewal failed, access suspended while the store retries
  | 'PAUSED'
  | 'PAUSE_SCHEDULED' // pause set for the next renewal (no state change now)
  | 'RESUMED'
  | 'CANCELED' // auto-renew turned off (still paid to the period end)
  | 'UNCANCELED' // auto-renew turned back on
  | 'EXPIRED'
  | 'REVOKED' // refund, chargeback, revoke: benefits off now
  | 'REFUND_REVERSED'
  | 'CHANGED' // upgrade / downgrade / crossgrade, or a change of the product it renews into
  | 'PRICE_CHANGE' // price-increase consent asked or given
  | 'OFFER_REDEEMED'
  | 'EXTENDED' // the store extended the period (Apple RENEWAL_EXTENDED, Play deferral)
  | 'NOTE'; // a timeline entry only (refund declined, consumption request, summary…)

/** A subscription event read from a store notification whose authenticity the parser checked. */
export interface SubscriptionNotice {
  /** Which subscription: Google purchaseToken, Apple originalTransactionId, ONE store purchaseToken. */
  chainKey: string;
  /** Apple: the transactionId the notification carries (a renewal's own transaction). */
  latestToken?: string;
  marketProductId?: string;
  event: SubscriptionEventType;
  /** The store's name of it, e.g. `SUBSCRIPTION_RENEWED`, `DID_FAIL_TO_RENEW/GRACE_PERIOD`. */
  storeType: string;
  /** When the store says it happened (epoch ms). */
  eventTimeMs: number;
  /** A signed statement that is a snapshot on its own (Apple signedTransactionInfo + signedRenewalInfo). */
  snapshot?: SubscriptionSnapshot;
}

/** A market's subscription support, created with its MarketService from the app's configuration. */
export interface MarketSubscriptions {
  /**
   * The snapshot a verified receipt of a subscription product supports on its own (no network):
   * `source: 'signed'`. The catalog's period (`periodMs`) estimates the end when the receipt does
   * not carry it (Google, ONE store); an expiry the receipt carries (Apple) wins.
   */
  fromReceipt(receipt: VerifiedReceipt, catalog: { periodMs: number }): SubscriptionSnapshot;
  /** The store's subscription API; absent when the app did not configure its credentials. */
  api?: SubscriptionStoreApi;
  /** The store's "manage subscription" page for this app and product (deep link / URL). */
  manageUrl(marketProductId: string): string;
}

export interface SubscriptionStoreApi {
  /**
   * The subscription as the store reports it now (`source: 'store-api'`, `asOfMs` = our clock).
   * Throws BillingError VERIFICATION_RETRYABLE on a transient failure, RECEIPT_* when the store
   * says the token is not one of this app's subscriptions.
   */
  read(ref: SubscriptionRef): Promise<SubscriptionSnapshot>;
  /** Google `purchases.subscriptions.acknowledge`, ONE store's acknowledge: the 3-day deadline. */
  acknowledge?(ref: SubscriptionRef & { developerPayload?: string }): Promise<void>;
}
