import { Type, type Static } from 'typebox';
import { Product, ProductSubscription } from '../../../assets/common-billing/protocol/api';
import { GameId, MarketId, ProductType, Text, Token } from '../../../assets/common-billing/protocol/common';

/** Admin API (tools: editor extension, console, scripts). Server-only, so defined here. */
export const AppKeyParams = Type.Object({ appKey: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }) });
export const AppMarketParams = Type.Object({ appKey: AppKeyParams.properties.appKey, market: MarketId });

export const DataKeyBody = Type.Object(
  { dataKey: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: 'base64 of 32 random bytes (AES-256 data key)' }) },
  { additionalProperties: false },
);

export const CreateAppBody = Type.Object(
  {
    appKey: Type.Optional(AppKeyParams.properties.appKey),
    name: Text(200),
    sandboxOnly: Type.Optional(Type.Boolean({ description: 'Only the sandbox market may be enabled' })),
    loginToken: Type.Optional(Type.Union([Type.Literal('required'), Type.Literal('off')], { description: "'off' only for a sandbox-only app" })),
    sandbox: Type.Optional(Type.Object({ packageName: Token(255) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type CreateAppBody = Static<typeof CreateAppBody>;
export const CreateAppResponse = Type.Object({ appKey: Type.String(), secretKey: Type.String({ description: 'Shown once' }) });

export const MarketConfigBody = Type.Object(
  { enabled: Type.Boolean(), config: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: false },
);

export const ProductDefinitionSchema = Type.Object(
  {
    productId: GameId,
    type: ProductType,
    title: Type.String({ maxLength: 200 }),
    price: Type.Optional(Type.Union([Type.Object({ amountMicros: Type.Integer({ minimum: 0 }), currency: Type.String({ pattern: '^[A-Z]{3}$' }) }), Type.Null()])),
    marketProductIds: Type.Optional(Type.Record(MarketId, Type.String({ minLength: 1, maxLength: 150 }))),
    /** Required for type `subscription`, refused otherwise (PRODUCT_SUBSCRIPTION_INVALID, subscriptions/catalog.ts). */
    subscription: Type.Optional(ProductSubscription),
  },
  { additionalProperties: false },
);
export const ProductsBody = Type.Object({ products: Type.Array(ProductDefinitionSchema, { maxItems: 5000 }) }, { additionalProperties: false });

export const AdminApp = Type.Object({
  appKey: Type.String(),
  name: Type.String(),
  loginToken: Type.Union([Type.Literal('required'), Type.Literal('off')]),
  sandboxOnly: Type.Boolean(),
  legacySignatureUntil: Type.Union([Type.String(), Type.Null()]),
  hasDataKey: Type.Boolean(),
  markets: Type.Array(Type.Object({ market: Type.String(), enabled: Type.Boolean(), known: Type.Boolean() })),
  products: Type.Array(Product),
  createdAt: Type.String(),
});
export type AdminApp = Static<typeof AdminApp>;
