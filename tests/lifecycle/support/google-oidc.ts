import { createSign, KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { startLoopbackServer } from '../../simulators/http';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

/**
 * Google's side of an authenticated Pub/Sub push: an RS256 key whose certificate is served
 * as `{kid: pem}` (the shape of https://www.googleapis.com/oauth2/v1/certs) on 127.0.0.1,
 * and OIDC tokens signed with it.
 */
export async function startGoogleOidc(now: () => number) {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: 'CN=pubsub-oidc-test', keys,
    notBefore: new Date(now() - 86_400_000), notAfter: new Date(now() + 30 * 86_400_000), signingAlgorithm: ALG,
  });
  const kid = 'test-kid-1';
  const server = await startLoopbackServer(() => ({ status: 200, body: { [kid]: cert.toString('pem') } }));
  const privateKey = KeyObject.from(keys.privateKey);
  return {
    certsUrl: `${server.origin}/oauth2/v1/certs`,
    close: server.close,
    token(claims: Record<string, unknown>, headerKid = kid): string {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const input = `${enc({ alg: 'RS256', kid: headerKid, typ: 'JWT' })}.${enc(claims)}`;
      return `${input}.${createSign('sha256').update(input).sign(privateKey).toString('base64url')}`;
    },
  };
}
