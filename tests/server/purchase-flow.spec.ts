import { expect } from 'chai';
import type { ConsumeResponse, CreateSessionResponse, SubmitReceiptResponse } from '../../assets/common-billing/protocol/api';
import { forEachEngine } from './support/engines';
import { startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

forEachEngine('purchase flow routes', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(engine());
  });
  afterEach(async () => h?.close());

  async function buyGas(userKey = 'player-1') {
    const session = await h.login(userKey);
    const r = await h.reserve(session.sessionToken, 'gas');
    const receipt = h.receipt({ productId: r.marketProductId, developerPayload: r.payload.developerPayload });
    const res = await h.post('/v1/receipts', { market: TEST_MARKET, receipt }, session.sessionToken);
    return { session, reservation: r, receipt, res };
  }

  it('opens a session with the catalog, no data key yet and nothing unfinished', async () => {
    const s = await h.login('player-1');
    expect(s.sessionToken).to.match(/^s1\./);
    expect(s.marketKey).to.equal(null);
    expect(s.unfinished).to.deep.equal([]);
    expect(s.products.map((p) => [p.productId, p.marketProductId, p.type])).to.deep.equal([
      ['car_upgrade', 'com.example.car_upgrade', 'non-consumable'],
      ['gas', 'gas', 'consumable'],
    ]);
  });

  it('serves the product catalog by app key and refuses an unknown app key', async () => {
    const res = await h.get(`/v1/products?market=${TEST_MARKET}`);
    expect(res.statusCode).to.equal(200);
    expect(res.json().products).to.have.length(2);
    const bad = await h.app.inject({ method: 'GET', url: `/v1/products?market=${TEST_MARKET}`, headers: { 'x-app-key': 'nope' } });
    expect(bad.statusCode).to.equal(401);
    expect(bad.json().error.code).to.equal('APP_KEY_INVALID');
  });

  it('reserves with a binding for every market kind', async () => {
    const s = await h.login('player-1');
    const r = await h.reserve(s.sessionToken, 'gas');
    expect(r.payload.appAccountToken).to.equal(r.purchaseId);
    expect(r.payload.obfuscatedProfileId.length).to.be.at.most(64);
    expect(r.payload.obfuscatedAccountId.length).to.be.at.most(64);
    expect(r.payload.developerPayload).to.equal(r.payload.obfuscatedProfileId);
    const row = await h.tdb.db.get<{ state: string; user_key: string }>('SELECT state, user_key FROM purchases WHERE purchase_id = ?', [r.purchaseId]);
    expect(row).to.deep.equal({ state: 'RESERVED', user_key: 'player-1' });
  });

  it('verifies a receipt, answers a payment token, and replays the same purchase to the same user', async () => {
    const { session, reservation, receipt, res } = await buyGas();
    expect(res.statusCode, res.body).to.equal(200);
    const body = res.json<SubmitReceiptResponse>();
    expect(body.purchase).to.include({ purchaseId: reservation.purchaseId, state: 'VERIFIED', productId: 'gas', environment: 'production', test: false });
    expect(body.paymentToken).to.be.a('string');
    const again = await h.post('/v1/receipts', { market: TEST_MARKET, receipt }, session.sessionToken);
    expect(again.statusCode).to.equal(200);
    expect(again.json()).to.deep.equal(body);
    const relogin = await h.login('player-1');
    expect(relogin.unfinished.map((u) => [u.purchase.purchaseId, u.paymentToken])).to.deep.equal([[reservation.purchaseId, body.paymentToken]]);
  });

  it('answers RECEIPT_ALREADY_USED when another user submits the same receipt', async () => {
    const { receipt } = await buyGas('player-1');
    const other = await h.login('player-2');
    const res = await h.post('/v1/receipts', { market: TEST_MARKET, receipt }, other.sessionToken);
    expect(res.statusCode).to.equal(409);
    expect(res.json().error.code).to.equal('RECEIPT_ALREADY_USED');
    const audit = await h.tdb.db.all<{ code: string; user_key: string }>('SELECT code, user_key FROM receipt_rejections');
    expect(audit).to.deep.equal([{ code: 'RECEIPT_ALREADY_USED', user_key: 'player-2' }]);
  });

  it('consumes exactly once with the app secret; a repeat says alreadyConsumed', async () => {
    const { res } = await buyGas();
    const { purchase, paymentToken } = res.json<SubmitReceiptResponse>();
    const first = await h.post(`/v1/purchases/${purchase.purchaseId}/consume`, { paymentToken }, h.secretKey);
    expect(first.statusCode, first.body).to.equal(200);
    expect(first.json<ConsumeResponse>()).to.deep.include({ alreadyConsumed: false });
    expect(first.json<ConsumeResponse>().purchase.state).to.equal('CONSUMED');
    const second = await h.post(`/v1/purchases/${purchase.purchaseId}/consume`, { paymentToken }, h.secretKey);
    expect(second.json<ConsumeResponse>().alreadyConsumed).to.equal(true);
  });

  it('lets exactly one of many concurrent consumes win', async () => {
    const { res } = await buyGas();
    const { purchase, paymentToken } = res.json<SubmitReceiptResponse>();
    const s = await h.login('player-1');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.post(`/v1/purchases/${purchase.purchaseId}/consume`, { paymentToken }, i % 2 ? h.secretKey : s.sessionToken),
      ),
    );
    expect(answers.map((a) => a.statusCode)).to.deep.equal(Array(20).fill(200));
    expect(answers.filter((a) => a.json<ConsumeResponse>().alreadyConsumed === false)).to.have.length(1);
    const events = await h.tdb.db.all('SELECT type FROM purchase_events WHERE purchase_id = ? AND type = ?', [purchase.purchaseId, 'CONSUMED']);
    expect(events).to.have.length(1);
  });

  it('refuses a wrong payment token, a wrong secret and another user\u2019s session', async () => {
    const { res } = await buyGas('player-1');
    const { purchase, paymentToken } = res.json<SubmitReceiptResponse>();
    const url = `/v1/purchases/${purchase.purchaseId}/consume`;
    expect((await h.post(url, { paymentToken: 'pt1.forged' }, h.secretKey)).json().error.code).to.equal('PAYMENT_TOKEN_INVALID');
    expect((await h.post(url, { paymentToken }, `cbsk_${'x'.repeat(43)}`)).json().error.code).to.equal('APP_SECRET_INVALID');
    const other = await h.login('player-2');
    expect((await h.post(url, { paymentToken }, other.sessionToken)).json().error.code).to.equal('PURCHASE_NOT_FOUND');
    const row = await h.tdb.db.get<{ state: string }>('SELECT state FROM purchases WHERE purchase_id = ?', [purchase.purchaseId]);
    expect(row?.state).to.equal('VERIFIED');
  });

  it('marks storeFinished, after which the purchase leaves the unfinished list', async () => {
    const { res, session } = await buyGas();
    const { purchase, paymentToken } = res.json<SubmitReceiptResponse>();
    await h.post(`/v1/purchases/${purchase.purchaseId}/consume`, { paymentToken }, h.secretKey);
    expect((await h.login('player-1')).unfinished).to.have.length(1);
    const fin = await h.post(`/v1/purchases/${purchase.purchaseId}/finished`, {}, session.sessionToken);
    expect(fin.statusCode, fin.body).to.equal(200);
    expect(fin.json().purchase).to.include({ state: 'CONSUMED', storeFinished: true });
    expect((await h.login('player-1')).unfinished).to.deep.equal([]);
  });

  it('lists a user\u2019s purchases for the game server, filtered by state', async () => {
    await buyGas('player-1');
    const { res } = await buyGas('player-1');
    const { purchase, paymentToken } = res.json<SubmitReceiptResponse>();
    await h.post(`/v1/purchases/${purchase.purchaseId}/consume`, { paymentToken }, h.secretKey);
    const all = await h.get('/v1/users/player-1/purchases', h.secretKey);
    expect(all.json().purchases.map((p: { state: string }) => p.state).sort()).to.deep.equal(['CONSUMED', 'VERIFIED']);
    const consumed = await h.get('/v1/users/player-1/purchases?state=CONSUMED', h.secretKey);
    expect(consumed.json().purchases.map((p: { purchaseId: string }) => p.purchaseId)).to.deep.equal([purchase.purchaseId]);
    expect((await h.get('/v1/users/player-1/purchases')).statusCode).to.equal(401);
  });

  it('keeps a pending payment PENDING without a payment token, then upgrades it when paid', async () => {
    const session: CreateSessionResponse = await h.login('player-1');
    const r = await h.reserve(session.sessionToken, 'gas');
    const pending = h.receipt({ orderId: 'GPA.pending-1', productId: 'gas', state: 'PENDING', developerPayload: r.payload.developerPayload });
    const p1 = await h.post('/v1/receipts', { market: TEST_MARKET, receipt: pending }, session.sessionToken);
    expect(p1.json()).to.deep.include({ paymentToken: null });
    expect(p1.json().purchase.state).to.equal('PENDING');
    // The answer is built from the reservation plus what the verification wrote: it must be the stored row.
    const stored = await h.get('/v1/users/player-1/purchases', h.secretKey);
    expect(stored.json().purchases).to.deep.equal([p1.json().purchase]);
    const consume = await h.post(`/v1/purchases/${r.purchaseId}/consume`, { paymentToken: 'pt1.x' }, h.secretKey);
    expect(consume.statusCode).to.equal(403);
    const paid = h.receipt({ orderId: 'GPA.pending-1', productId: 'gas', state: 'PURCHASED', developerPayload: r.payload.developerPayload });
    const p2 = await h.post('/v1/receipts', { market: TEST_MARKET, receipt: paid }, session.sessionToken);
    expect(p2.json().purchase.state).to.equal('VERIFIED');
    expect(p2.json().paymentToken).to.be.a('string');
    expect((await h.get('/v1/users/player-1/purchases', h.secretKey)).json().purchases).to.deep.equal([p2.json().purchase]);
  });
});
