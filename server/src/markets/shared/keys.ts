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

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Returns the input without whitespace when it is canonical padded base64, else undefined. */
export function strictBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  return compact.length > 0 && BASE64.test(compact) ? compact : undefined;
}
