import { Type, type Static } from 'typebox';

export const GOOGLE_PLAY_MARKET_ID = 'google-play';

/** The fields of a Google Cloud service-account key file that the token exchange needs. */
export const GoogleServiceAccount = Type.Object({
  client_email: Type.String({ minLength: 3 }),
  private_key: Type.String({ minLength: 64 }),
  token_uri: Type.Optional(Type.String({ minLength: 8 })),
});
export type GoogleServiceAccount = Static<typeof GoogleServiceAccount>;

export const GoogleDeveloperApiConfig = Type.Object({
  serviceAccount: GoogleServiceAccount,
  /** androidpublisher root; tests point it at the simulator. Default https://androidpublisher.googleapis.com/ */
  rootUrl: Type.Optional(Type.String({ minLength: 8 })),
  /** OAuth token endpoint; defaults to the key file's token_uri, then https://oauth2.googleapis.com/token */
  tokenUrl: Type.Optional(Type.String({ minLength: 8 })),
  /** Re-read every receipt with purchases.products.get during verification (default true). */
  checkOnVerify: Type.Optional(Type.Boolean()),
});
export type GoogleDeveloperApiConfig = Static<typeof GoogleDeveloperApiConfig>;

export const GooglePlayConfig = Type.Object({
  packageName: Type.String({ minLength: 1 }),
  /** Play Console licence key: base64 X.509 SubjectPublicKeyInfo DER (RSA-2048). */
  licenceKey: Type.String({ minLength: 64 }),
  /** Licence-tester purchases (Developer API purchaseType 0) are refused unless true. */
  allowTestPurchases: Type.Optional(Type.Boolean()),
  developerApi: Type.Optional(GoogleDeveloperApiConfig),
});
export type GooglePlayConfig = Static<typeof GooglePlayConfig>;

export const DEFAULT_ANDROIDPUBLISHER_ROOT = 'https://androidpublisher.googleapis.com/';
export const DEFAULT_GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const ANDROIDPUBLISHER_SCOPE = 'https://www.googleapis.com/auth/androidpublisher';
