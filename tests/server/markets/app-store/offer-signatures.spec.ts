import { expect } from 'chai';
import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { forEachEngine } from '../../support/engines';
import { startAppStoreSimulator, type AppStoreSimulator } from '../../../simulators/app-store';
import { AppleSubscriptionHarness, START, VIP_BUNDLE } from './subscription-harness';

/**
 * POST /v1/app-store/offer-signatures (issue #16): a promotional offer signed with the app's
 * In-App Purchase key as Apple's "Generating a signature for promotional offers" says, for the
 * player's own reservation of a subscription only.
 */
forEachEngine('App Store promotional offer signatures', (engine) => {
  let apple: AppStoreSimulator;
  const clock = { now: START };
  before(async () => {
    apple = await startAppStoreSimulator({ bundleId: VIP_BUNDLE, environment: 'Sandbox', now: () => clock.now });
  });
  after(async () => apple?.close());
  let open: AppleSubscriptionHarness | undefined;
  afterEach(async () => {
    await open?.close();
    open = undefined;
  });
  const start = async (o: { serverApi?: boolean } = {}) => (open = await AppleSubscriptionHarness.start({ ...engine(), apple, clock, ...o }));

  it('signs appBundleID, keyIdentifier, product, offer, appAccountToken, nonce and timestamp with the In-App Purchase key', async () => {
    const h = await start();
    const session = await h.session('ann');
    const reservation = await h.reserve(session, 'vip_monthly');
    const res = await h.call('POST', '/v1/app-store/offer-signatures', { purchaseId: reservation.purchaseId, offerId: 'winter_back' }, session);
    expect(res.statusCode, res.body).to.equal(200);
    const body = res.json<{ keyId: string; nonce: string; timestamp: number; signature: string; productId: string; offerId: string; appAccountToken: string }>();
    expect(body).to.deep.include({ keyId: apple.apiKey.keyId, timestamp: clock.now, productId: 'vip_monthly', offerId: 'winter_back', appAccountToken: reservation.purchaseId });
    expect(body.nonce).to.match(/^[0-9a-f-]{36}$/);
    const signed = [VIP_BUNDLE, apple.apiKey.keyId, 'vip_monthly', 'winter_back', reservation.purchaseId.toLowerCase(), body.nonce, String(clock.now)].join('\u2063');
    const publicKey = createPublicKey(createPrivateKey(apple.apiKey.privateKeyPem));
    expect(verify('sha256', Buffer.from(signed), { key: publicKey, dsaEncoding: 'der' }, Buffer.from(body.signature, 'base64'))).to.equal(true);
    // A second request gets a fresh nonce (Apple: one per signature).
    const again = (await h.call('POST', '/v1/app-store/offer-signatures', { purchaseId: reservation.purchaseId, offerId: 'winter_back' }, session)).json<{ nonce: string }>();
    expect(again.nonce).to.not.equal(body.nonce);
  });

  it('refuses another player\u2019s reservation, a consumable, a used reservation, bad input and no session', async () => {
    const h = await start();
    const ann = await h.session('ann');
    const bob = await h.session('bob');
    const annVip = await h.reserve(ann, 'vip_monthly');
    const sign = (body: unknown, session?: string) => h.call('POST', '/v1/app-store/offer-signatures', body, session);
    const code = async (p: Promise<{ statusCode: number; json: <T>() => T }>) => {
      const r = await p;
      return [r.statusCode, r.json<{ error: { code: string } }>().error.code];
    };
    expect(await code(sign({ purchaseId: annVip.purchaseId, offerId: 'x' }, bob))).to.deep.equal([404, 'PURCHASE_NOT_FOUND']);
    const gas = await h.reserve(ann, 'gas');
    expect(await code(sign({ purchaseId: gas.purchaseId, offerId: 'x' }, ann))).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect(await code(sign({ purchaseId: annVip.purchaseId, offerId: '' }, ann))).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect(await code(sign({ purchaseId: 'not-a-uuid', offerId: 'x' }, ann))).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect((await sign({ purchaseId: annVip.purchaseId, offerId: 'x' })).statusCode).to.equal(401);
    // Once the receipt is in, the reservation is bound: no new offer for it.
    const s = apple.subscriptions.subscribe({ productId: 'vip_monthly', periodMs: 31 * 86_400_000, appAccountToken: annVip.purchaseId });
    const receipt = await h.call('POST', '/v1/receipts', { market: 'app-store', receipt: { signedTransaction: s.signedTransaction } }, ann);
    expect(receipt.statusCode, receipt.body).to.equal(200);
    expect(await code(sign({ purchaseId: annVip.purchaseId, offerId: 'x' }, ann))).to.deep.equal([409, 'PURCHASE_STATE_INVALID']);
  });

  it('is MARKET_NOT_CONFIGURED without the In-App Purchase key', async () => {
    const h = await start({ serverApi: false });
    const ann = await h.session('ann');
    const vip = await h.reserve(ann, 'vip_monthly');
    const res = await h.call('POST', '/v1/app-store/offer-signatures', { purchaseId: vip.purchaseId, offerId: 'x' }, ann);
    expect([res.statusCode, res.json<{ error: { code: string } }>().error.code]).to.deep.equal([400, 'MARKET_NOT_CONFIGURED']);
  });
});
