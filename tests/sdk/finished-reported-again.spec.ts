import { expect } from 'chai';
import type { ConsumeResponse } from '../../assets/common-billing/protocol/api';
import { startLiveServer, type LiveServer } from './support/billing-server';
import { eventually } from './support/eventually';
import { DeliveringGame } from './support/recording-listener';
import { RepeatingStore } from './support/repeating-store';
import { journalKeys, sandboxSdk } from './support/sdk-setup';

/**
 * A store may report a purchase again after this SDK delivered and finished it (a repeated
 * callback, a purchase list fetched just before the finish). The SDK recognises it by its
 * store transaction id and only closes it at the store again: no second verification, no
 * second delivery, no journal entry. The memory survives a restart.
 */
describe('SDK: a finished purchase the store reports again', function () {
  let server: LiveServer;
  beforeEach(async () => {
    server = await startLiveServer();
  });
  afterEach(async () => server.close());

  it('a late repeated callback: closed at the store again, delivered once (build-in model)', async () => {
    const store = new RepeatingStore();
    const { billing, listener: game, storage } = await sandboxSdk(server, { consumeModel: 'build-in', decorateBridge: store.decorate }, new DeliveringGame());
    game.billing = billing;
    await billing.login('again-1', server.harness.loginToken('again-1'));
    const { purchase } = await billing.purchase('gas');
    await game.settle();
    expect(game.of('finished').map((f) => f.purchase.purchaseId)).to.deep.equal([purchase.purchaseId]);
    const native = store.purchaseOf('gas');
    store.finishCalls.length = 0;

    store.reportAgain(native);
    await eventually(() => store.finishCalls.length > 0);
    await game.settle();

    expect(store.finishCalls).to.deep.equal([`consume ${native.purchaseToken}`]);
    expect(game.of('verified')).to.have.length(1);
    expect(game.of('deliver').map((d) => d.purchase.purchaseId)).to.deep.equal([purchase.purchaseId]);
    expect(game.of('finished')).to.have.length(1);
    expect(game.of('error')).to.deep.equal([]);
    expect(journalKeys(storage)).to.deep.equal([]);
  });

  it('a stale store list at the next start: nothing replayed or re-finished at the server, closed at the store again (server model)', async () => {
    const store = new RepeatingStore();
    const first = await sandboxSdk(server, { decorateBridge: store.decorate });
    await first.billing.login('again-2', server.harness.loginToken('again-2'));
    const { purchase } = await first.billing.purchase('gas');
    await gameServerConsume(purchase.purchaseId, first.listener.of('verified')[0]!.paymentToken);
    await first.billing.confirmDelivered(purchase.purchaseId);
    await first.billing.dispose();
    store.staleList = [store.purchaseOf('gas')];
    store.finishCalls.length = 0;

    const later = await sandboxSdk(server, { storage: first.storage, decorateBridge: store.decorate });
    const login = await later.billing.login('again-2', server.harness.loginToken('again-2'));

    expect(login.replayed).to.equal(0);
    expect(later.listener.events.map((e) => e.kind)).to.deep.equal(['products']);
    expect(store.finishCalls).to.deep.equal([`consume ${store.staleList[0]!.purchaseToken}`]);
    expect(journalKeys(later.storage)).to.deep.equal([]);
  });

  it('another purchase of the same product is another transaction: verified and delivered as usual', async () => {
    const store = new RepeatingStore();
    const { billing, listener: game } = await sandboxSdk(server, { consumeModel: 'build-in', decorateBridge: store.decorate }, new DeliveringGame());
    game.billing = billing;
    await billing.login('again-3', server.harness.loginToken('again-3'));
    const first = await billing.purchase('gas');
    await game.settle();
    const second = await billing.purchase('gas');
    await game.settle();

    expect(second.status).to.equal('verified');
    expect(game.of('deliver').map((d) => d.purchase.purchaseId)).to.deep.equal([first.purchase.purchaseId, second.purchase.purchaseId]);
    expect(game.of('finished')).to.have.length(2);
  });

  async function gameServerConsume(purchaseId: string, paymentToken: string): Promise<ConsumeResponse> {
    const res = await server.harness.app.inject({
      method: 'POST', url: `/v1/purchases/${purchaseId}/consume`, headers: { authorization: `Bearer ${server.harness.secretKey}` }, payload: { paymentToken },
    });
    expect(res.statusCode, res.body).to.equal(200);
    return res.json<ConsumeResponse>();
  }
});
