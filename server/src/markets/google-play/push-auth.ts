import { OAuth2Client } from 'google-auth-library';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { GOOGLE_CERTS_URL, type PubSubOidcAuth } from '../../domain/notification-auth';

/**
 * Verifies the OIDC token Pub/Sub attaches to an authenticated push (STORES.md §1.4) with
 * google-auth-library's `OAuth2Client.verifyIdToken`: RS256 by one of Google's current
 * certificates (fetched from `certsUrl` and cached for as long as its Cache-Control max-age
 * says), issuer accounts.google.com, the configured audience, iat/exp on the wall clock; then
 * the push service account's verified email. Anything else fails closed.
 */
export class GooglePushVerifier {
  /** One client per certificate URL, so the certificate cache is shared by every app and request. */
  private readonly clients = new Map<string, OAuth2Client>();

  async verify(authorization: string | undefined, auth: PubSubOidcAuth): Promise<void> {
    const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!m) throw deny('The push carries no bearer token.');
    const client = this.client(auth.certsUrl ?? GOOGLE_CERTS_URL);
    let payload: Record<string, unknown> | undefined;
    try {
      const ticket = await client.verifyIdToken({ idToken: m[1]!, audience: auth.audience });
      payload = ticket.getPayload() as Record<string, unknown> | undefined;
    } catch (error) {
      if (isCertFetchFailure(error)) {
        throw new BillingError('STORE_UNAVAILABLE', 'Google push certificates could not be fetched.', { cause: error, details: { market: 'google-play' } });
      }
      throw deny(`The push token does not verify: ${reasonOf(error)}.`);
    }
    if (!payload || payload.email !== auth.serviceAccountEmail || payload.email_verified !== true) {
      throw deny('The push token names another service account.');
    }
  }

  private client(certsUrl: string): OAuth2Client {
    let client = this.clients.get(certsUrl);
    if (!client) {
      client = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: certsUrl } });
      this.clients.set(certsUrl, client);
    }
    return client;
  }
}

function isCertFetchFailure(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Failed to retrieve verification certificates');
}

/** The library's messages quote the whole token; keep only the reason. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/audience/i.test(message)) return 'another audience';
  if (/too late/i.test(message)) return 'expired';
  if (/too early/i.test(message)) return 'issued in the future';
  if (/issuer/i.test(message)) return 'foreign issuer';
  if (/No pem found/i.test(message)) return 'unknown signing key';
  if (/signature/i.test(message)) return 'bad signature';
  return 'malformed token';
}

function deny(message: string): BillingError {
  return new BillingError('NOTIFICATION_AUTH_FAILED', message, { details: { market: 'google-play' } });
}
