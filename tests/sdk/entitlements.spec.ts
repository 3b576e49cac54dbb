import { expect } from 'chai';
import { revokePurchase } from '../../server/src/lifecycle/transitions';
import { forEachEngine } from '../server/support/engines';
import { startLiveServer, type LiveServer } from './support/billing-server';
import { sandboxSdk } from './support/sdk-setup';

/** Issue #16, part 2: the SDK asks the server what its player owns now (HTTP on 127.0.0.1, both engines). */
forEachEngine('SDK getEntitlements() against the billing server (sandbox market)', (engine) => {
  let server: LiveServer;
  beforeEach(async () => {
    server = await startLiveServer(engine());
  });
  afterEach(async () => server?.close());

  it('answers the session player\u2019s non-consumables: ACTIVE after the purchase, REVOKED after a refund; never before login', async () => {
    const { billing } = await sandboxSdk(server);
    let refused: unknown;
    try {
      await billing.getEntitlements();
    } catch (error) {
      refused = error;
    }
    expect(refused).to.have.property('code', 'NOT_LOGGED_IN');
    await billing.login('player-1', server.harness.loginToken('player-1'));
    expect((await billing.getEntitlements()).entitlements).to.deep.equal([]);
    const { purchase } = await billing.purchase('car_upgrade');
    await billing.purchase('gas');
    const owned = await billing.getEntitlements();
    expect(owned).to.include({ userKey: 'player-1', asOf: new Date(server.harness.clock.now).toISOString() });
    expect(owned.entitlements.map((e) => [e.productId, e.state, e.purchaseId, e.expiresAt])).to.deep.equal([['car_upgrade', 'ACTIVE', purchase.purchaseId, null]]);

    await server.harness.tdb.db.write((tx) => revokePurchase(tx, purchase.purchaseId, { reason: 'sandbox:REFUND', at: server.harness.clock.now, source: 'notification' }, server.harness.clock.now));
    const after = await billing.getEntitlements();
    expect(after.entitlements.map((e) => [e.productId, e.state, e.revokedAt])).to.deep.equal([['car_upgrade', 'REVOKED', new Date(server.harness.clock.now).toISOString()]]);

    const other = await sandboxSdk(server);
    await other.billing.login('player-2', server.harness.loginToken('player-2'));
    expect((await other.billing.getEntitlements()).entitlements).to.deep.equal([]);
  });
});
