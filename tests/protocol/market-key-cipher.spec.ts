import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { openMarketKey, sealMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';
import { base64ToBytes, bytesToBase64, utf8Decode, utf8Encode } from '../../assets/common-billing/core/base64';
import { BillingError } from '../../assets/common-billing/protocol/error-codes';

const dataKey = randomBytes(32).toString('base64');
const licence = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + 'x'.repeat(40);

function sealed(): string {
  return sealMarketKey(licence, dataKey, 'app_1', 'google-play', new Uint8Array(randomBytes(12)));
}

describe('market key cipher (AES-256-GCM, DESIGN.md §6)', () => {
  it('round-trips a key under the same data key, app and market', () => {
    expect(openMarketKey(sealed(), dataKey, 'app_1', 'google-play')).to.equal(licence);
  });

  it('is readable by Node crypto with the documented format (interoperability with the server)', async () => {
    const { createDecipheriv } = await import('node:crypto');
    const [, nonce, body] = sealed().split('.') as [string, string, string];
    const raw = Buffer.from(body, 'base64');
    const d = createDecipheriv('aes-256-gcm', Buffer.from(dataKey, 'base64'), Buffer.from(nonce, 'base64'));
    d.setAAD(Buffer.from('app_1\ngoogle-play'));
    d.setAuthTag(raw.subarray(raw.length - 16));
    expect(Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]).toString()).to.equal(licence);
  });

  const failures: Array<[string, () => string]> = [
    ['a wrong data key', () => openMarketKey(sealed(), randomBytes(32).toString('base64'), 'app_1', 'google-play')],
    ['another app key (moved ciphertext)', () => openMarketKey(sealed(), dataKey, 'app_2', 'google-play')],
    ['another market (moved ciphertext)', () => openMarketKey(sealed(), dataKey, 'app_1', 'one-store')],
    ['a flipped ciphertext byte', () => {
      const [p, n, b] = sealed().split('.') as [string, string, string];
      const bytes = Buffer.from(b, 'base64');
      bytes[3] = bytes[3]! ^ 1;
      return openMarketKey(`${p}.${n}.${bytes.toString('base64')}`, dataKey, 'app_1', 'google-play');
    }],
    ['a truncated ciphertext', () => openMarketKey(sealed().slice(0, 30), dataKey, 'app_1', 'google-play')],
    ['an unknown format', () => openMarketKey('cbk9.AAAA.AAAA', dataKey, 'app_1', 'google-play')],
    ['a short data key', () => openMarketKey(sealed(), randomBytes(16).toString('base64'), 'app_1', 'google-play')],
  ];
  for (const [name, run] of failures) {
    it(`fails with MARKET_KEY_INVALID on ${name}`, () => {
      expect(run).to.throw(BillingError).with.property('code', 'MARKET_KEY_INVALID');
    });
  }
});

describe('engine-free base64 and UTF-8', () => {
  it('matches Buffer for every length 0..40', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = randomBytes(n);
      const text = bytesToBase64(new Uint8Array(bytes));
      expect(text).to.equal(bytes.toString('base64'));
      expect(Buffer.from(base64ToBytes(text)!)).to.deep.equal(bytes);
    }
  });

  it('rejects non-canonical base64', () => {
    for (const bad of ['abc', 'ab=c', 'a b=', '****']) expect(base64ToBytes(bad)).to.equal(null);
  });

  it('encodes and decodes UTF-8 like Node, including astral characters', () => {
    for (const s of ['', 'gas', '가스 충전', '⛽🚗', 'ÿ\u0800\uffff']) {
      expect(Buffer.from(utf8Encode(s))).to.deep.equal(Buffer.from(s, 'utf8'));
      expect(utf8Decode(utf8Encode(s))).to.equal(s);
    }
  });

  it('refuses malformed UTF-8', () => {
    for (const bad of [[0xff], [0xc0, 0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80]]) expect(utf8Decode(Uint8Array.from(bad))).to.equal(null);
  });
});
