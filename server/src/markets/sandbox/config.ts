import { Type, type Static } from 'typebox';

/** The sandbox market's id (a leaf module: the core's sandbox-only policy imports it). */
export const SANDBOX_MARKET_ID = 'sandbox';

/**
 * The sandbox store's accelerated clock for subscriptions (issue #16): one billing period,
 * whatever the catalog says (P1M, P1Y…), lasts `periodMs` of real time; a failed renewal
 * keeps access for `graceMs`, then suspends it for `holdMs` before the subscription expires.
 */
export const SandboxSubscriptionClock = Type.Object({
  periodMs: Type.Integer({ minimum: 1000, maximum: 31 * 86_400_000 }),
  graceMs: Type.Integer({ minimum: 0, maximum: 31 * 86_400_000 }),
  holdMs: Type.Integer({ minimum: 0, maximum: 31 * 86_400_000 }),
}, { additionalProperties: false });
export type SandboxSubscriptionClock = Static<typeof SandboxSubscriptionClock>;

/** A month in a minute: long enough to watch, short enough to see a renewal, grace and expiry in a few minutes. */
export const DEFAULT_SANDBOX_SUBSCRIPTION_CLOCK: SandboxSubscriptionClock = { periodMs: 60_000, graceMs: 30_000, holdMs: 30_000 };

export const SandboxMarketConfig = Type.Object({
  /** PEM (or base64 SPKI) of the per-app sandbox key; the sandbox store signs with its private half. */
  publicKeyPem: Type.String({ minLength: 1 }),
  /** Only the sandbox store that issues receipts needs it; the verifier never reads it. */
  privateKeyPem: Type.Optional(Type.String({ minLength: 1 })),
  packageName: Type.String({ minLength: 1 }),
  /** Subscriptions' accelerated clock; absent = DEFAULT_SANDBOX_SUBSCRIPTION_CLOCK. */
  subscriptionClock: Type.Optional(SandboxSubscriptionClock),
});
