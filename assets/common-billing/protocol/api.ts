import { Type, type Static } from 'typebox';
import { Environment, GameId, IsoDate, MarketId, ProductType, PurchaseId, PurchaseState, Token, UserKey } from './common';
import { EntitlementState } from './entitlements';
import { Receipt } from './receipts';

/** Billing server HTTP API v1 (DESIGN.md §4). Route schemas and client types both come from here. */

export const Price = Type.Object({
  amountMicros: Type.Integer({ minimum: 0, description: 'Price in millionths of the currency unit' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
});
export type Price = Static<typeof Price>;

/** A subscription product's catalog fields (issue #16, docs/subscriptions.md). */
export const ProductSubscription = Type.Object(
  {
    /** The entitlement group it grants, e.g. `vip`: every product of a group grants the same entitlement. */
    group: GameId,
    /** The billing period, an ISO-8601 duration of years, months, weeks or days: P1W, P1M, P3M, P1Y. */
    period: Type.String({ pattern: '^P(\\d{1,2}Y)?(\\d{1,3}M)?(\\d{1,3}W)?(\\d{1,4}D)?$', maxLength: 16 }),
  },
  { additionalProperties: false },
);
export type ProductSubscription = Static<typeof ProductSubscription>;

export const Product = Type.Object({
  productId: GameId,
  marketProductId: Type.String({ minLength: 1, maxLength: 150 }),
  type: ProductType,
  title: Type.String({ maxLength: 200 }),
  price: Type.Union([Price, Type.Null()]),
  /** Subscription products only. */
  subscription: Type.Optional(ProductSubscription),
});
export type Product = Static<typeof Product>;

/** A purchase as the server shows it to the SDK and the game server. */
export const Purchase = Type.Object({
  purchaseId: PurchaseId,
  userKey: UserKey,
  market: MarketId,
  productId: GameId,
  marketProductId: Type.String(),
  productType: ProductType,
  quantity: Type.Integer({ minimum: 1 }),
  state: PurchaseState,
  storeTransactionId: Type.Union([Type.String(), Type.Null()]),
  purchaseToken: Type.Union([Type.String(), Type.Null()], { description: 'Store token the device needs to consume/acknowledge/finish' }),
  environment: Environment,
  test: Type.Boolean(),
  /** Present (true) when the store's receipt cannot tell a test purchase (Google Play without the Developer API): `test` is then a guess. */
  testUnknown: Type.Optional(Type.Boolean()),
  storeFinished: Type.Boolean(),
  deliveredAt: Type.Union([IsoDate, Type.Null()]),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type Purchase = Static<typeof Purchase>;

/** An unfinished purchase replayed at login; `paymentToken` is present once VERIFIED. */
export const UnfinishedPurchase = Type.Object({
  purchase: Purchase,
  paymentToken: Type.Union([Type.String(), Type.Null()]),
});
export type UnfinishedPurchase = Static<typeof UnfinishedPurchase>;

export const CreateSessionBody = Type.Object(
  {
    market: MarketId,
    userKey: UserKey,
    loginToken: Type.Optional(
      Token(256, 'v1.<exp>.<base64url HMAC-SHA256(app secret, "cb-login-v1\\n" + appKey + "\\n" + exp + "\\n" + userKey)>, made by the game server; exp in Unix seconds, at most 60 minutes ahead'),
    ),
    userSignature: Type.Optional(Token(256, 'Legacy: base64url HMAC-SHA256(app secret, userKey); accepted only in the app\u2019s migration window')),
  },
  { additionalProperties: false },
);
export type CreateSessionBody = Static<typeof CreateSessionBody>;

export const CreateSessionResponse = Type.Object({
  sessionToken: Type.String(),
  expiresAt: IsoDate,
  products: Type.Array(Product),
  marketKey: Type.Union([Type.String({ description: 'base64 AES-256 data key that decrypts this market\u2019s public key' }), Type.Null()]),
  unfinished: Type.Array(UnfinishedPurchase),
});
export type CreateSessionResponse = Static<typeof CreateSessionResponse>;

export const ProductsQuery = Type.Object({ market: MarketId }, { additionalProperties: false });
export const ProductsResponse = Type.Object({ products: Type.Array(Product) });
export type ProductsResponse = Static<typeof ProductsResponse>;

export const ReservePurchaseBody = Type.Object(
  { productId: GameId, quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
  { additionalProperties: false },
);
export type ReservePurchaseBody = Static<typeof ReservePurchaseBody>;

/** What binds the store purchase to the reservation; each market uses the fields it can carry. */
export const PurchasePayload = Type.Object({
  developerPayload: Type.String({ description: 'ONE store / Naver / sandbox developerPayload (MAC-protected token)' }),
  obfuscatedAccountId: Type.String({ maxLength: 64, description: 'Google Play obfuscatedAccountId' }),
  obfuscatedProfileId: Type.String({ maxLength: 64, description: 'Google Play obfuscatedProfileId' }),
  appAccountToken: Type.String({ description: 'StoreKit 2 appAccountToken (UUID)' }),
});
export type PurchasePayload = Static<typeof PurchasePayload>;

export const ReservePurchaseResponse = Type.Object({
  purchaseId: PurchaseId,
  productId: GameId,
  marketProductId: Type.String(),
  productType: ProductType,
  quantity: Type.Integer({ minimum: 1 }),
  payload: PurchasePayload,
  expiresAt: IsoDate,
});
export type ReservePurchaseResponse = Static<typeof ReservePurchaseResponse>;

export const SubmitReceiptBody = Type.Object({ market: MarketId, receipt: Receipt }, { additionalProperties: false });
export type SubmitReceiptBody = Static<typeof SubmitReceiptBody>;

/**
 * The subscription a receipt started or renewed (issue #16, docs/subscriptions.md "Receipts of
 * subscriptions"). With `renewal` true the receipt was a renewal or restore of a subscription this
 * player already has: `purchase` is the subscription's first purchase, not a new one, and the game
 * grants nothing again (finish the store transaction only); the entitlement says what is in force.
 */
export const ReceiptSubscription = Type.Object({
  subscriptionId: Type.String(),
  /** The entitlement group (the catalog's `subscription.group`). */
  group: GameId,
  state: EntitlementState,
  /** True when the game should grant the group's benefits now. */
  active: Type.Boolean(),
  expiresAt: IsoDate,
  renewal: Type.Boolean(),
});
export type ReceiptSubscription = Static<typeof ReceiptSubscription>;

export const SubmitReceiptResponse = Type.Object({
  purchase: Purchase,
  paymentToken: Type.Union([Type.String(), Type.Null()], { description: 'Null while the store payment is pending' }),
  /** Present for a receipt of a subscription product. */
  subscription: Type.Optional(ReceiptSubscription),
});
export type SubmitReceiptResponse = Static<typeof SubmitReceiptResponse>;

export const PurchaseParams = Type.Object({ purchaseId: PurchaseId });
export const ConsumeBody = Type.Object({ paymentToken: Token(512) }, { additionalProperties: false });
export type ConsumeBody = Static<typeof ConsumeBody>;
export const ConsumeResponse = Type.Object({ purchase: Purchase, alreadyConsumed: Type.Boolean() });
export type ConsumeResponse = Static<typeof ConsumeResponse>;

export const FinishedResponse = Type.Object({ purchase: Purchase });
export type FinishedResponse = Static<typeof FinishedResponse>;

export const UserPurchasesParams = Type.Object({ userKey: UserKey });
export const UserPurchasesQuery = Type.Object({ state: Type.Optional(PurchaseState) }, { additionalProperties: false });
export const UserPurchasesResponse = Type.Object({ purchases: Type.Array(Purchase) });
export type UserPurchasesResponse = Static<typeof UserPurchasesResponse>;

export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), retryable: Type.Boolean(), details: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }),
});
