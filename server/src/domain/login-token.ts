import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { AppRow } from '../storage/repos/apps';
import type { BillingContext } from './context';
import { mac, safeEqual } from './keys';

/**
 * The game server vouches for its player with a login token:
 *
 *   loginToken = "v1." + exp + "." + base64url(HMAC-SHA256(app secret, "cb-login-v1\n" + appKey + "\n" + exp + "\n" + userKey))
 *
 * `exp` is Unix seconds. The app key and the expiry are inside the MAC, so a token is good for
 * one user of one app for minutes; the user key comes last, so no choice of user key can make
 * two different inputs sign the same bytes (app keys have no newline, exp is digits).
 */
export const LOGIN_TOKEN_PREFIX = 'v1';
/** The longest a token may live: a token is made per login, not stored on the device. */
export const MAX_LOGIN_TOKEN_MINUTES = 60;
const SKEW_S = 60;

export function loginTokenInput(appKey: string, userKey: string, expSeconds: number): string {
  return `cb-login-v1\n${appKey}\n${expSeconds}\n${userKey}`;
}

export function loginTokenFor(secret: string, appKey: string, userKey: string, expSeconds: number): string {
  return `${LOGIN_TOKEN_PREFIX}.${expSeconds}.${mac(Buffer.from(secret, 'utf8'), loginTokenInput(appKey, userKey, expSeconds))}`;
}

/** The old static signature (HMAC of the user key alone, never expiring): accepted only in the migration window. */
export function legacyUserSignatureFor(secret: string, userKey: string): string {
  return mac(Buffer.from(secret, 'utf8'), userKey);
}

const TOKEN = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export interface PlayerCredentials {
  userKey: string;
  loginToken?: string;
  /** Only from builds made before login tokens; see `legacy_signature_until`. */
  userSignature?: string;
}

/**
 * Checks that the game server vouched for `userKey`. Required for every app unless it is
 * sandbox-only with login tokens switched off. Comparisons are constant-time.
 */
export function checkPlayerIdentity(ctx: BillingContext, app: AppRow, c: PlayerCredentials): void {
  const required = Number(app.login_token_required) === 1 || Number(app.sandbox_only) !== 1;
  const secret = () => ctx.keys.unsealText(app.secret_sealed);
  const token = c.loginToken;
  if (token !== undefined && TOKEN.test(token)) {
    const [, expText] = TOKEN.exec(token) as unknown as [string, string];
    const exp = Number(expText);
    // The MAC first: an expired token for another user is "invalid", not "expired".
    if (!safeEqual(token, loginTokenFor(secret(), app.app_key, c.userKey, exp))) throw new BillingError('LOGIN_TOKEN_INVALID');
    const nowS = Math.floor(ctx.now() / 1000);
    if (exp < nowS - SKEW_S || exp > nowS + MAX_LOGIN_TOKEN_MINUTES * 60 + SKEW_S) {
      throw new BillingError('LOGIN_TOKEN_EXPIRED', undefined, { details: { maxMinutes: MAX_LOGIN_TOKEN_MINUTES } });
    }
    return;
  }
  // Builds made before login tokens send the static signature (as userSignature, or in its place).
  const legacy = c.userSignature ?? token;
  if (legacy !== undefined) {
    const until = app.legacy_signature_until === null ? undefined : Number(app.legacy_signature_until);
    const inWindow = until !== undefined && ctx.now() < until;
    if (inWindow && safeEqual(legacy, legacyUserSignatureFor(secret(), c.userKey))) return;
    if (!required) return;
    throw new BillingError(token !== undefined && c.userSignature === undefined && !inWindow ? 'LOGIN_TOKEN_INVALID' : 'USER_SIGNATURE_INVALID');
  }
  if (required) throw new BillingError('LOGIN_TOKEN_REQUIRED');
}
