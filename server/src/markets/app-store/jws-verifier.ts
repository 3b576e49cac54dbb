import { X509Certificate, verify } from 'node:crypto';
import { BillingError, type ErrorCode } from '../../../../assets/common-billing/protocol/error-codes';
import { notConfigured } from '../shared/config';
import { AppleChainVerifier } from './chain';
import { APP_STORE_MARKET_ID } from './config';

/** StoreKit JWS are a few kilobytes; the bound only stops abuse. */
export const MAX_JWS_CHARS = 32768;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const ES256_SIGNATURE_BYTES = 64;

/**
 * Our own StoreKit 2 JWS verifier (STORES.md §2.1): exactly ES256, a 3-entry x5c whose first
 * two certificates chain to a configured root (x5c[2] is ignored), certificate dates at the
 * payload's signedDate, and a raw r‖s signature by the leaf. It returns the payload; business
 * checks (bundle, environment) belong to the caller. `now` is used only when signedDate is absent.
 */
export class StoreKitJwsVerifier {
  readonly chains: AppleChainVerifier;

  constructor(rootCertificates: string[], private readonly now: () => number) {
    const roots = rootCertificates.map((value, index) => {
      try {
        return new X509Certificate(value.includes('-----BEGIN') ? value : Buffer.from(value, 'base64'));
      } catch (cause) {
        throw notConfigured(APP_STORE_MARKET_ID, `rootCertificates[${index}]`, cause);
      }
    });
    this.chains = new AppleChainVerifier(roots);
  }

  verifyAndDecode(jws: unknown): Record<string, unknown> {
    if (typeof jws !== 'string') throw fail('RECEIPT_MALFORMED', 'The signed transaction is not a string.');
    if (jws.length > MAX_JWS_CHARS) throw fail('RECEIPT_TOO_LARGE', 'The signed transaction is too large.');
    const parts = jws.split('.');
    if (parts.length !== 3 || !SEGMENT.test(parts[0]!) || !SEGMENT.test(parts[1]!)) {
      throw fail('RECEIPT_MALFORMED', 'The signed transaction is not a compact JWS.');
    }
    const [headerB64, payloadB64, signatureB64] = parts as [string, string, string];
    const header = decodeJson(headerB64, 'header');
    if (header.alg !== 'ES256') throw fail('RECEIPT_ALGORITHM_INVALID', 'Only ES256 is accepted.');
    const payload = decodeJson(payloadB64, 'payload');
    const x5c = header.x5c;
    if (!Array.isArray(x5c) || x5c.length !== 3) throw fail('RECEIPT_CHAIN_LENGTH', 'The x5c chain must have exactly 3 certificates.');
    if (typeof x5c[0] !== 'string' || typeof x5c[1] !== 'string') throw fail('RECEIPT_CHAIN_INVALID', 'An x5c entry is not a certificate.');
    const signedDate = payload.signedDate;
    if (signedDate !== undefined && (typeof signedDate !== 'number' || !Number.isFinite(signedDate))) {
      throw fail('RECEIPT_MALFORMED', 'signedDate is not a number.');
    }
    const leafKey = this.chains.leafKeyAt(x5c[0], x5c[1], signedDate ?? this.now());
    // ES256 means P-256: a leaf on another curve cannot make an ES256 signature.
    if (leafKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw fail('RECEIPT_ALGORITHM_INVALID', 'The leaf key is not P-256.');
    const signature = SEGMENT.test(signatureB64) ? Buffer.from(signatureB64, 'base64url') : Buffer.alloc(0);
    // JOSE ES256 is raw r‖s (64 bytes); a DER signature is refused, as by Apple.
    const valid = signature.length === ES256_SIGNATURE_BYTES &&
      verify('sha256', Buffer.from(`${headerB64}.${payloadB64}`), { key: leafKey, dsaEncoding: 'ieee-p1363' }, signature);
    if (!valid) throw fail('RECEIPT_SIGNATURE_INVALID', 'The JWS signature does not verify.');
    this.checkTimeClaims(payload);
    return payload;
  }

  /**
   * JWT `exp` / `nbf` (NumericDate, seconds), when present: Apple's library enforces them
   * (jsonwebtoken.verify) against the current time; so do we, on the injected clock.
   */
  private checkTimeClaims(payload: Record<string, unknown>): void {
    const nowS = this.now() / 1000;
    for (const claim of ['exp', 'nbf'] as const) {
      const value = payload[claim];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) throw fail('RECEIPT_MALFORMED', `${claim} is not a number.`);
    }
    if (typeof payload.exp === 'number' && nowS >= payload.exp) throw fail('RECEIPT_PAYLOAD_EXPIRED', 'The signed data has expired (exp).');
    if (typeof payload.nbf === 'number' && nowS < payload.nbf) throw fail('RECEIPT_PAYLOAD_EXPIRED', 'The signed data is not valid yet (nbf).');
  }
}

function decodeJson(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw fail('RECEIPT_MALFORMED', `The JWS ${what} is not JSON.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('RECEIPT_MALFORMED', `The JWS ${what} is not an object.`);
  return value as Record<string, unknown>;
}

function fail(code: ErrorCode, message: string): BillingError {
  return new BillingError(code, message, { details: { market: APP_STORE_MARKET_ID } });
}
