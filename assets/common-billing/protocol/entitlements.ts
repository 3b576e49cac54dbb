import { Type, type Static } from 'typebox';
import { GameId, IsoDate, MarketId, PurchaseId, Token, UserKey } from './common';

/**
 * What a player has now (issue #16), one answer for non-consumables and subscriptions. A
 * non-consumable is an entitlement that never expires (`expiresAt` null): ACTIVE while a paid
 * purchase of it stands, REVOKED once the store refunded or revoked every one. A subscription is
 * one entitlement per entitlement group (e.g. `vip`), whatever product of the group is in force.
 * Time always comes from the server (`asOf`), never the device.
 *
 * States (docs/subscriptions.md):
 * - ACTIVE: paid, renews.            - CANCELED_ACTIVE: paid to `expiresAt`, auto-renew off.
 * - IN_GRACE: renewal failed, the store keeps access while it retries (benefits on).
 * - ON_HOLD: renewal failed, grace over, access suspended while the store retries (benefits off).
 * - PAUSED: the player paused it (benefits off).  - EXPIRED: ended.  - REVOKED: refunded or revoked.
 */
export const EntitlementState = Type.Union([
  Type.Literal('ACTIVE'),
  Type.Literal('IN_GRACE'),
  Type.Literal('ON_HOLD'),
  Type.Literal('PAUSED'),
  Type.Literal('CANCELED_ACTIVE'),
  Type.Literal('EXPIRED'),
  Type.Literal('REVOKED'),
]);
export type EntitlementState = Static<typeof EntitlementState>;

/** The states in which a game grants the benefits. */
export const GRANTING_STATES: readonly EntitlementState[] = ['ACTIVE', 'IN_GRACE', 'CANCELED_ACTIVE'];

/** The trial or offer in force for the current period. */
export const EntitlementOffer = Type.Object({
  kind: Type.Union([
    Type.Literal('free-trial'),
    Type.Literal('introductory'),
    Type.Literal('promotional'),
    Type.Literal('offer-code'),
    Type.Literal('win-back'),
    Type.Literal('developer'),
  ]),
  /** The store's offer id (Play offerId, App Store offer identifier), when it names one. */
  id: Type.Optional(Token(256)),
  /** Google Play base plan id. */
  basePlanId: Type.Optional(Token(256)),
});
export type EntitlementOffer = Static<typeof EntitlementOffer>;

export const Entitlement = Type.Object({
  /** The product in force (for a subscription: the one being paid for now). */
  productId: GameId,
  /** The entitlement group: the catalog's `entitlementGroup` for subscriptions, the product id for non-consumables. */
  group: GameId,
  kind: Type.Union([Type.Literal('non-consumable'), Type.Literal('subscription')]),
  state: EntitlementState,
  /** True when the game should grant the benefits now (ACTIVE, IN_GRACE, CANCELED_ACTIVE). */
  active: Type.Boolean(),
  /** When the granting purchase was verified (subscriptions: when the subscription started). */
  since: IsoDate,
  /** End of the paid period (subscriptions); null for a non-consumable: it never expires. */
  expiresAt: Type.Union([IsoDate, Type.Null()]),
  /** When the store revoked it (REVOKED only). */
  revokedAt: Type.Union([IsoDate, Type.Null()]),
  /** The purchase that grants it (or last granted it), and its market. */
  purchaseId: PurchaseId,
  market: MarketId,
  /** Subscriptions: whether it renews at `expiresAt`; null for non-consumables. */
  autoRenew: Type.Union([Type.Boolean(), Type.Null()]),
  /** Subscriptions: the product it renews into when that differs (a downgrade at the next renewal). */
  renewsInto: Type.Union([GameId, Type.Null()]),
  offer: Type.Union([EntitlementOffer, Type.Null()]),
  /**
   * How the server knows: `store-api` (confirmed with the store's subscription API) or `signed`
   * (the store-signed receipt or notification alone; `expiresAt` may then be an estimate from
   * the catalog's period, see `expiresAtEstimated`).
   */
  verifiedBy: Type.Union([Type.Literal('store-api'), Type.Literal('signed')]),
  expiresAtEstimated: Type.Boolean(),
});
export type Entitlement = Static<typeof Entitlement>;

export const EntitlementsParams = Type.Object({ userKey: UserKey });
export const EntitlementsResponse = Type.Object({
  userKey: UserKey,
  /** The server's clock when the answer was made. */
  asOf: IsoDate,
  entitlements: Type.Array(Entitlement),
});
export type EntitlementsResponse = Static<typeof EntitlementsResponse>;
