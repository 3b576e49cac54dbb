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
]);
export type SandboxOutcome = Static<typeof SandboxOutcome>;

export const SandboxPurchaseBody = Type.Object(
  {
    productId: GameId,
    developerPayload: Type.String({ maxLength: 512 }),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    outcome: SandboxOutcome,
  },
  { additionalProperties: false },
);
export type SandboxPurchaseBody = Static<typeof SandboxPurchaseBody>;

/** Sandbox store purchase as the sandbox bridge reports it (mirrors a Google-style record). */
export const SandboxStorePurchase = Type.Object({
  orderId: Type.String(),
  purchaseToken: Type.String(),
  productId: GameId,
  state: Type.Union([Type.Literal('purchased'), Type.Literal('pending'), Type.Literal('canceled'), Type.Literal('consumed')]),
  acknowledged: Type.Boolean(),
  developerPayload: Type.String(),
  receipt: SignedJsonReceipt,
});
export type SandboxStorePurchase = Static<typeof SandboxStorePurchase>;

export const SandboxPurchaseResponse = Type.Object({ purchase: Type.Union([SandboxStorePurchase, Type.Null()]) });
export type SandboxPurchaseResponse = Static<typeof SandboxPurchaseResponse>;

export const SandboxTokenParams = Type.Object({ purchaseToken: Token(128, 'The sandbox store\u2019s purchase token (sbx_…)') });
export const SandboxResolveBody = Type.Object({ outcome: Type.Union([Type.Literal('approve'), Type.Literal('decline')]) }, { additionalProperties: false });
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
});
export type SandboxReceiptData = Static<typeof SandboxReceiptData>;
