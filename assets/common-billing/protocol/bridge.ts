import { Type, type Static } from 'typebox';
import { ProductType } from './common';
import { Receipt } from './receipts';

/**
 * Native bridge protocol (DESIGN.md §5). One event name each way over
 * `native.jsbBridgeWrapper`, JSON strings only. The Java dispatcher and the ObjC++ bridge
 * speak exactly these messages; transcripts under `tests/fixtures/bridge/` hold both sides to them.
 */
export const BRIDGE_REQUEST_EVENT = 'commonbilling:request';
export const BRIDGE_RESPONSE_EVENT = 'commonbilling:response';
export const BRIDGE_EVENT_EVENT = 'commonbilling:event';

export const BridgeError = Type.Object({
  code: Type.String({ description: 'A code of the shared error catalog' }),
  message: Type.String(),
  retryable: Type.Optional(Type.Boolean()),
  nativeCode: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
});
export type BridgeError = Static<typeof BridgeError>;

/** A purchase as a native store reports it. `nativeState` is the store's own value. */
export const NativePurchase = Type.Object({
  productId: Type.String(),
  transactionId: Type.String({ description: 'Google orderId, ONE store purchaseId, Apple transactionId' }),
  purchaseToken: Type.String({ description: 'Token used to consume/acknowledge; Apple: the transactionId' }),
  nativeState: Type.Union([Type.Integer(), Type.String()]),
  quantity: Type.Integer({ minimum: 1 }),
  acknowledged: Type.Boolean(),
  purchaseTime: Type.Number(),
  developerPayload: Type.Optional(Type.String()),
  accountId: Type.Optional(Type.String()),
  profileId: Type.Optional(Type.String()),
  appAccountToken: Type.Optional(Type.String()),
  /**
   * Subscriptions: the store's id of the whole subscription, stable across renewals (Apple
   * `Transaction.originalID`). A transaction whose id differs from it is a renewal or a change
   * within the group, not a first purchase.
   */
  originalTransactionId: Type.Optional(Type.String()),
  receipt: Receipt,
});
export type NativePurchase = Static<typeof NativePurchase>;

/** One pricing phase of a subscription offer (Play `PricingPhase`, StoreKit `SubscriptionOffer` / `SubscriptionPeriod`). */
export const NativePricingPhase = Type.Object({
  formattedPrice: Type.String(),
  priceMicros: Type.Integer(),
  currency: Type.String(),
  /** ISO-8601 duration of one billing period: P1W, P1M, P1Y. */
  billingPeriod: Type.String(),
  /** How many periods the phase lasts; 0: it recurs until canceled (the base price). */
  cycles: Type.Integer({ minimum: 0 }),
});
export type NativePricingPhase = Static<typeof NativePricingPhase>;

/**
 * One way to subscribe, as the store lists it: Play a base plan (`offerId` null) or an offer on
 * it; StoreKit the product's own price (`offerId` null), its introductory offer, or a promotional
 * offer. The store's purchase token of an offer stays on the native side (the bridge picks it).
 */
export const NativeSubscriptionOffer = Type.Object({
  offerId: Type.Union([Type.String(), Type.Null()]),
  /** Google Play: the base plan the offer belongs to. */
  basePlanId: Type.Optional(Type.String()),
  kind: Type.Union([Type.Literal('base'), Type.Literal('introductory'), Type.Literal('promotional'), Type.Literal('offer')]),
  /** The phases in order; the last one is the recurring price. */
  pricingPhases: Type.Array(NativePricingPhase),
  /** The first phase is free (Play: a phase priced 0; StoreKit: `paymentMode == .freeTrial`). */
  freeTrial: Type.Boolean(),
  /** StoreKit: `isEligibleForIntroOffer` for an introductory offer; absent: the store decides at purchase. */
  eligible: Type.Optional(Type.Boolean()),
});
export type NativeSubscriptionOffer = Static<typeof NativeSubscriptionOffer>;

export const NativeProduct = Type.Object({
  productId: Type.String(),
  type: ProductType,
  title: Type.String(),
  description: Type.String(),
  formattedPrice: Type.String(),
  priceMicros: Type.Integer(),
  currency: Type.String(),
  /** Subscriptions: the store's offers. */
  subscriptionOffers: Type.Optional(Type.Array(NativeSubscriptionOffer)),
  /** StoreKit: `subscriptionGroupID` (changing within a group is an upgrade, downgrade or crossgrade). */
  subscriptionGroup: Type.Optional(Type.String()),
});
export type NativeProduct = Static<typeof NativeProduct>;

const NoResult = Type.Object({});

/**
 * Play Billing `SubscriptionUpdateParams.ReplacementMode` (WITH_TIME_PRORATION 1, CHARGE_PRORATED_PRICE 2,
 * WITHOUT_PRORATION 3, CHARGE_FULL_PRICE 5, DEFERRED 6); ONE store `PurchaseFlowParams.ProrationMode`
 * has the same names except CHARGE_FULL_PRICE (1, 2, 3, DEFERRED 4).
 */
export const ReplacementMode = Type.Union([
  Type.Literal('with-time-proration'),
  Type.Literal('charge-prorated-price'),
  Type.Literal('charge-full-price'),
  Type.Literal('without-proration'),
  Type.Literal('deferred'),
]);
export type ReplacementMode = Static<typeof ReplacementMode>;

