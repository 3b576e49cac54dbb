import { Type, type Static } from 'typebox';
import { GameId, PurchaseId, Token } from './common';
import { SignedJsonReceipt } from './receipts';

/**
 * The sandbox store's own API, served by the billing server under `/v1/sandbox` and used by
 * the SDK's sandbox bridge (web, editor preview, tests). It plays the part of a real store:
 * it keeps the store-side record, so a purchase survives the app dying mid-flow.
 */
export const SandboxOutcome = Type.Union([
  Type.Literal('approve'),
  Type.Literal('cancel'),
  Type.Literal('pending'),
  Type.Literal('fail'),
  // The store charges once but reports the purchase to the device twice (a duplicate callback).
  Type.Literal('duplicate'),
]);
export type SandboxOutcome = Static<typeof SandboxOutcome>;

export const SandboxPurchaseBody = Type.Object(
  {
    productId: GameId,
    developerPayload: Type.String({ maxLength: 512 }),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    outcome: SandboxOutcome,
    /** Subscriptions only: how its renewals go (default `renew`); a tester may change it later. */
    script: Type.Optional(Type.Union([Type.Literal('renew'), Type.Literal('fail-recover'), Type.Literal('fail-expire')])),
  },
  { additionalProperties: false },
);
export type SandboxPurchaseBody = Static<typeof SandboxPurchaseBody>;

/** Sandbox store purchase as the sandbox bridge reports it (mirrors a Google-style record). */
export const SandboxStorePurchase = Type.Object({
  orderId: Type.String(),
  purchaseToken: Type.String(),
  productId: GameId,
  state: Type.Union([Type.Literal('purchased'), Type.Literal('pending'), Type.Literal('canceled'), Type.Literal('consumed'), Type.Literal('refunded')]),
  acknowledged: Type.Boolean(),
  developerPayload: Type.String(),
  receipt: SignedJsonReceipt,
});
export type SandboxStorePurchase = Static<typeof SandboxStorePurchase>;

export const SandboxPurchaseResponse = Type.Object({ purchase: Type.Union([SandboxStorePurchase, Type.Null()]) });
export type SandboxPurchaseResponse = Static<typeof SandboxPurchaseResponse>;

export const SandboxTokenParams = Type.Object({ purchaseToken: Token(128, 'The sandbox store\u2019s purchase token (sbx_…)') });
export const SandboxResolveBody = Type.Object({ outcome: Type.Union([Type.Literal('approve'), Type.Literal('decline')]) }, { additionalProperties: false });
/** The store refunds the newest paid purchase of this product (consumed or not), as a refund request would. */
export const SandboxRefundBody = Type.Object({ productId: GameId }, { additionalProperties: false });
export const SandboxPurchasesResponse = Type.Object({ purchases: Type.Array(SandboxStorePurchase) });
export type SandboxPurchasesResponse = Static<typeof SandboxPurchasesResponse>;
/** JSON fields inside a sandbox receipt's signed originalJson. */
export const SandboxReceiptData = Type.Object({
  orderId: Type.String(),
  packageName: Type.String(),
  productId: GameId,
  purchaseTime: Type.Number(),
  purchaseState: Type.Union([Type.Literal(0), Type.Literal(4)]),
  purchaseToken: Type.String(),
  developerPayload: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  purchaseId: Type.Optional(PurchaseId),
  /** Subscriptions: the end of the paid period on the store's accelerated clock, and whether it renews. */
  expiryTimeMillis: Type.Optional(Type.Number()),
  autoRenewing: Type.Optional(Type.Boolean()),
});
export type SandboxReceiptData = Static<typeof SandboxReceiptData>;

/**
 * Sandbox subscriptions (issue #16). The sandbox store runs each subscription on an accelerated
 * clock (one period = `periodMs` of real time, a month in a minute for the demo) and by a script:
 * - `renew`: every renewal is charged.
 * - `fail-recover`: the next renewal fails → grace → the retried charge goes through halfway into grace.
 * - `fail-expire`: the next renewal fails → grace → hold → expired.
 * Actions a tester takes at any time: one of the scripts (`renew` on a failed renewal = the
 * payment is fixed now; on a canceled one = resubscribe), `cancel` (auto-renew off: paid to
 * the period's end, then expired), `refund` (revoked now).
 */
export const SandboxSubscriptionScript = Type.Union([Type.Literal('renew'), Type.Literal('fail-recover'), Type.Literal('fail-expire')]);
export type SandboxSubscriptionScript = Static<typeof SandboxSubscriptionScript>;
export const SandboxSubscriptionAction = Type.Union([SandboxSubscriptionScript, Type.Literal('cancel'), Type.Literal('refund')]);
export type SandboxSubscriptionAction = Static<typeof SandboxSubscriptionAction>;
export const SandboxSubscriptionState = Type.Union([
  Type.Literal('ACTIVE'),
  Type.Literal('IN_GRACE'),
  Type.Literal('ON_HOLD'),
  Type.Literal('CANCELED_ACTIVE'),
  Type.Literal('EXPIRED'),
  Type.Literal('REVOKED'),
]);
export type SandboxSubscriptionState = Static<typeof SandboxSubscriptionState>;

/** A sandbox store subscription as the store's back office shows it (times: the server's clock, epoch ms). */
export const SandboxStoreSubscription = Type.Object({
  purchaseToken: Type.String(),
  productId: GameId,
  state: SandboxSubscriptionState,
  script: SandboxSubscriptionScript,
  autoRenew: Type.Boolean(),
  periodStart: Type.Number(),
  periodEnd: Type.Number(),
  /** End of grace (IN_GRACE) or of the hold (ON_HOLD). */
  retryEnd: Type.Union([Type.Number(), Type.Null()]),
  renewals: Type.Integer(),
  periodMs: Type.Number(),
  /** The store's clock when it answered. */
  now: Type.Number(),
});
export type SandboxStoreSubscription = Static<typeof SandboxStoreSubscription>;
export const SandboxSubscriptionsResponse = Type.Object({ subscriptions: Type.Array(SandboxStoreSubscription) });
export type SandboxSubscriptionsResponse = Static<typeof SandboxSubscriptionsResponse>;
export const SandboxSubscriptionResponse = Type.Object({ subscription: SandboxStoreSubscription });
export type SandboxSubscriptionResponse = Static<typeof SandboxSubscriptionResponse>;
export const SandboxSubscriptionActionBody = Type.Object({ action: SandboxSubscriptionAction }, { additionalProperties: false });
