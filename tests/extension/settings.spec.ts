import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { openMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';
import { normalizeRsaPublicKey } from '../../extensions/common-billing/src/settings/public-key';
import { parseProductMap, formatProductMap } from '../../extensions/common-billing/src/settings/product-map';
import { normalizeAppKey, normalizeServerUrl } from '../../extensions/common-billing/src/settings/fields';
import { generateDataKey, setDataKeyCommand, type RandomBytes } from '../../extensions/common-billing/src/settings/data-key';
import { encryptPublicKey, storedKeyStatus } from '../../extensions/common-billing/src/settings/key-vault';
import { defaultSettings, settingsFromProfile } from '../../extensions/common-billing/src/settings/schema';
import { ecPublicKeyBase64, rsaPublicKeyBase64, rsaPublicKeyPem } from './support/keys';

const random: RandomBytes = (n) => new Uint8Array(randomBytes(n));

/** The reason a panel input was refused, as the panel shows it. */
function refusal(work: () => unknown): { code: string; field: unknown; reason: unknown } {
  try {
    work();
  } catch (err) {
    const e = err as { code: string; details?: Record<string, unknown> };
    return { code: e.code, field: e.details?.field, reason: e.details?.reason };
  }
  throw new Error('the input was accepted');
}

describe('extension: settings logic', () => {
  describe('market public keys', () => {
    it('accepts base64 SPKI RSA keys (one line or PEM) and returns one canonical line', () => {
      const key = rsaPublicKeyBase64();
      expect(normalizeRsaPublicKey(key, 'k')).to.deep.equal({ base64: key, modulusBits: 2048 });
      expect(normalizeRsaPublicKey(`  ${key.slice(0, 40)}\n${key.slice(40)}\n`, 'k').base64).to.equal(key);
      const pem = rsaPublicKeyPem();
      expect(normalizeRsaPublicKey(pem, 'k').base64).to.equal(pem.replace(/-----[^-]+-----|\s/g, ''));
      expect(normalizeRsaPublicKey(rsaPublicKeyBase64(1024), 'k').modulusBits).to.equal(1024);
    });

    it('refuses what is not a usable RSA public key, naming the field and the reason', () => {
      const rsa = rsaPublicKeyBase64();
      const cases: [string, string][] = [
        ['not base64 at all!', 'public-key-not-base64'],
        ['', 'public-key-not-base64'],
        [Buffer.from('hello world, no DER here').toString('base64'), 'public-key-not-spki'],
        [Buffer.concat([Buffer.from(rsa, 'base64'), Buffer.from([0])]).toString('base64'), 'public-key-not-spki'],
        [Buffer.from(rsa, 'base64').subarray(0, 100).toString('base64'), 'public-key-not-spki'],
        [ecPublicKeyBase64(), 'public-key-not-rsa'],
        [rsaPublicKeyBase64(512), 'public-key-too-small'],
      ];
      for (const [input, reason] of cases) {
        expect(refusal(() => normalizeRsaPublicKey(input, 'publicKey:google-play')), reason)
          .to.deep.equal({ code: 'VALIDATION_FAILED', field: 'publicKey:google-play', reason });
      }
    });

    it('encrypts under the data key so that the SDK decrypts it, and only with that key, app and market', () => {
      const key = rsaPublicKeyBase64();
      const dataKey = generateDataKey(random);
      const sealed = encryptPublicKey(key, dataKey, 'gas-station', 'one-store', random);
      expect(sealed).to.match(/^cbk1\./).and.not.to.contain(key.slice(30, 60));
      expect(openMarketKey(sealed, dataKey, 'gas-station', 'one-store')).to.equal(key);
      const other = generateDataKey(random);
      for (const [dk, app, market] of [[other, 'gas-station', 'one-store'], [dataKey, 'other-app', 'one-store'], [dataKey, 'gas-station', 'google-play']]) {
        expect(() => openMarketKey(sealed, dk!, app!, market!)).to.throw().with.property('code', 'MARKET_KEY_INVALID');
      }
      expect(storedKeyStatus(sealed, dataKey, 'gas-station', 'one-store')).to.equal('ok');
      expect(storedKeyStatus(sealed, other, 'gas-station', 'one-store')).to.equal('foreign');
      expect(storedKeyStatus('', dataKey, 'gas-station', 'one-store')).to.equal('none');
    });

    it('uses a fresh nonce each time and refuses a data key that is not 32 bytes', () => {
      const key = rsaPublicKeyBase64();
      const dataKey = generateDataKey(random);
      expect(encryptPublicKey(key, dataKey, 'a', 'naver', random)).not.to.equal(encryptPublicKey(key, dataKey, 'a', 'naver', random));
      expect(refusal(() => encryptPublicKey(key, Buffer.alloc(16).toString('base64'), 'a', 'naver', random)).reason).to.equal('data-key-invalid');
    });
  });

  describe('product mapping', () => {
    it('reads "game = market" lines, single ids, comments and blank lines, and writes them back', () => {
      const text = '# gas\ngas_10 = com.example.gas10\n\n  upgrade_car  \n';
      const products = parseProductMap(text, 'products:google-play');
      expect(products).to.deep.equal([
        { productId: 'gas_10', marketProductId: 'com.example.gas10' },
        { productId: 'upgrade_car', marketProductId: 'upgrade_car' },
      ]);
      expect(parseProductMap(formatProductMap(products), 'p')).to.deep.equal(products);
    });

    it('refuses a duplicate game product id, naming both lines', () => {
      const err = refusal(() => parseProductMap('gas_10 = a\nupgrade = b\ngas_10 = c', 'products:one-store'));
      expect(err).to.deep.equal({ code: 'VALIDATION_FAILED', field: 'products:one-store', reason: 'product-id-duplicate' });
      expect(() => parseProductMap('gas_10 = a\ngas_10 = c', 'p')).to.throw(/Line 2: "gas_10" is already mapped on line 1/);
    });

    it('refuses malformed lines and ids', () => {
      expect(refusal(() => parseProductMap('a = b = c', 'p')).reason).to.equal('product-line-invalid');
      expect(refusal(() => parseProductMap('a =', 'p')).reason).to.equal('product-line-invalid');
      expect(refusal(() => parseProductMap('gas 10 = x', 'p')).reason).to.equal('product-id-invalid');
      expect(refusal(() => parseProductMap(`${'x'.repeat(129)} = y`, 'p')).reason).to.equal('product-id-invalid');
    });
  });

  describe('server URL, app key, stored settings', () => {
    it('normalizes good values and refuses bad ones', () => {
      expect(normalizeServerUrl(' https://billing.example.com/ ')).to.equal('https://billing.example.com');
      expect(normalizeServerUrl('http://127.0.0.1:8080/base/')).to.equal('http://127.0.0.1:8080/base');
      for (const bad of ['', 'billing.example.com', 'ftp://x', 'https://u:p@x', 'https://x/?q=1', 'https://x/#f']) {
        expect(refusal(() => normalizeServerUrl(bad)).reason, bad).to.equal('server-url-invalid');
      }
      expect(normalizeAppKey(' gas-station ')).to.equal('gas-station');
      for (const bad of ['', 'has space', 'x'.repeat(129), 'ta\tb']) expect(refusal(() => normalizeAppKey(bad)).reason).to.equal('app-key-invalid');
    });

    it('reads a damaged or partial profile without failing, keeping what is valid', () => {
      expect(settingsFromProfile(undefined)).to.deep.equal(defaultSettings());
      expect(settingsFromProfile('garbage')).to.deep.equal(defaultSettings());
      const partial = settingsFromProfile({ serverUrl: 'https://x', markets: { naver: { enabled: true, encryptedPublicKey: '', products: [] }, sandbox: 7 } });
      expect(partial.serverUrl).to.equal('https://x');
      expect(partial.markets.naver!.enabled).to.equal(true);
      expect(partial.markets.sandbox).to.deep.equal({ enabled: false, encryptedPublicKey: '', products: [] });
    });

    it('prints the server CLI command, quoting what the shell would split', () => {
      expect(setDataKeyCommand('gas-station', 'AAAA+/==')).to.equal('common-billing apps set-data-key gas-station AAAA+/==');
      expect(setDataKeyCommand("it's", 'AAAA')).to.equal(`common-billing apps set-data-key 'it'\\''s' AAAA`);
    });
  });
});
