import { expect } from 'chai';
import type { EntitlementsResponse } from '../../../assets/common-billing/protocol/entitlements';
import { forEachEngine } from '../support/engines';
import { notify } from './support/notices';
import { startSubscriptionHarness, VIP, type SubscriptionHarness } from './support/setup';
import { STAND_IN_MARKET } from './support/store-stand-in';

const DAY = 86_400_000;
const JAN1 = Date.UTC(2026, 0, 1);
const FEB1 = Date.UTC(2026, 1, 1);
const MAR1 = Date.UTC(2026, 2, 1);

forEachEngine('subscriptions: entitlements', (engine) => {
  let s: SubscriptionHarness;
  afterEach(async () => s?.close());

  const forUser = async (userKey: string) => {
    const res = await s.h.get(`/v1/users/${userKey}/entitlements`, s.h.secretKey);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json<EntitlementsResponse>();
  };

  it('one entitlement per group next to the non-consumables, with the protocol fields; the SDK route answers the same', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    const vip = await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
    const car = await s.buy('player-1', 'car_upgrade', { chainKey: 'unused' });
    s.h.clock.now += 60_000;
    const answer = await forUser('player-1');
    expect(answer.asOf).to.equal(new Date(s.h.clock.now).toISOString());
    expect(answer.entitlements).to.deep.equal([
      {
        productId: 'car_upgrade', group: 'car_upgrade', kind: 'non-consumable', state: 'ACTIVE', active: true, since: new Date(JAN1).toISOString(), expiresAt: null,
        revokedAt: null, purchaseId: car.body.purchase.purchaseId, market: STAND_IN_MARKET, autoRenew: null, renewsInto: null, offer: null, verifiedBy: 'signed', expiresAtEstimated: false,
      },
      {
        productId: VIP.month, group: 'vip', kind: 'subscription', state: 'ACTIVE', active: true, since: new Date(JAN1).toISOString(), expiresAt: new Date(FEB1).toISOString(),
        revokedAt: null, purchaseId: vip.body.purchase.purchaseId, market: STAND_IN_MARKET, autoRenew: true, renewsInto: null, offer: null, verifiedBy: 'signed', expiresAtEstimated: false,
      },
    ]);
    const session = (await s.h.login('player-1', {}, STAND_IN_MARKET)).sessionToken;
    expect((await s.h.get('/v1/entitlements', session)).json<EntitlementsResponse>().entitlements).to.deep.equal(answer.entitlements);
    expect((await forUser('player-2')).entitlements).to.deep.equal([]);
  });

  it('grace keeps benefits on, hold takes them away, a revoke shows when; canceled but paid is active until the server clock passes its end', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
    const vip = async () => (await forUser('player-1')).entitlements.find((e) => e.group === 'vip')!;
    await notify(s, 'n-cancel', { chainKey: 'chain-a', event: 'CANCELED', storeType: 'CANCEL', eventTimeMs: JAN1 + DAY });
    expect(await vip()).to.deep.include({ state: 'CANCELED_ACTIVE', active: true, autoRenew: false });
    s.h.clock.now = FEB1 + 1;
    expect(await vip()).to.deep.include({ state: 'EXPIRED', active: false });
    await notify(s, 'n-uncancel', { chainKey: 'chain-a', event: 'UNCANCELED', storeType: 'UNCANCEL', eventTimeMs: JAN1 + 2 * DAY });
    await notify(s, 'n-grace', { chainKey: 'chain-a', event: 'GRACE_STARTED', storeType: 'GRACE', eventTimeMs: FEB1 });
    expect(await vip()).to.deep.include({ state: 'IN_GRACE', active: true, autoRenew: true });
    await notify(s, 'n-hold', { chainKey: 'chain-a', event: 'ON_HOLD', storeType: 'HOLD', eventTimeMs: FEB1 + 7 * DAY });
    expect(await vip()).to.deep.include({ state: 'ON_HOLD', active: false });
    await notify(s, 'n-refund', { chainKey: 'chain-a', event: 'REVOKED', storeType: 'REFUND', eventTimeMs: FEB1 + 8 * DAY });
    expect(await vip()).to.deep.include({ state: 'REVOKED', active: false, revokedAt: new Date(FEB1 + 8 * DAY).toISOString() });
  });

  it('after an upgrade the group answers the new product, granting; the old chain\u2019s purchase still names it', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    const first = await s.buy('player-1', VIP.month, { chainKey: 'old-token', orderId: 'order-1', expiresAt: FEB1 });
    const snapshot = { market: STAND_IN_MARKET, chainKey: 'new-token', replacesChainKey: 'old-token', marketProductId: VIP.yearId, state: 'ACTIVE' as const,
      periodStartMs: JAN1 + DAY, periodEndMs: MAR1 + 300 * DAY, autoRenew: true, environment: 'production' as const, test: false, asOfMs: JAN1 + DAY,
      source: 'signed' as const, binding: {}, renewsIntoMarketProductId: VIP.monthId };
    await notify(s, 'n-up', { chainKey: 'new-token', event: 'CHANGED', storeType: 'UPGRADE', eventTimeMs: JAN1 + DAY, snapshot });
    const vip = (await forUser('player-1')).entitlements.filter((e) => e.group === 'vip');
    expect(vip).to.have.length(1);
    expect(vip[0]).to.deep.include({ productId: VIP.year, state: 'ACTIVE', active: true, purchaseId: first.body.purchase.purchaseId, renewsInto: VIP.month });
  });
});
