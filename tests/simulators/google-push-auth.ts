import { randomBytes, sign, webcrypto, KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;

/**
 * Google's side of Pub/Sub push authentication: RS256 OIDC tokens (iss accounts.google.com,
 * aud, email, email_verified) and the PEM certificate map that `OAuth2Client.verifyIdToken`
 * fetches from `endpoints.oauth2FederatedSignonPemCertsUrl` (served by the Play simulator at
 * `/oauth2/v1/certs`).
 */
export class GooglePushAuthority {
  readonly kid = randomBytes(8).toString('hex');
  readonly email = 'pubsub-push@sim-project.iam.gserviceaccount.com';

  private constructor(private readonly key: KeyObject, private readonly certPem: string) {}

  static async create(): Promise<GooglePushAuthority> {
    const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=sim-federated-signon.system.gserviceaccount.com', keys, signingAlgorithm: RSA,
      notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 30 * 86_400_000),
    });
    return new GooglePushAuthority(KeyObject.from(keys.privateKey), cert.toString('pem'));
  }

  /** `{kid: PEM certificate}`, the body of Google's oauth2/v1/certs. */
  certs(): Record<string, string> {
    return { [this.kid]: this.certPem };
  }

  /**
   * A push token for `audience`. google-auth-library checks iat/exp against the wall clock,
   * so tokens use real time unless a test wants an expired one (`issuedAtMs`).
   */
  mint(audience: string, opts: { issuedAtMs?: number; email?: string; emailVerified?: boolean } = {}): string {
    const iat = Math.floor((opts.issuedAtMs ?? Date.now()) / 1000);
    const encode = (obj: object) => Buffer.from(JSON.stringify(obj)).toString('base64url');
    const input = `${encode({ alg: 'RS256', kid: this.kid, typ: 'JWT' })}.${encode({
      iss: 'https://accounts.google.com', aud: audience, azp: '1000000000000000000000', sub: '1000000000000000000000',
      email: opts.email ?? this.email, email_verified: opts.emailVerified ?? true, iat, exp: iat + 3600,
    })}`;
    return `${input}.${sign('sha256', Buffer.from(input), this.key).toString('base64url')}`;
  }
}
