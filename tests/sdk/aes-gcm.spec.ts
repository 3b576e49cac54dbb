import { expect } from 'chai';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { openAesGcm, sealAesGcm } from '../../assets/common-billing/core/aes-gcm';

/** OpenSSL's AES-256-GCM: ciphertext followed by the 16-byte tag. */
function opensslSeal(key: Buffer, nonce: Buffer, aad: Buffer, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(aad);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function opensslOpen(key: Buffer, nonce: Buffer, aad: Buffer, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce).setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('AES-256-GCM of the market key (checked against OpenSSL)', () => {
  it('matches the GCM specification\u2019s AES-256 test cases 13 and 14 (zero key and nonce)', () => {
    const zero = new Uint8Array(32);
    const nonce = new Uint8Array(12);
    expect(hex(sealAesGcm(zero, nonce, new Uint8Array(0), new Uint8Array(0)))).to.equal('530f8afbc74536b9a963b4f1c4cb738b');
    expect(hex(sealAesGcm(zero, nonce, new Uint8Array(0), new Uint8Array(16)))).to.equal('cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919');
  });

  it('seals exactly as OpenSSL does and opens what OpenSSL sealed, for every length of data and additional data up to 3 blocks', () => {
    for (let length = 0; length <= 48; length++) {
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const aad = randomBytes((length * 7) % 50);
      const plain = randomBytes(length);
      const ours = sealAesGcm(key, nonce, aad, plain);
      expect(hex(ours), `length ${length}`).to.equal(opensslSeal(key, nonce, aad, plain).toString('hex'));
      expect(hex(opensslOpen(key, nonce, aad, Buffer.from(ours)))).to.equal(plain.toString('hex'));
      expect(hex(openAesGcm(key, nonce, aad, opensslSeal(key, nonce, aad, plain)))).to.equal(plain.toString('hex'));
    }
  });

  it('agrees with OpenSSL on a market-key-sized input (an RSA public key in base64)', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const aad = Buffer.from('gas-station\ngoogle-play');
    const plain = randomBytes(294).toString('base64');
    const sealed = opensslSeal(key, nonce, aad, Buffer.from(plain));
    expect(Buffer.from(openAesGcm(key, nonce, aad, sealed)).toString()).to.equal(plain);
    expect(hex(sealAesGcm(key, nonce, aad, Buffer.from(plain)))).to.equal(sealed.toString('hex'));
  });

  it('refuses any changed bit of ciphertext or tag, another key, nonce or additional data, and a short input', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const aad = Buffer.from('app\nmarket');
    const sealed = Buffer.from(sealAesGcm(key, nonce, aad, Buffer.from('a market public key')));
    for (let bit = 0; bit < sealed.length * 8; bit++) {
      const changed = Buffer.from(sealed);
      changed[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => openAesGcm(key, nonce, aad, changed), `bit ${bit}`).to.throw('tag does not match');
    }
    expect(() => openAesGcm(randomBytes(32), nonce, aad, sealed)).to.throw('tag does not match');
    expect(() => openAesGcm(key, randomBytes(12), aad, sealed)).to.throw('tag does not match');
    expect(() => openAesGcm(key, nonce, Buffer.from('app\nother'), sealed)).to.throw('tag does not match');
    expect(() => openAesGcm(key, nonce, aad, sealed.subarray(0, 15))).to.throw('shorter than its tag');
    expect(() => openAesGcm(randomBytes(16), nonce, aad, sealed)).to.throw('32-byte key');
    expect(() => sealAesGcm(key, randomBytes(16), aad, sealed)).to.throw('12-byte nonce');
  });
});
