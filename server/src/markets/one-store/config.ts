import { Type, type Static } from 'typebox';

export const ONE_STORE_MARKET_ID = 'one-store';

export const OneStoreServerApiConfig = Type.Object({
  /** V7 uses the clientId (OAuth client) where V6 used the package name. */
  clientId: Type.String({ minLength: 1 }),
  clientSecret: Type.String({ minLength: 1 }),
  /** Which ONE store environment the app talks to: records and tokens are separate per environment. */
  environment: Type.Union([Type.Literal('sandbox'), Type.Literal('production')]),
  /** Default https://sbpp.onestore.net (sandbox) / https://iap-apis.onestore.net (production). */
  baseUrl: Type.Optional(Type.String({ minLength: 8 })),
  /** x-market-code header: MKT_ONE (Korea, default) or MKT_GLB (global). */
  marketCode: Type.Optional(Type.Union([Type.Literal('MKT_ONE'), Type.Literal('MKT_GLB')])),
  /** Re-read every receipt with "get purchase details" during verification (default true). */
  checkOnVerify: Type.Optional(Type.Boolean()),
});
export type OneStoreServerApiConfig = Static<typeof OneStoreServerApiConfig>;

export const OneStoreConfig = Type.Object({
  packageName: Type.String({ minLength: 1 }),
  /** Developer Center licence key: base64 X.509 SPKI DER (RSA). */
  licenceKey: Type.String({ minLength: 64 }),
  /** Sandbox purchases (SANDBOX ids or a sandbox server API) are refused unless true. */
  allowTestPurchases: Type.Optional(Type.Boolean()),
  serverApi: Type.Optional(OneStoreServerApiConfig),
});
export type OneStoreConfig = Static<typeof OneStoreConfig>;

export const ONE_STORE_API_BASE = { sandbox: 'https://sbpp.onestore.net', production: 'https://iap-apis.onestore.net' } as const;
