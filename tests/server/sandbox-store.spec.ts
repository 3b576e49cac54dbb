import { expect } from 'chai';
import { createPublicKey, verify } from 'node:crypto';
import type { SubmitReceiptResponse } from '../../assets/common-billing/protocol/api';
import type { SandboxStorePurchase } from '../../assets/common-billing/protocol/sandbox';
import { defaultMarketRegistry } from '../../server/src/market-registry';
import { forEachEngine } from './support/engines';
import { PACKAGE, startHarness, type Harness } from './support/harness';

const SANDBOX = 'sandbox';

forEachEngine('sandbox store + sandbox verifier', (engine) => {
  let h: Harness;
  let session: string;
  beforeEach(async () => {
    h = await startHarness({ ...engine(), markets: defaultMarketRegistry });
    session = (await h.login('player-1', {}, SANDBOX)).sessionToken;
  });
  afterEach(async () => h?.close());

  async function storeBuy(outcome: string, productId = 'gas') {
    const r = await h.reserve(session, productId);
    const res = await h.post('/v1/sandbox/purchases', { productId: r.marketProductId, developerPayload: r.payload.developerPayload, outcome }, session);
    return { r, res };
  }

  it('approves: signs the receipt with the app key (SHA-256 over the exact bytes) and the server verifies it as a sandbox test purchase', async () => {
    const { r, res } = await storeBuy('approve');
    expect(res.statusCode, res.body).to.equal(200);
    const p = res.json<{ purchase: SandboxStorePurchase }>().purchase;
    const cfg = await h.tdb.db.get<{ config: string }>('SELECT config FROM app_markets WHERE app_key = ? AND market = ?', [h.appKey, SANDBOX]);
    const { publicKeyPem } = JSON.parse(cfg!.config) as { publicKeyPem: string };
    const ok = verify('sha256', Buffer.from(p.receipt.originalJson, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(p.receipt.signature, 'base64'));
    expect(ok).to.equal(true);
    expect(JSON.parse(p.receipt.originalJson)).to.include({ packageName: PACKAGE, productId: 'gas', purchaseState: 0, developerPayload: r.payload.developerPayload });
    const verified = await h.post('/v1/receipts', { market: SANDBOX, receipt: p.receipt }, session);
    expect(verified.statusCode, verified.body).to.equal(200);
    expect(verified.json<SubmitReceiptResponse>().purchase).to.include({ purchaseId: r.purchaseId, state: 'VERIFIED', environment: 'sandbox', test: true });
  });

  it('cancel leaves no store record', async () => {
    const { res } = await storeBuy('cancel');
    expect(res.json()).to.deep.equal({ purchase: null });
    expect((await h.get('/v1/sandbox/purchases', session)).json().purchases).to.deep.equal([]);
  });

  it('fail: the client gets an error but the charged purchase shows up in the store list (crash after pay)', async () => {
    const { res } = await storeBuy('fail');
    expect(res.statusCode).to.equal(503);
    expect(res.json().error.code).to.equal('STORE_UNAVAILABLE');
    const list = (await h.get('/v1/sandbox/purchases', session)).json<{ purchases: SandboxStorePurchase[] }>().purchases;
    expect(list.map((p) => p.state)).to.deep.equal(['purchased']);
    const verified = await h.post('/v1/receipts', { market: SANDBOX, receipt: list[0]!.receipt }, session);
    expect(verified.json().purchase.state).to.equal('VERIFIED');
  });

  it('pending → approve: PENDING on the server first, VERIFIED after the store resolves it', async () => {
    const { res } = await storeBuy('pending');
    const pending = res.json<{ purchase: SandboxStorePurchase }>().purchase;
    expect(JSON.parse(pending.receipt.originalJson).purchaseState).to.equal(4);
    const first = await h.post('/v1/receipts', { market: SANDBOX, receipt: pending.receipt }, session);
    expect(first.json()).to.deep.include({ paymentToken: null });
    const resolved = await h.post(`/v1/sandbox/purchases/${pending.purchaseToken}/resolve`, { outcome: 'approve' }, session);
    const approved = resolved.json<{ purchase: SandboxStorePurchase }>().purchase;
    expect(approved.state).to.equal('purchased');
    const second = await h.post('/v1/receipts', { market: SANDBOX, receipt: approved.receipt }, session);
    expect(second.json().purchase.state).to.equal('VERIFIED');
  });

  it('pending → decline: the store purchase is canceled and leaves the list', async () => {
    const { res } = await storeBuy('pending');
    const token = res.json().purchase.purchaseToken as string;
    const declined = await h.post(`/v1/sandbox/purchases/${token}/resolve`, { outcome: 'decline' }, session);
    expect(declined.json().purchase.state).to.equal('canceled');
    expect((await h.get('/v1/sandbox/purchases', session)).json().purchases).to.deep.equal([]);
    const again = await h.post(`/v1/sandbox/purchases/${token}/resolve`, { outcome: 'approve' }, session);
    expect(again.json().error.code).to.equal('PURCHASE_STATE_INVALID');
  });

  it('consume and acknowledge at the store; consumed purchases leave the list', async () => {
    const gas = (await storeBuy('approve')).res.json().purchase.purchaseToken as string;
    const car = (await storeBuy('approve', 'car_upgrade')).res.json().purchase.purchaseToken as string;
    expect((await h.post(`/v1/sandbox/purchases/${gas}/consume`, {}, session)).json().purchase).to.include({ state: 'consumed', acknowledged: true });
    expect((await h.post(`/v1/sandbox/purchases/${car}/acknowledge`, {}, session)).json().purchase).to.include({ state: 'purchased', acknowledged: true });
    const list = (await h.get('/v1/sandbox/purchases', session)).json<{ purchases: SandboxStorePurchase[] }>().purchases;
    expect(list.map((p) => p.purchaseToken)).to.deep.equal([car]);
  });

  it('keeps users apart and refuses unknown products and foreign tokens', async () => {
    const token = (await storeBuy('approve')).res.json().purchase.purchaseToken as string;
    const other = (await h.login('player-2', {}, SANDBOX)).sessionToken;
    expect((await h.get('/v1/sandbox/purchases', other)).json().purchases).to.deep.equal([]);
    expect((await h.post(`/v1/sandbox/purchases/${token}/consume`, {}, other)).json().error.code).to.equal('PURCHASE_NOT_FOUND');
    const unknown = await h.post('/v1/sandbox/purchases', { productId: 'nope', developerPayload: '', outcome: 'approve' }, session);
    expect(unknown.json().error.code).to.equal('UNKNOWN_PRODUCT');
  });

  it('refuses the sandbox market for an app that does not enable it', async () => {
    await h.tdb.db.write((tx) => tx.run('UPDATE app_markets SET enabled = 0 WHERE app_key = ? AND market = ?', [h.appKey, SANDBOX]));
    const login = await h.post('/v1/sessions', { market: SANDBOX, userKey: 'player-1', loginToken: h.loginToken('player-1') });
    expect(login.json().error.code).to.equal('MARKET_NOT_ENABLED');
    const buy = await h.post('/v1/sandbox/purchases', { productId: 'gas', developerPayload: '', outcome: 'approve' }, session);
    expect(buy.json().error.code).to.equal('MARKET_NOT_ENABLED');
  });

  it('rejects a tampered sandbox receipt and keeps it for audit only', async () => {
    const p = (await storeBuy('approve')).res.json<{ purchase: SandboxStorePurchase }>().purchase;
    const forged = { originalJson: p.receipt.originalJson.replace('"quantity":1', '"quantity":9'), signature: p.receipt.signature };
    const res = await h.post('/v1/receipts', { market: SANDBOX, receipt: forged }, session);
    expect(res.json().error.code).to.equal('RECEIPT_SIGNATURE_INVALID');
    expect(await h.tdb.db.all('SELECT code FROM receipt_rejections')).to.deep.equal([{ code: 'RECEIPT_SIGNATURE_INVALID' }]);
    expect(await h.tdb.db.all("SELECT purchase_id FROM purchases WHERE state IN ('VERIFIED', 'CONSUMED')")).to.deep.equal([]);
  });
});
