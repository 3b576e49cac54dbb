import { expect } from 'chai';
import type { EntitlementsResponse } from '../../assets/common-billing/protocol/entitlements';
import { revokePurchase } from '../../server/src/lifecycle/transitions';
import { forEachEngine } from './support/engines';
import { startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

/** The fields a non-consumable's entitlement always has (issue #16: one answer for both kinds). */
function nonConsumable(e: { productId: string; state: 'ACTIVE' | 'REVOKED'; since: string; expiresAt: null; revokedAt: string | null; purchaseId: string; market: string }) {
  return { ...e, group: e.productId, kind: 'non-consumable', active: e.state === 'ACTIVE', autoRenew: null, renewsInto: null, offer: null, verifiedBy: 'signed', expiresAtEstimated: false };
}

/** Issue #16, part 2: non-consumables are entitlements that never expire, computed from the purchase log. */
forEachEngine('entitlements of non-consumables', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(engine());
  });
  afterEach(async () => h?.close());

  async function buy(userKey: string, productId: string): Promise<{ purchaseId: string; session: string }> {
    const session = (await h.login(userKey)).sessionToken;
    const r = await h.reserve(session, productId);
    const res = await h.post('/v1/receipts', { market: TEST_MARKET, receipt: h.receipt({ productId: r.marketProductId, developerPayload: r.payload.developerPayload }) }, session);
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json().purchase.state).to.equal('VERIFIED');
    return { purchaseId: r.purchaseId, session };
  }

  const forUser = async (userKey: string) => {
    const res = await h.get(`/v1/users/${userKey}/entitlements`, h.secretKey);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json<EntitlementsResponse>();
  };

  it('a bought non-consumable is ACTIVE and never expires; consumables are not entitlements; the time is the server\u2019s', async () => {
    const verifiedAt = h.clock.now;
    const { purchaseId } = await buy('player-1', 'car_upgrade');
    await buy('player-1', 'gas');
    h.clock.now += 60_000;
    expect(await forUser('player-1')).to.deep.equal({
      userKey: 'player-1',
      asOf: new Date(h.clock.now).toISOString(),
      entitlements: [nonConsumable({ productId: 'car_upgrade', state: 'ACTIVE', since: new Date(verifiedAt).toISOString(), expiresAt: null, revokedAt: null, purchaseId, market: TEST_MARKET })],
    });
    expect((await forUser('player-2')).entitlements).to.deep.equal([]);
  });

  it('a refund or revoke turns it REVOKED with the store\u2019s time; the SDK route shows only the session player\u2019s', async () => {
    const { purchaseId, session } = await buy('player-1', 'car_upgrade');
    const revokedAt = h.clock.now + 5_000;
    expect(await h.tdb.db.write((tx) => revokePurchase(tx, purchaseId, { reason: 'test:REFUND', at: revokedAt, source: 'notification' }, h.clock.now + 6_000))).to.equal(true);
    const expected = [nonConsumable({ productId: 'car_upgrade', state: 'REVOKED', since: new Date(h.clock.now).toISOString(), expiresAt: null, revokedAt: new Date(revokedAt).toISOString(), purchaseId, market: TEST_MARKET })];
    expect((await forUser('player-1')).entitlements).to.deep.equal(expected);
    const own = await h.get('/v1/entitlements', session);
    expect(own.statusCode, own.body).to.equal(200);
    expect(own.json<EntitlementsResponse>()).to.deep.include({ userKey: 'player-1', entitlements: expected });
  });

  it('bought again after a revoke: ACTIVE from the new purchase', async () => {
    const first = await buy('player-1', 'car_upgrade');
    await h.tdb.db.write((tx) => revokePurchase(tx, first.purchaseId, { reason: 'test:REFUND', at: h.clock.now, source: 'notification' }, h.clock.now));
    h.clock.now += 1000;
    const second = await buy('player-1', 'car_upgrade');
    expect((await forUser('player-1')).entitlements).to.deep.equal([
      nonConsumable({ productId: 'car_upgrade', state: 'ACTIVE', since: new Date(h.clock.now).toISOString(), expiresAt: null, revokedAt: null, purchaseId: second.purchaseId, market: TEST_MARKET }),
    ]);
  });

  it('a reservation or a pending payment grants nothing', async () => {
    const session = (await h.login('player-1')).sessionToken;
    const r = await h.reserve(session, 'car_upgrade');
    expect((await forUser('player-1')).entitlements).to.deep.equal([]);
    const pending = h.receipt({ productId: r.marketProductId, state: 'PENDING', developerPayload: r.payload.developerPayload });
    expect((await h.post('/v1/receipts', { market: TEST_MARKET, receipt: pending }, session)).json().purchase.state).to.equal('PENDING');
    expect((await forUser('player-1')).entitlements).to.deep.equal([]);
  });

  it('needs the app secret (game server) or a session (SDK); a session cannot read another player', async () => {
    const { session } = await buy('player-1', 'car_upgrade');
    expect((await h.get('/v1/users/player-1/entitlements')).statusCode).to.equal(401);
    expect((await h.get('/v1/users/player-1/entitlements', session)).statusCode).to.equal(401);
    expect((await h.get('/v1/entitlements')).statusCode).to.equal(401);
    expect((await h.get('/v1/entitlements', h.secretKey)).statusCode).to.equal(401);
  });
});
