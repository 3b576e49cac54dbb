import { Type, type Static } from 'typebox';

export const APP_STORE_MARKET_ID = 'app-store';

export const AppStoreServerApiConfig = Type.Object({
  /** App Store Connect In-App Purchase key (.p8, PKCS#8 PEM, P-256). */
  privateKeyPem: Type.String({ minLength: 64 }),
  keyId: Type.String({ minLength: 1 }),
  issuerId: Type.String({ minLength: 1 }),
  /** Default https://api.storekit.apple.com (Production) / https://api.storekit-sandbox.apple.com (Sandbox). */
  baseUrl: Type.Optional(Type.String({ minLength: 8 })),
  /** Look every receipt's transaction up during verification (default false). */
  checkOnVerify: Type.Optional(Type.Boolean()),
});
export type AppStoreServerApiConfig = Static<typeof AppStoreServerApiConfig>;

export const AppStoreConfig = Type.Object({
  bundleId: Type.String({ minLength: 1 }),
  /** The environment receipts must come from; Sandbox receipts are test purchases. */
  environment: Type.Union([Type.Literal('Production'), Type.Literal('Sandbox')]),
  /** Trusted roots (PEM or base64 DER): Apple Root CA - G3 in production, a test root in tests. */
  rootCertificates: Type.Array(Type.String({ minLength: 64 }), { minItems: 1, maxItems: 8 }),
  appAppleId: Type.Optional(Type.Integer()),
  serverApi: Type.Optional(AppStoreServerApiConfig),
});
export type AppStoreConfig = Static<typeof AppStoreConfig>;

export const APPLE_API_BASE = { Production: 'https://api.storekit.apple.com', Sandbox: 'https://api.storekit-sandbox.apple.com' } as const;
