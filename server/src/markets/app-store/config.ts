import { Type, type Static } from 'typebox';

export const APP_STORE_MARKET_ID = 'app-store';

export const AppStoreServerApiConfig = Type.Object({
  /** App Store Connect In-App Purchase key (.p8, PKCS#8 PEM, P-256). */
  privateKeyPem: Type.String({ minLength: 64 }),
  keyId: Type.String({ minLength: 1 }),
  issuerId: Type.String({ minLength: 1 }),
  /** Default https://api.storekit.apple.com (Production) / https://api.storekit-sandbox.apple.com (Sandbox). */
  baseUrl: Type.Optional(Type.String({ minLength: 8 })),
  /** Sandbox API for a Production app that accepts Sandbox; default https://api.storekit-sandbox.apple.com. */
  sandboxBaseUrl: Type.Optional(Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' })),
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
  /**
   * Production apps also accept Sandbox transactions of the same bundle (App Review, TestFlight
   * buy in the sandbox), recorded as test purchases. false turns that off. Ignored for Sandbox apps.
   */
  acceptSandbox: Type.Optional(Type.Boolean()),
  /** Accept Xcode / LocalTesting transactions (StoreKit testing), as test purchases; default false. */
  allowLocalTesting: Type.Optional(Type.Boolean()),
  serverApi: Type.Optional(AppStoreServerApiConfig),
});
export type AppStoreConfig = Static<typeof AppStoreConfig>;

/** The environments whose transactions this app accepts: its own, Sandbox on Production unless turned off, local testing when allowed. */
export function acceptedEnvironments(config: Pick<AppStoreConfig, 'environment' | 'acceptSandbox' | 'allowLocalTesting'>): string[] {
  const accepted: string[] = [config.environment];
  if (config.environment === 'Production' && config.acceptSandbox !== false) accepted.push('Sandbox');
  if (config.allowLocalTesting === true) accepted.push('Xcode', 'LocalTesting');
  return accepted;
}

export const APPLE_API_BASE = { Production: 'https://api.storekit.apple.com', Sandbox: 'https://api.storekit-sandbox.apple.com' } as const;
