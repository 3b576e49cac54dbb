import { Type, type Static } from 'typebox';
import { EntitlementState, EntitlementsResponse } from '../../../assets/common-billing/protocol/entitlements';
import { Environment, MarketId, Token, UserKey } from '../../../assets/common-billing/protocol/common';

/**
 * The console's subscription API (issue #16): a player's entitlements with each subscription's
 * timeline, the subscription search by store chain key, and the subscription counts and revenue.
 * The browser imports the derived types only.
 */

/** The app key, as the admin API spells it (a player is a user key within one app). */
const AppKey = Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });

/** Years 1970–9999, as the payment search's days. */
const Day = Type.String({ pattern: '^(?:19[7-9]\\d|[2-9]\\d{3})-\\d{2}-\\d{2}$', description: 'UTC day, YYYY-MM-DD' });

export const PlayerQuery = Type.Object({ appKey: AppKey, userKey: UserKey }, { additionalProperties: false });
export type PlayerQuery = Static<typeof PlayerQuery>;

/** One store subscription (one chain of renewals) as the core keeps it. */
export const SubscriptionRow = Type.Object({
  subscriptionId: Type.String(),
  appKey: Type.String(),
  userKey: Type.Union([Type.String(), Type.Null()]),
  entitlementGroup: Type.String(),
  productId: Type.String(),
  market: Type.String(),
  marketProductId: Type.String(),
  /** Apple originalTransactionId, Google purchaseToken, ONE store purchaseToken. */
  chainKey: Type.String(),
  /** Google linkedPurchaseToken: the subscription this one replaced. */
  replacesChainKey: Type.Union([Type.String(), Type.Null()]),
  /** The subscription that replaced this one (upgrade, downgrade). */
  replacedBy: Type.Union([Type.String(), Type.Null()]),
  state: EntitlementState,
  periodStart: Type.Union([Type.String(), Type.Null()]),
  periodEnd: Type.Union([Type.String(), Type.Null()]),
  periodEndEstimated: Type.Boolean(),
  autoRenew: Type.Boolean(),
  offer: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  verifiedBy: Type.String({ description: 'store-api or signed' }),
  purchaseId: Type.Union([Type.String(), Type.Null()]),
  environment: Type.Union([Environment, Type.Null()]),
  test: Type.Boolean(),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});
export type SubscriptionRow = Static<typeof SubscriptionRow>;

/** One charge: a period as the store charged it. */
export const SubscriptionPeriodEntry = Type.Object({
  transactionId: Type.Union([Type.String(), Type.Null()]),
  start: Type.String(),
  end: Type.Union([Type.String(), Type.Null()]),
  amountMicros: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  /** The catalog's price stood in for what the store did not report. */
  estimated: Type.Boolean(),
  test: Type.Boolean(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export type SubscriptionPeriodEntry = Static<typeof SubscriptionPeriodEntry>;

/** One store event, in the order the server applied them. */
export const SubscriptionEventEntry = Type.Object({
  at: Type.String({ description: 'When the server recorded it' }),
  eventTime: Type.Union([Type.String(), Type.Null()], { description: 'When the store says it happened' }),
  type: Type.String(),
  source: Type.Union([Type.String(), Type.Null()]),
  fromState: Type.Union([Type.String(), Type.Null()]),
  toState: Type.Union([Type.String(), Type.Null()]),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type SubscriptionEventEntry = Static<typeof SubscriptionEventEntry>;

export const SubscriptionTimeline = Type.Object({
  subscription: SubscriptionRow,
  periods: Type.Array(SubscriptionPeriodEntry),
  events: Type.Array(SubscriptionEventEntry),
});
export type SubscriptionTimeline = Static<typeof SubscriptionTimeline>;

/** What the player has now (the core's answer to the game) and every subscription behind it. */
export const PlayerEntitlements = Type.Object({
  appKey: Type.String(),
  userKey: Type.String(),
  asOf: Type.String(),
  entitlements: EntitlementsResponse.properties.entitlements,
  subscriptions: Type.Array(SubscriptionTimeline),
});
export type PlayerEntitlements = Static<typeof PlayerEntitlements>;

export const SubscriptionSearchQuery = Type.Object(
  {
    /** An original transaction id, a purchase token, a linked purchase token or one period's transaction id. */
    key: Token(2048, 'Apple originalTransactionId, Google purchaseToken / linkedPurchaseToken, ONE store purchaseToken, or a renewal\u2019s transaction id'),
    market: Type.Optional(MarketId),
  },
  { additionalProperties: false },
);
export type SubscriptionSearchQuery = Static<typeof SubscriptionSearchQuery>;

export const SubscriptionMatch = Type.Intersect([
  SubscriptionRow,
  Type.Object({ matchedBy: Type.Union([Type.Literal('chain'), Type.Literal('replaced-chain'), Type.Literal('period-transaction')]) }),
]);
export type SubscriptionMatch = Static<typeof SubscriptionMatch>;
export const SubscriptionSearchResponse = Type.Object({ items: Type.Array(SubscriptionMatch) });
export type SubscriptionSearchResponse = Static<typeof SubscriptionSearchResponse>;

export const SubscriptionStatsQuery = Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false });
export type SubscriptionStatsQuery = Static<typeof SubscriptionStatsQuery>;

/** Subscriptions of one product now, by state, and how many ended in the period. */
export const SubscriptionCounts = Type.Object({
  productId: Type.String(),
  market: Type.String(),
  /** Store test / sandbox subscriptions are counted apart from real ones. */
  test: Type.Boolean(),
  active: Type.Integer(),
  inGrace: Type.Integer(),
  onHold: Type.Integer(),
  paused: Type.Integer(),
  canceledActive: Type.Integer(),
  /** Churned in [from, to]: EXPIRED by the period's end (not when replaced by an upgrade / downgrade), REVOKED by the revocation. */
  expired: Type.Integer(),
  revoked: Type.Integer(),
});
export type SubscriptionCounts = Static<typeof SubscriptionCounts>;

/** Revenue of one UTC day (the day a period was charged) as charged, production and non-test only. */
export const SubscriptionRevenuePoint = Type.Object({
  day: Type.String(),
  productId: Type.String(),
  market: Type.String(),
  currency: Type.String(),
  amountMicros: Type.Integer(),
  count: Type.Integer(),
  /** How many of `count` are priced from the catalog (the store reported no price). */
  estimatedCount: Type.Integer(),
});
export type SubscriptionRevenuePoint = Static<typeof SubscriptionRevenuePoint>;

export const SubscriptionStatsResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  asOf: Type.String(),
  counts: Type.Array(SubscriptionCounts),
  revenue: Type.Array(SubscriptionRevenuePoint),
});
export type SubscriptionStatsResponse = Static<typeof SubscriptionStatsResponse>;