/** A StoreKit promotional offer signed by the server (Product.PurchaseOption.promotionalOffer). */
export const SignedPromotionalOffer = Type.Object({
  offerId: Type.String(),
  keyId: Type.String(),
  /** A lowercase UUID. */
  nonce: Type.String(),
  /** base64 ECDSA signature. */
  signature: Type.String(),
  /** Milliseconds since the epoch, as signed. */
  timestamp: Type.Integer(),
});
export type SignedPromotionalOffer = Static<typeof SignedPromotionalOffer>;

/**
 * The market public key as the editor sealed it (protocol/market-key.ts) with what opens it:
 * the data key from login and the AAD parts. Only Android's bridge opens it (javax.crypto
 * AES/GCM); the script side never holds the plain key.
 */
export const SealedMarketKey = Type.Object({
  sealed: Type.String({ description: 'cbk1.<nonce>.<ciphertext+tag>' }),
  dataKey: Type.String({ description: 'base64 AES-256 data key from the login session' }),
  appKey: Type.String(),
  market: Type.String({ description: 'The market id the key was sealed for (AAD)' }),
});
export type SealedMarketKey = Static<typeof SealedMarketKey>;

/** Every method: its params and its result. */
export const BridgeMethods = {
  connect: {
    params: Type.Object({ market: Type.String(), marketKey: Type.Optional(SealedMarketKey) }),
    /** `keyCheck: false`: connected without the on-device signature pre-check (Google Play without a key). */
    result: Type.Object({ connected: Type.Boolean(), keyCheck: Type.Optional(Type.Boolean()) }),
  },
  queryProducts: {
    params: Type.Object({ productIds: Type.Array(Type.String()), type: ProductType }),
    result: Type.Object({ products: Type.Array(NativeProduct) }),
  },
  launchPurchase: {
    params: Type.Object({
      productId: Type.String(),
      type: ProductType,
      quantity: Type.Integer({ minimum: 1 }),
      accountId: Type.String(),
      profileId: Type.String(),
      developerPayload: Type.String(),
      appAccountToken: Type.String({ description: 'App Store: a UUID (anything else is BAD_REQUEST); other markets: empty' }),
      offerId: Type.Optional(Type.String({ description: 'Google Play: the one-time offer, purchase option or subscription offer to buy; absent: the base option or plan' })),
      basePlanId: Type.Optional(Type.String({ description: 'Google Play: the base plan the offer (or the base plan itself) belongs to' })),
      promotionalOffer: Type.Optional(SignedPromotionalOffer),
      /**
       * Upgrade / downgrade: Google Play and ONE store replace the subscription bought with this token;
       * StoreKit ignores it (a purchase within the subscription group is the change).
       */
      replace: Type.Optional(Type.Object({ purchaseToken: Type.String(), mode: ReplacementMode })),
    }),
    /** Purchases may also (or only) arrive through the `purchasesUpdated` event. */
    result: Type.Object({ purchases: Type.Array(NativePurchase) }),
  },
  queryPurchases: {
    /**
     * `sync`: an explicit restore; the App Store runs AppStore.sync() first (it may ask the player
     * to sign in). iOS lists unfinished transactions and current entitlements (finished ones with
     * `acknowledged: true`); Android ignores `sync`.
     */
    params: Type.Object({ type: ProductType, sync: Type.Optional(Type.Boolean()) }),
    result: Type.Object({ purchases: Type.Array(NativePurchase) }),
  },
  consume: { params: Type.Object({ purchaseToken: Type.String() }), result: NoResult },
  acknowledge: { params: Type.Object({ purchaseToken: Type.String() }), result: NoResult },
  finish: { params: Type.Object({ transactionId: Type.String() }), result: NoResult },
  /**
   * Opens the store's subscription management (Play's subscriptions page for the app, ONE store's
   * management screen, StoreKit's showManageSubscriptions); `productId`: that subscription's page where the store has one.
   */
  manageSubscriptions: { params: Type.Object({ productId: Type.Optional(Type.String()) }), result: NoResult },
} as const;

export type BridgeMethod = keyof typeof BridgeMethods;
export type BridgeParams<M extends BridgeMethod> = Static<(typeof BridgeMethods)[M]['params']>;
export type BridgeResult<M extends BridgeMethod> = Static<(typeof BridgeMethods)[M]['result']>;

export interface BridgeRequest<M extends BridgeMethod = BridgeMethod> {
  id: string;
  method: M;
  params: BridgeParams<M>;
}

export type BridgeResponse =
  | { id: string; ok: true; result: unknown }
  | { id: string; ok: false; error: BridgeError };

export const PurchasesUpdatedEvent = Type.Object({
  type: Type.Literal('purchasesUpdated'),
  purchases: Type.Array(NativePurchase),
  /** Set when the store reported an error for the purchase flow (e.g. user canceled). */
  error: Type.Optional(BridgeError),
});
export type PurchasesUpdatedEvent = Static<typeof PurchasesUpdatedEvent>;

export const BridgeEvent = PurchasesUpdatedEvent;
export type BridgeEvent = Static<typeof BridgeEvent>;
