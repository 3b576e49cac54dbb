import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { mac, safeEqual, type ServerKeys } from './keys';

/** What a session token proves: this app, this user, this market, until `exp`. */
export interface SessionClaims {
  appKey: string;
  userKey: string;
  market: string;
  /** Expiry, epoch ms. */
  exp: number;
}

/**
 * Sessions are stateless MAC-protected tokens (`s1.<claims>.<mac>`): any instance holding the
 * master key can check them without a database read, which keeps the hot path to one write.
 */
export function issueSessionToken(keys: ServerKeys, claims: SessionClaims): string {
  const body = Buffer.from(JSON.stringify([claims.appKey, claims.userKey, claims.market, claims.exp])).toString('base64url');
  return `s1.${body}.${mac(keys.session, body)}`;
}

/**
 * Tokens whose MAC already checked out, per key set: a game sends one session token with every
 * request of a session, and checking it again (HMAC, base64, JSON) was ~3% of a receipt's CPU
 * (issue #18). Only genuine tokens enter; the expiry is still checked on every use. Bounded:
 * the oldest entry leaves when it is full, and is checked again if it comes back.
 */
const CHECKED_SESSIONS_MAX = 10_000;
const checkedSessions = new WeakMap<ServerKeys, Map<string, Readonly<SessionClaims>>>();

export function readSessionToken(keys: ServerKeys, token: string, now: number): SessionClaims {
  let checked = checkedSessions.get(keys);
  if (!checked) checkedSessions.set(keys, (checked = new Map()));
  let claims = checked.get(token);
  if (!claims) {
    claims = Object.freeze(checkSessionToken(keys, token));
    if (checked.size >= CHECKED_SESSIONS_MAX) checked.delete(checked.keys().next().value!);
    checked.set(token, claims);
  }
  if (claims.exp <= now) throw new BillingError('SESSION_INVALID', 'The session expired; log in again.');
  return claims;
}

/** The claims of a genuine `s1.` token, expired or not; SESSION_INVALID for anything else. */
function checkSessionToken(keys: ServerKeys, token: string): SessionClaims {
  const [v, body, tag] = token.split('.');
  if (v !== 's1' || !body || !tag || !safeEqual(tag, mac(keys.session, body))) throw new BillingError('SESSION_INVALID');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new BillingError('SESSION_INVALID');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw new BillingError('SESSION_INVALID');
  const [appKey, userKey, market, exp] = parsed as [string, string, string, number];
  if (typeof exp !== 'number') throw new BillingError('SESSION_INVALID');
  return { appKey, userKey, market, exp };
}

/** The token the game server presents to consume: deterministic, so a replayed receipt gets the same one. */
export function paymentTokenFor(keys: ServerKeys, purchaseId: string): string {
  return `pt1.${mac(keys.payment, purchaseId)}`;
}

export function checkPaymentToken(keys: ServerKeys, purchaseId: string, token: string): boolean {
  return safeEqual(token, paymentTokenFor(keys, purchaseId));
}

/** The fields of a reservation a binding token is bound to. */
export interface BindingFields {
  appKey: string;
  userKey: string;
  productId: string;
  market: string;
  purchaseId: string;
  expiresAt: number;
}

const bindingText = (f: BindingFields) => [f.appKey, f.userKey, f.productId, f.market, f.purchaseId, f.expiresAt].join('\n');

/**
 * Developer payload / obfuscatedProfileId: `cb1.<purchaseId hex>.<mac>`, 59 chars, within
 * Google's 64-char limit. It carries only the purchase id; the MAC covers app, user, product,
 * market, purchase id and expiry, which the server reads back from the reservation row.
 */
export function issueBindingToken(keys: ServerKeys, fields: BindingFields): string {
  return `cb1.${fields.purchaseId.replace(/-/g, '')}.${mac(keys.payload, bindingText(fields), 16)}`;
}

/** The purchase id a binding token names, or undefined when it is not one of ours. */
export function bindingTokenPurchaseId(token: string): string | undefined {
  const m = /^cb1\.([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})\.[A-Za-z0-9_-]{22}$/.exec(token);
  return m ? m.slice(1, 6).join('-') : undefined;
}

export function checkBindingToken(keys: ServerKeys, token: string, fields: BindingFields): boolean {
  return safeEqual(token, issueBindingToken(keys, fields));
}

/** Google obfuscatedAccountId: a stable per-user hash that reveals nothing about the user key. */
export function obfuscatedAccountId(keys: ServerKeys, appKey: string, userKey: string): string {
  return mac(keys.userHash, `${appKey}\n${userKey}`, 24);
}

/**
 * Apple appAccountToken for purchases the game starts without a reservation (promoted in-app
 * purchases, offer codes): a stable per-user UUID (v4 layout) that reveals nothing about the
 * user key. A receipt carrying it can be claimed only by that user.
 */
export function userAppAccountToken(keys: ServerKeys, appKey: string, userKey: string): string {
  const hex = Buffer.from(mac(keys.userHash, `apple\n${appKey}\n${userKey}`, 16), 'base64url').toString('hex').padEnd(32, '0');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
