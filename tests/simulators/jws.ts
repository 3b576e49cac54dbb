import { createHmac, sign, type KeyObject } from 'node:crypto';

export interface JwsSignOptions {
  /** Header alg (default ES256). */
  alg?: string;
  x5c?: unknown;
  /** Extra header members (e.g. kid, typ). */
  header?: Record<string, unknown>;
  /** 'der' produces an ASN.1 DER ECDSA signature instead of JOSE raw r‖s. */
  signatureEncoding?: 'raw' | 'der';
}

const b64url = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * Compact JWS as the App Store signs it: ES256 with the leaf key, raw r‖s signature, x5c chain
 * in the header. Options produce the malformed variants the attack tests need.
 */
export function signEs256Jws(payload: object, key: KeyObject, opts: JwsSignOptions = {}): string {
  const header = { alg: opts.alg ?? 'ES256', ...(opts.x5c !== undefined ? { x5c: opts.x5c } : {}), ...opts.header };
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: opts.signatureEncoding === 'der' ? 'der' : 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** An HS256 token keyed with some bytes (the "public key as HMAC secret" confusion attack). */
export function signHs256Jws(payload: object, secret: Buffer | string, header: Record<string, unknown>): string {
  const input = `${b64url({ ...header, alg: 'HS256' })}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An unsigned token (alg none). */
export function unsignedJws(payload: object, header: Record<string, unknown>): string {
  return `${b64url({ ...header, alg: 'none' })}.${b64url(payload)}.`;
}

/** An RS256 token signed with an RSA key. */
export function signRs256Jws(payload: object, key: KeyObject, header: Record<string, unknown>): string {
  const input = `${b64url({ ...header, alg: 'RS256' })}.${b64url(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}
