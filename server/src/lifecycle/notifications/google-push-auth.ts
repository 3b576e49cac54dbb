import { X509Certificate, verify } from 'node:crypto';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';

export interface GooglePushAuthConfig {
  /** Google's PEM certificates, `{kid: pem}` (https://www.googleapis.com/oauth2/v1/certs). */
  certsUrl: string;
  audience: string;
  serviceAccountEmail?: string;
  issuers?: string[];
}

const DEFAULT_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];
const CERTS_TTL_MS = 3600_000;
const SKEW_S = 300;

/**
 * Verifies the OIDC token Pub/Sub attaches to an authenticated push (STORES.md §1.4):
 * RS256 by one of Google's current certificates, issuer, audience, expiry on the injected
 * clock, and the push service account's verified email. Anything else fails closed.
 */
export class GooglePushVerifier {
  private certs?: { byKid: Map<string, X509Certificate>; fetchedAt: number };

  constructor(private readonly config: GooglePushAuthConfig, private readonly io: { now(): number; fetch: typeof fetch }) {}

  async verify(authorization: string | undefined): Promise<Record<string, unknown>> {
    const m = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!m) throw deny('The push carries no bearer token.');
    const [, h, p, s] = m as unknown as [string, string, string, string];
    const header = decode(h);
    const claims = decode(p);
    if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw deny('The push token is not RS256 with a key id.');
    const cert = await this.cert(header.kid);
    if (!cert || !verify('sha256', Buffer.from(`${h}.${p}`), cert.publicKey, Buffer.from(s, 'base64url'))) throw deny('The push token signature does not verify.');
    const nowS = this.io.now() / 1000;
    if (!(this.config.issuers ?? DEFAULT_ISSUERS).includes(String(claims.iss))) throw deny('The push token has a foreign issuer.');
    if (claims.aud !== this.config.audience) throw deny('The push token is for another audience.');
    if (typeof claims.exp !== 'number' || claims.exp + SKEW_S < nowS) throw deny('The push token expired.');
    if (typeof claims.iat === 'number' && claims.iat - SKEW_S > nowS) throw deny('The push token is from the future.');
    if (this.config.serviceAccountEmail !== undefined && (claims.email !== this.config.serviceAccountEmail || claims.email_verified !== true)) {
      throw deny('The push token names another service account.');
    }
    return claims;
  }

  /** Google rotates its keys: refetch when the cache is old or the kid is new to us. */
  private async cert(kid: string): Promise<X509Certificate | undefined> {
    const fresh = this.certs && this.io.now() - this.certs.fetchedAt < CERTS_TTL_MS;
    if (!fresh || !this.certs?.byKid.has(kid)) await this.refresh();
    return this.certs?.byKid.get(kid);
  }

  private async refresh(): Promise<void> {
    let body: unknown;
    try {
      const response = await this.io.fetch(this.config.certsUrl);
      if (!response.ok) throw new Error(`certs answered ${response.status}`);
      body = await response.json();
    } catch (cause) {
      throw new BillingError('STORE_UNAVAILABLE', 'Google push certificates could not be fetched.', { cause, details: { market: 'google-play' } });
    }
    const byKid = new Map<string, X509Certificate>();
    for (const [kid, pem] of Object.entries((body ?? {}) as Record<string, unknown>)) {
      try {
        if (typeof pem === 'string') byKid.set(kid, new X509Certificate(pem));
      } catch {
        // A certificate we cannot parse is simply not trusted.
      }
    }
    this.certs = { byKid, fetchedAt: this.io.now() };
  }
}

function decode(segment: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw deny('The push token is not a JWT.');
}

function deny(message: string): BillingError {
  return new BillingError('NOTIFICATION_AUTH_FAILED', message, { details: { market: 'google-play' } });
}
