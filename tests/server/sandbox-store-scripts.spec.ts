import { expect } from 'chai';
import type { EntitlementsResponse } from '../../assets/common-billing/protocol/entitlements';
import type { ConsumeResponse, SubmitReceiptResponse } from '../../assets/common-billing/protocol/api';
import type { SandboxStorePurchase } from '../../assets/common-billing/protocol/sandbox';
import { defaultMarketRegistry } from '../../server/src/market-registry';
import { forEachEngine } from './support/engines';
import { startHarness, type Harness } from './support/harness';

const SANDBOX = 'sandbox';

/**
 * The two one-time scripts of the sandbox store (issue #16): a refund after delivery (the store
 * revokes a delivered purchase; the server records purchase.revoked and the entitlement ends),
 * and a duplicate purchase callback (the same store purchase reported twice is one purchase,
 * delivered once).
 */
forEachEngine('sandbox store: refund after delivery and duplicate callback', (engine) => {
  let h: Harness;
  let session: string;
  beforeEach(async () => {
    h = await startHarness({ ...engine(), markets: defaultMarketRegistry });
    session = (await h.login('player-1', {}, SANDBOX)).sessionToken;
  });
  afterEach(async () => h?.close());

  async function buyAndDeliver(productId: string, outcome = 'approve') {
    const r = await h.reserve(session, productId);
    const res = await h.post('/v1/sandbox/purchases', { productId: r.marketProductId, developerPayload: r.payload.developerPayload, outcome }, session);
    expect(res.statusCode, res.body).to.equal(200);
    const store = res.json<{ purchase: SandboxStorePurchase }>().purchase;
    const verified = await h.post('/v1/receipts', { market: SANDBOX, receipt: store.receipt }, session);
    expect(verified.statusCode, verified.body).to.equal(200);
    const { purchase, paymentToken } = verified.json<SubmitReceiptResponse>();
    const consumed = await h.post(`/v1/purchases/${purchase.purchaseId}/consume`, { paymentToken }, h.secretKey);
    expect(consumed.statusCode, consumed.body).to.equal(200);
    return { store, purchaseId: purchase.purchaseId, paymentToken };
  }
  const events = async (purchaseId: string) => (await h.tdb.db.all<{ type: string; detail: string }>(
    'SELECT type, detail FROM purchase_events WHERE purchase_id = ? ORDER BY at, type', [purchaseId],
  ));

  it('refund after delivery: the store voids its record and the server revokes the delivered purchase at once', async () => {
    const { store, purchaseId } = await buyAndDeliver('car_upgrade');
    h.clock.now += 60_000;
    const refunded = await h.post('/v1/sandbox/refunds', { productId: 'car_upgrade' }, session);
    expect(refunded.statusCode, refunded.body).to.equal(200);
    expect(refunded.json<{ purchase: SandboxStorePurchase }>().purchase).to.include({ purchaseToken: store.purchaseToken, state: 'refunded' });

    const row = await h.tdb.db.get<{ state: string; revoke_reason: string; revoked_at: number }>('SELECT state, revoke_reason, revoked_at FROM purchases WHERE purchase_id = ?', [purchaseId]);
    expect(row).to.deep.include({ state: 'REVOKED', revoke_reason: 'sandbox:refund' });
    expect(Number(row!.revoked_at)).to.equal(h.clock.now);
    const revoked = (await events(purchaseId)).filter((e) => e.type === 'REVOKED');
    expect(revoked).to.have.length(1);
    expect(JSON.parse(revoked[0]!.detail)).to.include({ delivered: true, source: 'notification' });
    const refunds = await h.tdb.db.get<{ refunds_after_delivery: number }>('SELECT refunds_after_delivery FROM lifecycle_user_refunds WHERE app_key = ? AND user_key = ?', [h.appKey, 'player-1']);
    expect(Number(refunds?.refunds_after_delivery)).to.equal(1);

    const answer = (await h.get('/v1/users/player-1/entitlements', h.secretKey)).json<EntitlementsResponse>();
    expect(answer.entitlements.find((e) => e.group === 'car_upgrade')).to.include({ state: 'REVOKED', active: false });
    // The refunded purchase has left the store's list of owned purchases (queryPurchases).
    expect((await h.get('/v1/sandbox/purchases', session)).json().purchases).to.deep.equal([]);
  });

  it('refund is once: a second refund of the same product finds nothing paid; other players and unknown products are refused', async () => {
    await buyAndDeliver('gas');
    expect((await h.post('/v1/sandbox/refunds', { productId: 'gas' }, session)).statusCode).to.equal(200);
    const again = await h.post('/v1/sandbox/refunds', { productId: 'gas' }, session);
    expect(again.json().error.code).to.equal('PURCHASE_NOT_FOUND');
    const other = (await h.login('player-2', {}, SANDBOX)).sessionToken;
    await buyAndDeliver('car_upgrade');
    expect((await h.post('/v1/sandbox/refunds', { productId: 'car_upgrade' }, other)).json().error.code).to.equal('PURCHASE_NOT_FOUND');
    expect((await h.post('/v1/sandbox/refunds', { productId: 42 }, session)).statusCode).to.equal(400);
    expect((await h.post('/v1/sandbox/refunds', {}, session)).statusCode).to.equal(400);
  });

  it('refund before the receipt ever reached the server: the store record is void, nothing to revoke', async () => {
    const r = await h.reserve(session, 'gas');
    await h.post('/v1/sandbox/purchases', { productId: 'gas', developerPayload: r.payload.developerPayload, outcome: 'approve' }, session);
    const refunded = await h.post('/v1/sandbox/refunds', { productId: 'gas' }, session);
    expect(refunded.json().purchase.state).to.equal('refunded');
    expect(await h.tdb.db.all("SELECT purchase_id FROM purchases WHERE state = 'REVOKED'")).to.deep.equal([]);
  });

  it('duplicate callback: the store charges once; the same receipt reported twice is one purchase, consumed once', async () => {
    const { store, purchaseId, paymentToken } = await buyAndDeliver('gas', 'duplicate');
    // The device reports the same store purchase a second time.
    const second = await h.post('/v1/receipts', { market: SANDBOX, receipt: store.receipt }, session);
    expect(second.statusCode, second.body).to.equal(200);
    expect(second.json<SubmitReceiptResponse>().purchase.purchaseId).to.equal(purchaseId);
    const consumeAgain = await h.post(`/v1/purchases/${purchaseId}/consume`, { paymentToken }, h.secretKey);
    expect(consumeAgain.json<ConsumeResponse>().alreadyConsumed).to.equal(true);
    expect(await h.tdb.db.all('SELECT state FROM sandbox_store_purchases WHERE app_key = ?', [h.appKey])).to.deep.equal([{ state: 'purchased' }]);
    expect(await h.tdb.db.all("SELECT purchase_id FROM purchases WHERE state = 'CONSUMED'")).to.deep.equal([{ purchase_id: purchaseId }]);
  });
});
