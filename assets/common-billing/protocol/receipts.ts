import { Type, type Static } from 'typebox';

/**
 * Receipts as the stores hand them to the device. Google Play, ONE store, Naver and the
 * sandbox sign a JSON string that must be verified over its exact bytes; StoreKit 2 hands
 * out a JWS. Each server verifier checks the shape it expects.
 */
export const SignedJsonReceipt = Type.Object(
  {
    originalJson: Type.String({ minLength: 2, maxLength: 16384 }),
    signature: Type.String({ minLength: 1, maxLength: 4096 }),
  },
  { additionalProperties: false },
);
export type SignedJsonReceipt = Static<typeof SignedJsonReceipt>;

export const JwsReceipt = Type.Object(
  { signedTransaction: Type.String({ minLength: 16, maxLength: 32768 }) },
  { additionalProperties: false },
);
export type JwsReceipt = Static<typeof JwsReceipt>;

export const Receipt = Type.Union([SignedJsonReceipt, JwsReceipt]);
export type Receipt = Static<typeof Receipt>;
