import { expect } from 'chai';
import type { CreateSessionResponse, ReservePurchaseResponse } from '../../assets/common-billing/protocol/api';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { forEachEngine } from '../server/support/engines';
import { LifecycleHarness, MARKET_PRODUCT, type StoreSimulators } from './support/harness';
import { startProductionStores } from './support/production-stores';

/**
 * Issue #14: App Review and TestFlight buy in Apple's sandbox. A Production app accepts a
 * Sandbox transaction of its bundle as a test purchase (never revenue) unless the operator
 * turned sandbox off; Xcode / LocalTesting only where allowed; notifications alike.
 */
forEachEngine('App Store environments', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startProductionStores();
  });
  after(async () => stores?.close());
  beforeEach(async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
  });
  afterEach(async () => h.close());

  // A new updated_at makes the server build the market service again (it is cached per config version).
  const configure = (extra: Parameters<LifecycleHarness['apple']['marketConfig']>[0]) =>
    h.db.write((tx) => upsertAppMarket(tx, h.appKey, 'app-store', true, h.apple.marketConfig(extra), (h.clock.now += 1000)));

  async function buyIn(environment: 'Sandbox' | 'Production' | 'Xcode' | 'LocalTesting', userKey: string) {
    const session = (await h.call('POST', '/v1/sessions', { market: 'app-store', userKey, loginToken: h.loginToken(userKey) })).json<CreateSessionResponse>().sessionToken;
    const reservation = (await h.call('POST', '/v1/purchases', { productId: 'gas' }, session)).json<ReservePurchaseResponse>();
    const p = h.apple.purchase({ productId: MARKET_PRODUCT['app-store'], appAccountToken: reservation.payload.appAccountToken, environment });
    return { res: await h.call('POST', '/v1/receipts', { market: 'app-store', receipt: { signedTransaction: p.signedTransaction } }, session), reservation, p };
  }

  it('a Production app accepts an App Review (Sandbox) purchase, flagged test and kept out of revenue', async () => {
    const { res, reservation } = await buyIn('Sandbox', 'reviewer');
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json().purchase).to.include({ purchaseId: reservation.purchaseId, state: 'VERIFIED', environment: 'sandbox', test: true });
    const live = await buyIn('Production', 'player');
    expect(live.res.json().purchase).to.include({ environment: 'production', test: false });
  });

  it('the operator can turn sandbox off for the app: then the sandbox purchase is refused', async () => {
    await configure({ acceptSandbox: false });
    const { res } = await buyIn('Sandbox', 'reviewer');
    expect(res.statusCode).to.equal(400);
    expect(res.json().error.code).to.equal('RECEIPT_ENVIRONMENT_MISMATCH');
  });

  it('Xcode and LocalTesting transactions only where the app allows local testing', async () => {
    for (const env of ['Xcode', 'LocalTesting'] as const) {
      expect((await buyIn(env, 'dev')).res.json().error.code).to.equal('RECEIPT_ENVIRONMENT_MISMATCH');
    }
    await configure({ allowLocalTesting: true });
    for (const env of ['Xcode', 'LocalTesting'] as const) {
      const { res } = await buyIn(env, 'dev');
      expect(res.statusCode, res.body).to.equal(200);
      expect(res.json().purchase).to.include({ test: true, environment: 'sandbox' });
    }
  });

  it('the server API finds a sandbox transaction on the sandbox host when production does not know it', async () => {
    await configure({ checkOnVerify: true });
    const { res } = await buyIn('Sandbox', 'reviewer');
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json().purchase.test).to.equal(true);
  });

  it('a Sandbox notification reaches a Production app unless sandbox is off', async () => {
    const { reservation, p } = await buyIn('Sandbox', 'reviewer');
    h.apple.refund(p.transactionId);
    const refund = h.apple.notificationOf('REFUND', { transactionId: p.transactionId, environment: 'Sandbox' });
    const res = await h.notify('app-store', { signedPayload: refund.signedPayload });
    expect(res.statusCode, res.body).to.equal(200);
    expect((await h.purchase(reservation.purchaseId)).state).to.equal('REVOKED');
    await configure({ acceptSandbox: false });
    const test = await h.notify('app-store', { signedPayload: h.apple.notificationOf('TEST', { environment: 'Sandbox' }).signedPayload });
    expect(test.statusCode).to.equal(401);
  });

  it('checks JWS exp and nbf when present, on the server clock', async () => {
    const session = (await h.call('POST', '/v1/sessions', { market: 'app-store', userKey: 'eve', loginToken: h.loginToken('eve') })).json<CreateSessionResponse>().sessionToken;
    const reservation = (await h.call('POST', '/v1/purchases', { productId: 'gas' }, session)).json<ReservePurchaseResponse>();
    const payload = h.apple.purchase({ productId: MARKET_PRODUCT['app-store'], appAccountToken: reservation.payload.appAccountToken }).payload;
    const nowS = Math.floor(h.clock.now / 1000);
    const submit = (claims: object) =>
      h.call('POST', '/v1/receipts', { market: 'app-store', receipt: { signedTransaction: h.apple.sign({ ...payload, ...claims }) } }, session);
    expect((await submit({ exp: nowS - 1 })).json().error.code).to.equal('RECEIPT_PAYLOAD_EXPIRED');
    expect((await submit({ nbf: nowS + 600 })).json().error.code).to.equal('RECEIPT_PAYLOAD_EXPIRED');
    expect((await submit({ exp: 'soon' })).json().error.code).to.equal('RECEIPT_MALFORMED');
    const ok = await submit({ exp: nowS + 600, nbf: nowS - 10 });
    expect(ok.statusCode, ok.body).to.equal(200);
  });
});
