import { createPrivateKey } from 'node:crypto';
import { JWT, gaxios, type Credentials } from 'google-auth-library';
import type { MarketContext } from '../types';
import { storeHttpError, transient } from '../shared/store-http-errors';
import { notConfigured } from '../shared/config';
import { DEFAULT_GOOGLE_TOKEN_URL, GOOGLE_PLAY_MARKET_ID, type GoogleServiceAccount } from './config';

/** Refresh a minute early so a token never expires between issue and use. */
const EARLY_REFRESH_MS = 60_000;

/**
 * The OAuth 2.0 jwt-bearer exchange for a Google service account (RFC 7523), done by
 * google-auth-library's `JWT` client (it signs the RS256 assertion and posts it).
 *
 * google-auth-library 10.9.1 posts to a fixed https://oauth2.googleapis.com/token (its gtoken
 * module has the URL and the assertion's `aud` as constants; no JWT/OAuth2Client option changes
 * them). The URL stays configurable (simulator, proxies) through the library's own transport
 * hook: a gaxios request interceptor sends that one URL to the configured endpoint, through the
 * market's fetch. The assertion's `aud` stays Google's token URL, which is what Google requires.
 * Retries are the core's (a retryable error), so gaxios' own token retries are off.
 *
 * Tokens are cached here on the market clock (the library would judge expiry on the wall clock).
 */
export class ServiceAccountTokenSource {
  /** A new JWT client per exchange: its token cache runs on the wall clock, ours on the market clock. */
  private readonly newClient: () => JWT;
  private cached?: { token: string; expiresAtMs: number };
  private inflight?: Promise<void>;

  constructor(
    account: GoogleServiceAccount,
    tokenUrl: string,
    scope: string,
    private readonly ctx: Pick<MarketContext, 'now' | 'fetch'>,
  ) {
    try {
      createPrivateKey(account.private_key);
    } catch (cause) {
      throw notConfigured(GOOGLE_PLAY_MARKET_ID, 'developerApi.serviceAccount.private_key', cause);
    }
    const transporter = new gaxios.Gaxios({ fetchImplementation: ctx.fetch });
    transporter.interceptors.request.add({
      resolved: async (options) => {
        if (options.url.href === DEFAULT_GOOGLE_TOKEN_URL) {
          options.url = new URL(tokenUrl);
          options.retry = false;
          options.retryConfig = { ...options.retryConfig, retry: 0 };
        }
        return options;
      },
    });
    this.newClient = () => new JWT({ email: account.client_email, key: account.private_key, scopes: [scope], transporter });
  }

  /** A valid access token, fetched at most once at a time. */
  async accessToken(): Promise<{ token: string; expiresAtMs: number }> {
    if (this.cached && this.cached.expiresAtMs - EARLY_REFRESH_MS > this.ctx.now()) return this.cached;
    this.inflight ??= this.exchange().finally(() => (this.inflight = undefined));
    await this.inflight;
    return this.cached!;
  }

  private async exchange(): Promise<void> {
    const requested = this.ctx.now();
    let credentials: Credentials;
    try {
      credentials = await this.newClient().authorize();
    } catch (cause) {
      const status = (cause as { response?: { status?: number; data?: { error?: unknown } } }).response?.status;
      if (typeof status !== 'number') throw transient(GOOGLE_PLAY_MARKET_ID, 'api', cause);
      const error = (cause as { response?: { data?: { error?: unknown } } }).response?.data?.error;
      // The token endpoint answers 400 invalid_grant for a bad key or clock: that is credentials.
      throw storeHttpError(GOOGLE_PLAY_MARKET_ID, 'api', status === 400 ? 401 : status, typeof error === 'string' ? error : 'token', cause);
    }
    if (typeof credentials.access_token !== 'string') throw storeHttpError(GOOGLE_PLAY_MARKET_ID, 'api', 502, 'token');
    // expiry_date is the library's wall-clock reading; keep its lifetime, measured on our clock.
    const lifetimeMs = typeof credentials.expiry_date === 'number' ? Math.max(0, credentials.expiry_date - Date.now()) : 3600_000;
    this.cached = { token: credentials.access_token, expiresAtMs: requested + lifetimeMs };
  }
}
