import { expect } from 'chai';
import { googlePlayMarket } from '../../../server/src/markets/google-play';
import { startGooglePlaySimulator, type GooglePlaySimulator } from '../../simulators/google-play';
import { generateRsaLicenceKey, signText } from '../../simulators/keys';
import type { VerifiedReceipt } from '../../../server/src/markets/types';
import { rejectionOf, testContext, thrownBy } from './support';

const PACKAGE = 'com.example.game';

describe('google-play verifier (signature and fields, offline)', () => {
  let sim: GooglePlaySimulator;
  const { ctx } = testContext();
  let verify: (r: unknown) => Promise<VerifiedReceipt>;

  before(async () => {
    sim = await startGooglePlaySimulator({ packageName: PACKAGE, now: ctx.now });
    const service = googlePlayMarket.create(sim.marketConfig({ online: false }), ctx);
    verify = (r) => service.verifier.verify(r);
  });
  after(() => sim.close());

  /** Signs arbitrary JSON text with the simulator's real licence key. */
  const signed = (text: string) => ({ originalJson: text, signature: sim.sign(text) });
  const base = () => JSON.parse(sim.purchase({ productId: 'gem_100', obfuscatedAccountId: 'acc-1' }).originalJson) as Record<string, unknown>;

  it('accepts a Play purchase and extracts orderId, token, product and binding', async () => {
    const receipt = sim.purchase({ productId: 'gem_100', obfuscatedAccountId: 'acc-1', obfuscatedProfileId: 'pur-9' });
    const v = await verify({ originalJson: receipt.originalJson, signature: receipt.signature });
    expect(v).to.include({ market: 'google-play', state: 'PURCHASED', storeTransactionId: receipt.orderId, purchaseToken: receipt.purchaseToken, marketProductId: 'gem_100', test: false });
    expect(v.binding).to.deep.equal({ obfuscatedAccountId: 'acc-1', obfuscatedProfileId: 'pur-9' });
  });

  it('maps raw purchaseState 4 to PENDING and uses the purchaseToken when orderId is absent', async () => {
    const receipt = sim.purchase({ productId: 'gem_100', pending: true });
    const v = await verify({ originalJson: receipt.originalJson, signature: receipt.signature });
    expect(v.state).to.equal('PENDING');
    expect(v.storeTransactionId).to.equal(receipt.purchaseToken);
  });

  it('keeps the legacy developerPayload binding and the productIds form', async () => {
    const v = await verify(signed(JSON.stringify({ ...base(), productId: undefined, productIds: ['gem_100'], developerPayload: 'legacy' })));
    expect(v.marketProductId).to.equal('gem_100');
    expect(v.binding.developerPayload).to.equal('legacy');
  });

  const attacks: [string, () => unknown, string?][] = [
    ['a re-serialised (pretty-printed) JSON', () => {
      const r = sim.purchase({ productId: 'gem_100' });
      return { originalJson: JSON.stringify(JSON.parse(r.originalJson), null, 1), signature: r.signature };
    }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a forged productId under the original signature', () => {
      const r = sim.purchase({ productId: 'gem_1' });
      return { originalJson: r.originalJson.replace('"gem_1"', '"gem_9999"'), signature: r.signature };
    }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a receipt signed by a foreign key', () => {
      const text = JSON.stringify(base());
      return { originalJson: text, signature: signText(text, generateRsaLicenceKey().privateKey, 'sha1') };
    }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a SHA-256 signature where Play uses SHA-1', () => {
      const text = JSON.stringify(base());
      return { originalJson: text, signature: signText(text, sim.key.privateKey, 'sha256') };
    }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a truncated signature', () => {
      const r = sim.purchase({ productId: 'gem_100' });
      return { originalJson: r.originalJson, signature: r.signature.slice(0, 200) };
    }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a signature that is not base64', () => ({ originalJson: '{"a":1}', signature: 'not*base64!' })],
    ['another app package', () => signed(JSON.stringify({ ...base(), packageName: 'com.evil.clone' })), 'RECEIPT_PACKAGE_MISMATCH'],
    ['productId and productIds that disagree', () => signed(JSON.stringify({ ...base(), productIds: ['gem_9999'] })), 'RECEIPT_PRODUCT_MISMATCH'],
    ['a multi-product purchase', () => signed(JSON.stringify({ ...base(), productId: undefined, productIds: ['a', 'b'] })), 'RECEIPT_PRODUCT_MISMATCH'],
    ['signed text that is not JSON', () => signed('orderId=1&productId=gem'), 'RECEIPT_MALFORMED'],
    ['a signed JSON array', () => signed('[1,2,3]'), 'RECEIPT_MALFORMED'],
    ['a missing purchaseToken', () => signed(JSON.stringify({ ...base(), purchaseToken: undefined })), 'RECEIPT_MALFORMED'],
    ['a numeric productId', () => signed(JSON.stringify({ ...base(), productId: 42 })), 'RECEIPT_MALFORMED'],
    ['a negative quantity', () => signed(JSON.stringify({ ...base(), quantity: -5 })), 'RECEIPT_MALFORMED'],
    ['an oversized obfuscatedAccountId', () => signed(JSON.stringify({ ...base(), obfuscatedAccountId: 'x'.repeat(5000) })), 'RECEIPT_TOO_LARGE'],
    ['an oversized originalJson', () => ({ originalJson: `{"pad":"${'x'.repeat(20000)}"}`, signature: 'AAAA' }), 'RECEIPT_TOO_LARGE'],
    ['an extra receipt field', () => ({ ...sim.purchase({ productId: 'gem_100' }), signature: 'AAAA', extra: 1 }), 'RECEIPT_MALFORMED'],
    ['a receipt that is a string', () => 'originalJson', 'RECEIPT_MALFORMED'],
    ['a JWS where a signed JSON is expected', () => ({ signedTransaction: 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA' }), 'RECEIPT_MALFORMED'],
  ];
  for (const [name, build, code = 'RECEIPT_MALFORMED'] of attacks) {
    it(`attack: rejects ${name} with ${code}`, async () => {
      expect((await rejectionOf(verify(build()))).code).to.equal(code);
    });
  }

  it('refuses to start without a licence key, with a non-RSA key, or without a package name', () => {
    expect(thrownBy(() => googlePlayMarket.create({ packageName: PACKAGE } as never, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
    expect(thrownBy(() => googlePlayMarket.create({ packageName: PACKAGE, licenceKey: 'A'.repeat(100) }, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
    expect(thrownBy(() => googlePlayMarket.create({ licenceKey: sim.licenceKey } as never, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
  });
});
