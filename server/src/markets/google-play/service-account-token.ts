import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { MarketContext } from '../types';
import { storeHttpError, transient } from '../shared/store-http-errors';
import { notConfigured } from '../shared/config';
import { GOOGLE_PLAY_MARKET_ID, type GoogleServiceAccount } from './config';

/** Refresh a minute early so a token never expires between issue and use. */
const EARLY_REFRESH_MS = 60_000;

/**
 * OAuth 2.0 jwt-bearer exchange for a Google service account (RFC 7523), done here rather
 * than in google-auth-library because that library hard-codes the token URL: we need it
 * configurable (STORES.md §1.3, §6 Google 3b). The assertion is RS256 over
 * {iss, scope, aud = token URL, iat, exp}.
 */
export class ServiceAccountTokenSource {
  private readonly key: KeyObject;
  private cached?: { token: string; expiresAtMs: number };
  private inflight?: Promise<string>;

  constructor(
    private readonly account: GoogleServiceAccount,
    private readonly tokenUrl: string,
    private readonly scope: string,
    private readonly ctx: Pick<MarketContext, 'now' | 'fetch'>,
  ) {
    try {
      this.key = createPrivateKey(account.private_key);
    } catch (cause) {
      throw notConfigured(GOOGLE_PLAY_MARKET_ID, 'developerApi.serviceAccount.private_key', cause);
    }
  }

  /** A valid access token, fetched at most once at a time. */
  async accessToken(): Promise<{ token: string; expiresAtMs: number }> {
    if (this.cached && this.cached.expiresAtMs - EARLY_REFRESH_MS > this.ctx.now()) return this.cached;
    this.inflight ??= this.exchange().finally(() => (this.inflight = undefined));
    await this.inflight;
    return this.cached!;
  }

  private async exchange(): Promise<string> {
    const iat = Math.floor(this.ctx.now() / 1000);
    const assertion = this.assertion({ iss: this.account.client_email, scope: this.scope, aud: this.tokenUrl, iat, exp: iat + 3600 });
    let response: Response;
    try {
      response = await this.ctx.fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
      });
    } catch (cause) {
      throw transient(GOOGLE_PLAY_MARKET_ID, 'api', cause);
    }
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!response.ok || typeof body.access_token !== 'string') {
      // The token endpoint answers 400 invalid_grant for a bad key or clock: that is credentials.
      const status = response.status === 400 ? 401 : response.ok ? 502 : response.status;
      throw storeHttpError(GOOGLE_PLAY_MARKET_ID, 'api', status, typeof body.error === 'string' ? body.error : 'token');
    }
    const lifetimeS = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    this.cached = { token: body.access_token, expiresAtMs: this.ctx.now() + lifetimeS * 1000 };
    return body.access_token;
  }

  private assertion(claims: Record<string, unknown>): string {
    const encode = (obj: object) => Buffer.from(JSON.stringify(obj)).toString('base64url');
    const input = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), this.key).toString('base64url')}`;
  }
}
