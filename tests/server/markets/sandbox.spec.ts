import { expect } from 'chai';
import { sandboxMarket } from '../../../server/src/markets/sandbox';
import { SandboxReceiptSigner } from '../../simulators/sandbox-receipts';
import { generateRsaLicenceKey, signText } from '../../simulators/keys';
import { rejectionOf, testContext, thrownBy } from './support';

describe('sandbox market verifier', () => {
  const signer = new SandboxReceiptSigner('com.example.game');
  const { ctx } = testContext();
  const verifier = sandboxMarket.create(signer.marketConfig(), ctx).verifier;

  it('accepts a signed purchased receipt as a test purchase in the sandbox environment', async () => {
    const { originalJson, signature, data } = signer.receipt({ productId: 'gem_100', developerPayload: 'cb1.payload' });
    const v = await verifier.verify({ originalJson, signature });
    expect(v).to.include({ market: 'sandbox', state: 'PURCHASED', environment: 'sandbox', test: true, marketProductId: 'gem_100', quantity: 1 });
    expect(v.storeTransactionId).to.equal(data.orderId);
    expect(v.purchaseToken).to.equal(data.purchaseToken);
    expect(v.binding).to.deep.equal({ developerPayload: 'cb1.payload' });
  });

  it('reports purchaseState 4 as PENDING', async () => {
    const { originalJson, signature } = signer.receipt({ productId: 'gem_100', developerPayload: 'p', purchaseState: 4 });
    expect((await verifier.verify({ originalJson, signature })).state).to.equal('PENDING');
  });

  const attacks: [string, () => unknown, string][] = [
    ['a receipt signed by another key', () => {
      const r = signer.receipt({ productId: 'gem_100', developerPayload: 'p' });
      return { originalJson: r.originalJson, signature: signText(r.originalJson, generateRsaLicenceKey().privateKey, 'sha256') };
    }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a SHA-1 signature instead of SHA-256', () => {
      const r = signer.receipt({ productId: 'gem_100', developerPayload: 'p' });
      return { originalJson: r.originalJson, signature: signText(r.originalJson, signer.key.privateKey, 'sha1') };
    }, 'RECEIPT_SIGNATURE_INVALID'],
    ['another package', () => {
      const other = new SandboxReceiptSigner('com.evil.game', signer.key);
      const r = other.receipt({ productId: 'gem_100', developerPayload: 'p' });
      return { originalJson: r.originalJson, signature: r.signature };
    }, 'RECEIPT_PACKAGE_MISMATCH'],
    ['a re-serialised (pretty-printed) JSON', () => {
      const r = signer.receipt({ productId: 'gem_100', developerPayload: 'p' });
      return { originalJson: JSON.stringify(r.data, null, 2), signature: r.signature };
    }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a signed receipt without purchaseToken', () => {
      const { purchaseToken: _drop, ...data } = signer.receipt({ productId: 'g', developerPayload: 'p' }).data;
      const text = JSON.stringify(data);
      return { originalJson: text, signature: signer.sign(text) };
    }, 'RECEIPT_MALFORMED'],
    ['an oversized developerPayload', () => {
      const text = JSON.stringify({ ...signer.receipt({ productId: 'g', developerPayload: 'p' }).data, developerPayload: 'x'.repeat(2000) });
      return { originalJson: text, signature: signer.sign(text) };
    }, 'RECEIPT_TOO_LARGE'],
    ['an unknown purchaseState', () => {
      const text = JSON.stringify({ ...signer.receipt({ productId: 'g', developerPayload: 'p' }).data, purchaseState: 2 });
      return { originalJson: text, signature: signer.sign(text) };
    }, 'RECEIPT_MALFORMED'],
  ];
  for (const [name, build, code] of attacks) {
    it(`rejects ${name} with ${code}`, async () => {
      expect((await rejectionOf(verifier.verify(build()))).code).to.equal(code);
    });
  }

  it('refuses to start without a usable public key or package (MARKET_NOT_CONFIGURED)', () => {
    expect(thrownBy(() => sandboxMarket.create({ packageName: 'x' } as never, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
    expect(thrownBy(() => sandboxMarket.create({ publicKeyPem: 'not a key', packageName: 'x' }, ctx)).code).to.equal('MARKET_NOT_CONFIGURED');
  });
});
