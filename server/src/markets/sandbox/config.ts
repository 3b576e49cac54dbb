import { Type } from 'typebox';

/** The sandbox market's id (a leaf module: the core's sandbox-only policy imports it). */
export const SANDBOX_MARKET_ID = 'sandbox';

export const SandboxMarketConfig = Type.Object({
  /** PEM (or base64 SPKI) of the per-app sandbox key; the sandbox store signs with its private half. */
  publicKeyPem: Type.String({ minLength: 1 }),
  /** Only the sandbox store that issues receipts needs it; the verifier never reads it. */
  privateKeyPem: Type.Optional(Type.String({ minLength: 1 })),
  packageName: Type.String({ minLength: 1 }),
});
