import { Type, type Static } from 'typebox';
import { GameId, IsoDate, MarketId, PurchaseId, UserKey } from './common';

/**
 * What a player has now (issue #16). A non-consumable is an entitlement that never expires:
 * ACTIVE while a paid purchase of it stands, REVOKED once the store refunded or revoked every
 * one. Time always comes from the server (`asOf`), never the device.
 */
export const EntitlementState = Type.Union([Type.Literal('ACTIVE'), Type.Literal('REVOKED')]);
export type EntitlementState = Static<typeof EntitlementState>;

export const Entitlement = Type.Object({
  productId: GameId,
  state: EntitlementState,
  /** When the granting purchase was verified (for REVOKED: the last purchase that granted it). */
  since: IsoDate,
  /** Null: it never expires (a non-consumable). */
  expiresAt: Type.Union([IsoDate, Type.Null()]),
  /** When the store revoked it (REVOKED only). */
  revokedAt: Type.Union([IsoDate, Type.Null()]),
  /** The purchase that grants it (or last granted it), and its market. */
  purchaseId: PurchaseId,
  market: MarketId,
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
