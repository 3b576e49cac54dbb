import { generateKeyPairSync, sign, createPublicKey, verify, type KeyObject } from 'node:crypto';

/** An RSA key pair as the stores hand it out: public half as base64 SPKI DER ("licence key"). */
export interface RsaLicenceKey {
  privateKey: KeyObject;
  /** base64 X.509 SubjectPublicKeyInfo DER, the Play Console / ONE store / Naver format. */
  licenceKey: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

export function generateRsaLicenceKey(bits = 2048): RsaLicenceKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKey,
    licenceKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** base64 RSASSA-PKCS1-v1_5 over the exact UTF-8 bytes of `text`. */
export function signText(text: string, key: KeyObject, digest: 'sha1' | 'sha256' | 'sha512'): string {
  return sign(digest, Buffer.from(text, 'utf8'), key).toString('base64');
}

/** Verifies an RS256 compact JWT with a public key; returns its claims or undefined. */
export function verifyRs256Jwt(jwt: string, publicKey: KeyObject | string): Record<string, unknown> | undefined {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) return undefined;
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
    if (header.alg !== 'RS256') return undefined;
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return undefined;
    return JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
