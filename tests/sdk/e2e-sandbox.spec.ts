import { expect } from 'chai';
import type { MarketBridge } from '../../assets/common-billing/core/market-bridge';
import type { ConsumeResponse } from '../../assets/common-billing/protocol/api';
import { startLiveServer, switchableFetch, type LiveServer } from './support/billing-server';
import { journalKeys, sandboxSdk } from './support/sdk-setup';

/**
 * End to end: SDK + sandbox store bridge + the REAL billing server (buildApp, SQLite) over
 * HTTP on 127.0.0.1. The sandbox store lives in the server, like a real store's backend.
 */
describe('SDK end to end against the billing server (sandbox market)', function () {
  let server: LiveServer;
  beforeEach(async () => {
    server = await startLiveServer();
  });
  afterEach(async () => server.close());

  async function gameServerConsume(purchaseId: string, paymentToken: string): Promise<ConsumeResponse> {
    const res = await server.harness.app.inject({
      method: 'POST',
      url: `/v1/purchases/${purchaseId}/consume`,
      headers: { authorization: `Bearer ${server.harness.secretKey}` },
      payload: { paymentToken },
    });
    expect(res.statusCode, res.body).to.equal(200);
    return res.json<ConsumeResponse>();
  }

  async function serverRow(purchaseId: string) {
    return server.harness.tdb.db.get<{ state: string; store_finished: number | boolean }>('SELECT state, store_finished FROM purchases WHERE purchase_id = ?', [purchaseId]);
  }

  it('buys (server model): verified, consumed by the game server, finished at the store, journal empty', async () => {
    const { billing, listener, storage } = await sandboxSdk(server);
    const login = await billing.login('player-1', server.harness.loginToken('player-1'));
    expect(login.products.map((p) => p.productId)).to.include('gas');
    const result = await billing.purchase('gas');
    expect(result.status).to.equal('verified');
    const [verified] = listener.of('verified');
    expect(verified!.purchase).to.include({ productId: 'gas', recovered: false, purchaseId: result.purchase.purchaseId });
    const consumed = await gameServerConsume(verified!.purchase.purchaseId, verified!.paymentToken);
    expect(consumed.alreadyConsumed).to.equal(false);
    await billing.confirmDelivered(verified!.purchase.purchaseId);
    expect(listener.of('finished')).to.have.length(1);
    expect(journalKeys(storage)).to.deep.equal([]);
    const row = await serverRow(verified!.purchase.purchaseId);
    expect(row!.state).to.equal('CONSUMED');
    expect(Boolean(row!.store_finished)).to.equal(true);
  });

  it('buys (build-in model): consume delivers once, a second consume says alreadyConsumed', async () => {
    const { billing, listener, storage } = await sandboxSdk(server, { consumeModel: 'build-in' });
    await billing.login('player-1', server.harness.loginToken('player-1'));
    const { purchase } = await billing.purchase('gas');
    const first = await billing.consume(purchase.purchaseId);
    expect(first.alreadyConsumed).to.equal(false);
    const again = await billing.consume(purchase.purchaseId);
    expect(again.alreadyConsumed).to.equal(true);
    expect(listener.of('deliver').map((d) => d.purchase.purchaseId)).to.deep.equal([purchase.purchaseId, purchase.purchaseId]);
    await billing.confirmDelivered(purchase.purchaseId);
    expect(journalKeys(storage)).to.deep.equal([]);
    expect((await serverRow(purchase.purchaseId))!.state).to.equal('CONSUMED');
  });

  it('cancel: the purchase ends canceled, nothing is journaled or paid', async () => {
    const { billing, listener, storage } = await sandboxSdk(server, { sandboxOutcome: async () => 'cancel' });
    await billing.login('player-1', server.harness.loginToken('player-1'));
    const result = await billing.purchase('gas');
    expect(result.status).to.equal('canceled');
    expect(listener.of('canceled')).to.have.length(1);
    expect(journalKeys(storage)).to.deep.equal([]);
    expect((await serverRow(result.purchase.purchaseId))!.state).to.equal('RESERVED');
  });

  it('pending → approved: pending now, verified at the next login (recovered, same purchaseId)', async () => {
    const first = await sandboxSdk(server, { sandboxOutcome: async () => 'pending' });
    await first.billing.login('player-1', server.harness.loginToken('player-1'));
    const result = await first.billing.purchase('gas');
    expect(result.status).to.equal('pending');
    expect(first.listener.of('verified')).to.have.length(0);
    const [store] = (await server.harness.get('/v1/sandbox/purchases', await sessionOf(server, 'player-1'))).json().purchases;
    await server.harness.post(`/v1/sandbox/purchases/${store.purchaseToken}/resolve`, { outcome: 'approve' }, await sessionOf(server, 'player-1'));
    const later = await sandboxSdk(server, { storage: first.storage });
    const login = await later.billing.login('player-1', server.harness.loginToken('player-1'));
    expect(login.replayed).to.equal(1);
    const [verified] = later.listener.of('verified');
    expect(verified!.purchase).to.include({ purchaseId: result.purchase.purchaseId, recovered: true });
  });

  it('pending → declined: canceled at the next login, journal empty, nothing verified', async () => {
    const first = await sandboxSdk(server, { sandboxOutcome: async () => 'pending' });
    await first.billing.login('player-1', server.harness.loginToken('player-1'));
    await first.billing.purchase('gas');
    const session = await sessionOf(server, 'player-1');
    const [store] = (await server.harness.get('/v1/sandbox/purchases', session)).json().purchases;
    await server.harness.post(`/v1/sandbox/purchases/${store.purchaseToken}/resolve`, { outcome: 'decline' }, session);
    const later = await sandboxSdk(server, { storage: first.storage });
    await later.billing.login('player-1', server.harness.loginToken('player-1'));
    expect(later.listener.of('canceled')).to.have.length(1);
    expect(later.listener.of('verified')).to.have.length(0);
    expect(journalKeys(first.storage)).to.deep.equal([]);
  });

  it('network failure: the receipt post fails (retryable), the journal keeps it, the retry verifies it', async () => {
    const fetch = switchableFetch();
    const { billing, listener, storage } = await sandboxSdk(server, { fetch: cutBeforeReceipts(fetch) });
    await billing.login('player-1', server.harness.loginToken('player-1'));
    const failed = await billing.purchase('gas').catch((e: unknown) => e);
    expect(failed).to.include({ code: 'NETWORK_ERROR', retryable: true });
    expect(listener.of('failed')[0]!.error.code).to.equal('NETWORK_ERROR');
    expect(journalKeys(storage)).to.have.length(1);
    fetch.down = false;
    const retry = await billing.login('player-1', server.harness.loginToken('player-1'));
    expect(retry.replayed).to.equal(1);
    expect(listener.of('verified')[0]!.purchase.recovered).to.equal(true);
  });

  it('build-in model: a purchase replayed at login stays recovered through consume, delivery and finish', async () => {
    const fetch = switchableFetch();
    const { billing, listener } = await sandboxSdk(server, { consumeModel: 'build-in', fetch: cutBeforeReceipts(fetch) });
    await billing.login('player-1', server.harness.loginToken('player-1'));
    await billing.purchase('gas').catch(() => undefined);
    fetch.down = false;
    await billing.login('player-1', server.harness.loginToken('player-1'));
    const verified = listener.of('verified')[0]!.purchase;
    expect(verified.recovered).to.equal(true);
    await billing.consume(verified.purchaseId);
    expect(listener.of('deliver').map((d) => [d.purchase.purchaseId, d.purchase.recovered])).to.deep.equal([[verified.purchaseId, true]]);
    await billing.confirmDelivered(verified.purchaseId);
    expect(listener.of('finished').map((f) => f.purchase.recovered)).to.deep.equal([true]);
  });

  it('login against an unreachable server is a retryable NETWORK_ERROR', async () => {
    const fetch = switchableFetch();
    fetch.down = true;
    const { billing } = await sandboxSdk(server, { fetch });
    const error = await billing.login('player-1', server.harness.loginToken('player-1')).catch((e: unknown) => e);
    expect(error).to.include({ code: 'NETWORK_ERROR', retryable: true });
  });

  it('duplicate native callbacks: the same purchase reported twice is verified and delivered once', async () => {
    const duplicating = (bridge: MarketBridge): MarketBridge => ({
      ...bridge,
      onEvent: (l) => bridge.onEvent(l),
      close: () => bridge.close(),
      call: async (method, params) => {
        const result = await bridge.call(method, params);
        if (method === 'launchPurchase') {
          const purchases = (result as { purchases: never[] }).purchases;
          return { purchases: [...purchases, ...purchases] } as typeof result;
        }
        return result;
      },
    });
    const { billing, listener } = await sandboxSdk(server, { decorateBridge: duplicating });
    await billing.login('player-1', server.harness.loginToken('player-1'));
    await billing.purchase('gas');
    expect(listener.of('verified')).to.have.length(1);
  });

  it('restores a non-consumable after a reinstall (empty journal), with its stable purchaseId', async () => {
    const { billing, listener } = await sandboxSdk(server);
    await billing.login('player-1', server.harness.loginToken('player-1'));
    const { purchase } = await billing.purchase('car_upgrade');
    await gameServerConsume(purchase.purchaseId, listener.of('verified')[0]!.paymentToken);
    await billing.confirmDelivered(purchase.purchaseId);
    const reinstalled = await sandboxSdk(server);
    await reinstalled.billing.login('player-1', server.harness.loginToken('player-1'));
    const restored = await reinstalled.billing.restore();
    expect(restored.map((p) => [p.purchaseId, p.productId, p.recovered])).to.deep.equal([[purchase.purchaseId, 'car_upgrade', true]]);
    expect(reinstalled.listener.of('restored')).to.have.length(1);
  });

  /** A fetch that goes down right before the receipt is posted (after the store charged). */
  function cutBeforeReceipts(fetch: ReturnType<typeof switchableFetch>) {
    return async (url: string, init: Parameters<typeof fetch>[1]) => {
      if (url.endsWith('/v1/receipts') && !cut) {
        cut = true;
        fetch.down = true;
      }
      return fetch(url, init);
    };
  }
  let cut = false;
  beforeEach(() => {
    cut = false;
  });
});

async function sessionOf(server: LiveServer, userKey: string): Promise<string> {
  return (await server.harness.login(userKey, {}, 'sandbox')).sessionToken;
}
