import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Every server-side MAC and seal comes from one master key (config `secrets.masterKey`, 32
 * random bytes, base64). Each purpose gets its own subkey so a token made for one purpose can
 * never be replayed as another. Instances that share a database must share the master key.
 */
export class ServerKeys {
  readonly session: Buffer;
  readonly payload: Buffer;
  readonly payment: Buffer;
  readonly userHash: Buffer;
  private readonly seal: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('The master key must be 32 bytes (base64 in the config file).');
    const sub = (label: string) => createHmac('sha256', masterKey).update(`common-billing/${label}`).digest();
    this.session = sub('session');
    this.payload = sub('payload');
    this.payment = sub('payment');
    this.userHash = sub('user-hash');
    this.seal = sub('seal');
  }

  static fromBase64(value: string): ServerKeys {
    return new ServerKeys(Buffer.from(value, 'base64'));
  }

  /** AES-256-GCM seal: `v1.<nonce>.<ciphertext+tag>` (base64url). */
  sealText(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.seal, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `v1.${nonce.toString('base64url')}.${body.toString('base64url')}`;
  }

  unsealText(sealed: string): string {
    const [v, nonce, body] = sealed.split('.');
    if (v !== 'v1' || !nonce || !body) throw new Error('Not a sealed value');
    const raw = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.seal, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8');
  }
}

export function mac(key: Buffer, text: string, bytes = 32): string {
  return createHmac('sha256', key).update(text).digest().subarray(0, bytes).toString('base64url');
}

/** Constant-time string comparison (different lengths compare unequal without leaking where). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** App secrets are 32 random bytes, so a fast hash is enough (no dictionary to attack). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}
