import { expect } from 'chai';
import { naverMarket } from '../../../server/src/markets/naver';
import { NaverSimulator } from '../../simulators/naver';
import { generateRsaLicenceKey, signText } from '../../simulators/keys';
import { rejectionOf, testContext } from './support';

describe('naver (NIAP, legacy) verifier', () => {
  const { ctx } = testContext();
  const naver = new NaverSimulator('com.example.game', ctx.now);
  const verifier = naverMarket.create(naver.marketConfig(), ctx).verifier;

  it('accepts a NIAP purchase: paymentSeq as id, productCode as product, developerPayload binding', async () => {
    const p = naver.purchase({ productCode: '1000013114', developerPayload: 'dp-9' });
    const v = await verifier.verify({ originalJson: p.originalJson, signature: p.signature });
    expect(v).to.include({ market: 'naver', storeTransactionId: p.paymentSeq, marketProductId: '1000013114', state: 'PURCHASED', test: false, environment: 'production' });
    expect(v.binding).to.deep.equal({ developerPayload: 'dp-9' });
  });

  const attacks: [string, () => unknown, string][] = [
    ['a SHA-256 signature where NIAP uses SHA-1', () => { const p = naver.purchase({ productCode: '1' }); return { originalJson: p.originalJson, signature: signText(p.originalJson, naver.key.privateKey, 'sha256') }; }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a receipt signed by a foreign key', () => { const p = naver.purchase({ productCode: '1' }); return { originalJson: p.originalJson, signature: signText(p.originalJson, generateRsaLicenceKey(1024).privateKey, 'sha1') }; }, 'RECEIPT_SIGNATURE_INVALID'],
    ['a forged productCode under the original signature', () => { const p = naver.purchase({ productCode: '1000013114' }); return { originalJson: p.originalJson.replace('1000013114', '1000099999'), signature: p.signature }; }, 'RECEIPT_SIGNATURE_INVALID'],
    ['another package', () => { const t = JSON.stringify({ ...JSON.parse(naver.purchase({ productCode: '1' }).originalJson), packageName: 'com.evil' }); return { originalJson: t, signature: naver.sign(t) }; }, 'RECEIPT_PACKAGE_MISMATCH'],
    ['a test-environment purchase in an app that refuses them', () => { const p = naver.purchase({ productCode: '1', environment: 'TEST' }); return { originalJson: p.originalJson, signature: p.signature }; }, 'RECEIPT_TEST_NOT_ALLOWED'],
    ['a signature with base64 garbage', () => ({ originalJson: naver.purchase({ productCode: '1' }).originalJson, signature: '%%%=' }), 'RECEIPT_MALFORMED'],
  ];
  for (const [name, build, code] of attacks) {
    it(`attack: rejects ${name} with ${code}`, async () => {
      expect((await rejectionOf(verifier.verify(build()))).code).to.equal(code);
    });
  }
});
