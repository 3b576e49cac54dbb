import { expect } from 'chai';
import type { PublicProduct } from '../../assets/common-billing/core/types';
import { startLiveServer, type LiveServer } from './support/billing-server';
import { eventually } from './support/eventually';
import { DeliveringGame } from './support/recording-listener';
import { journalKeys, sandboxSdk } from './support/sdk-setup';

/**
 * restore() reconciles open purchases the way login does, without a new login: a pending
 * payment the store has since declined is closed as canceled, one it approved is verified and
 * delivered. A purchase whose store flow is still open is left alone.
 */
describe('SDK: restore() reconciles pending purchases like login', function () {
  let server: LiveServer;
  beforeEach(async () => {
    server = await startLiveServer();
  });
  afterEach(async () => server.close());

  /** The store's back office settles the user's one pending payment (cash paid, parent declined). */
  async function settlePending(userKey: string, outcome: 'approve' | 'decline'): Promise<void> {
    const session = (await server.harness.login(userKey, {}, 'sandbox')).sessionToken;
    const pending = (await server.harness.get('/v1/sandbox/purchases', session)).json<{ purchases: { state: string; purchaseToken: string }[] }>()
      .purchases.filter((p) => p.state === 'pending');
    expect(pending).to.have.length(1);
    const res = await server.harness.post(`/v1/sandbox/purchases/${pending[0]!.purchaseToken}/resolve`, { outcome }, session);
    expect(res.statusCode, res.body).to.equal(200);
  }

  it('declined at the store since: restore closes it as canceled, nothing is verified, the journal is empty', async () => {
    const { billing, listener, storage } = await sandboxSdk(server, { sandboxOutcome: async () => 'pending' });
    await billing.login('restore-1', server.harness.loginToken('restore-1'));
    const { status, purchase } = await billing.purchase('gas');
    expect(status).to.equal('pending');
    await settlePending('restore-1', 'decline');

    expect(await billing.restore()).to.deep.equal([]);

    expect(listener.of('canceled').map((c) => [c.purchase.purchaseId, c.purchase.recovered])).to.deep.equal([[purchase.purchaseId, true]]);
    expect(listener.of('verified')).to.deep.equal([]);
    expect(journalKeys(storage)).to.deep.equal([]);
  });

  it('approved at the store since: restore verifies it and the game delivers it once', async () => {
    const game = new DeliveringGame();
    const { billing, storage } = await sandboxSdk(server, { consumeModel: 'build-in', sandboxOutcome: async () => 'pending' }, game);
    game.billing = billing;
    await billing.login('restore-2', server.harness.loginToken('restore-2'));
    const { purchase } = await billing.purchase('gas');
    await settlePending('restore-2', 'approve');

    await billing.restore();
    await game.settle();

    expect(game.of('verified').map((v) => [v.purchase.purchaseId, v.purchase.recovered])).to.deep.equal([[purchase.purchaseId, true]]);
    expect(game.of('deliver').map((d) => d.purchase.purchaseId)).to.deep.equal([purchase.purchaseId]);
    expect(game.of('canceled')).to.deep.equal([]);
    expect(journalKeys(storage)).to.deep.equal([]);
  });

  it('a purchase whose store dialog is still open during restore is not taken for canceled', async () => {
    let decide: (outcome: 'approve') => void = () => undefined;
    const dialog = (_product: PublicProduct) => new Promise<'approve'>((resolve) => (decide = resolve));
    const { billing, listener, storage } = await sandboxSdk(server, { sandboxOutcome: dialog });
    await billing.login('restore-3', server.harness.loginToken('restore-3'));
    const buying = billing.purchase('gas');
    await eventually(() => journalKeys(storage).length === 1);

    await billing.restore();
    decide('approve');
    const { status, purchase } = await buying;

    expect(status).to.equal('verified');
    expect(listener.of('canceled')).to.deep.equal([]);
    expect(listener.of('verified').map((v) => v.purchase.purchaseId)).to.deep.equal([purchase.purchaseId]);
  });
});
