import { createPublicKey, type KeyObject } from 'node:crypto';
import { notConfigured } from './config';
import { BoundedCache } from './bounded-cache';

/** Parsed keys shared by every market service, so a service created per request stays cheap. */
const parsedKeys = new BoundedCache<string, KeyObject>(256);

/**
 * Parses a store "licence key" once, at create() time, so that verification never re-parses
 * it (that parse dominates a naive verifier's cost). Stores hand these out as base64 of an
 * X.509 SubjectPublicKeyInfo DER; a PEM is accepted too for operators who paste one.
 */
export function parseRsaPublicKey(market: string, field: string, value: string): KeyObject {
  const cached = parsedKeys.get(value);
  if (cached) return cached;
  let key: KeyObject;
  try {
    key = value.includes('-----BEGIN')
      ? createPublicKey(value)
      : createPublicKey({ key: Buffer.from(strictBase64(value) ?? '', 'base64'), format: 'der', type: 'spki' });
  } catch (cause) {
    throw notConfigured(market, field, cause);
  }
  if (key.asymmetricKeyType !== 'rsa') throw notConfigured(market, field);
  parsedKeys.set(value, key);
  return key;
}

/** Linear-time check (no nested groups): with length % 4 === 0 this is exactly padded base64. */
const BASE64_CHARS = /^[A-Za-z0-9+/]+={0,2}$/;

/** True for padded standard base64 without whitespace (how stores deliver signatures). */
export function isPaddedBase64(value: string): boolean {
  return value.length % 4 === 0 && BASE64_CHARS.test(value);
}

/** Returns the input without whitespace when it is padded base64, else undefined (for pasted keys). */
export function strictBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  return isPaddedBase64(compact) ? compact : undefined;
}
