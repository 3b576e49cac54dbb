import { expect } from 'chai';
import { forEachEngine } from '../server/support/engines';
import { startGameServer } from './support/game-server';
import { LifecycleHarness, startStoreSimulators, type StoreSimulators } from './support/harness';
import { DAY, VIP, VIP_YEARLY, WEEK, periodsOf, startVipHarness, subscribeVip, subscriptionRow, timelineOf, upgradeVip, vipOf, vipRow, entitlementsOf } from './support/google-subscriptions';

/**
 * Issue #16 on Google Play, end to end through the real server: a VIP pass bought through the
 * reservation, then driven by the Play simulator's scripted life (injected clock) and the RTDN
 * pushes it sends. With the Developer API the server confirms every change with subscriptionsv2
 * (verifiedBy store-api); without it, the signed purchase and the authenticated push are all it
 * has (verifiedBy signed, the period end estimated from the catalog's P1W).
 */
forEachEngine('Google Play subscriptions (e2e)', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  afterEach(async () => {
    if (stores) stores.google.graceMs = 7 * DAY;
    await h.close();
  });

  for (const online of [true, false]) {
    const verifiedBy = online ? 'store-api' : 'signed';

    describe(online ? 'with the Developer API (subscriptionsv2)' : 'signed only (no Developer API)', () => {
      /** Posts the RTDN push and expects it taken (200). */
      const push = async (body: unknown) => {
        const res = await h.notify('google-play', body);
        expect(res.statusCode, res.body).to.equal(200);
      };

      it('purchase → renew ×2 → grace → recover', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const start = h.clock.now;
        const s = await subscribeVip(h, 'ann');
        let vip = await vipRow(h, s.token);
        expect(vip).to.deep.include({ productId: VIP.productId, state: 'ACTIVE', active: true, autoRenew: true, verifiedBy, estimated: !online });
        expect(vip!.expiresAtMs).to.equal(start + WEEK);

        for (const n of [2, 3]) {
          h.clock.now = start + (n - 1) * WEEK;
          await push(h.google.renewSubscription(s.token));
          vip = await vipRow(h, s.token);
          expect(vip, `renewal ${n - 1}`).to.deep.include({ state: 'ACTIVE', active: true });
          expect(vip!.expiresAtMs, `renewal ${n - 1}`).to.equal(start + n * WEEK);
        }
        if (online) expect((await periodsOf(h, s.token)).map((p) => p.period_transaction_id)).to.deep.equal([s.orderId, `${s.orderId}..0`, `${s.orderId}..1`]);

        h.clock.now = start + 3 * WEEK;
        await push(h.google.failSubscriptionRenewal(s.token));
        expect(await vipRow(h, s.token)).to.deep.include({ state: 'IN_GRACE', active: true });

        h.clock.now += 2 * DAY;
        await push(h.google.recoverSubscription(s.token));
        vip = await vipRow(h, s.token);
        expect(vip).to.deep.include({ state: 'ACTIVE', active: true });
        expect(vip!.expiresAtMs, 'from grace the renewal keeps its anchor').to.equal(start + 4 * WEEK);
        expect(await timelineOf(h, s.token)).to.include.members(['STARTED', 'RENEWED', 'GRACE_STARTED', 'RECOVERED']);
      });

      it('renewal fails with no grace → account hold (benefits off) → expired', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        h.google.graceMs = 0;
        const start = h.clock.now;
        const s = await subscribeVip(h, 'bob');
        h.clock.now = start + WEEK;
        await push(h.google.failSubscriptionRenewal(s.token));
        expect(await vipRow(h, s.token)).to.deep.include({ state: 'ON_HOLD', active: false });
        h.clock.now += 30 * DAY;
        await push(h.google.expireSubscription(s.token));
        expect(await vipRow(h, s.token)).to.deep.include({ state: 'EXPIRED', active: false });
      });

      it('cancel (still paid to the end) → uncancel', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const s = await subscribeVip(h, 'cy');
        h.clock.now += DAY;
        await push(h.google.cancelSubscription(s.token));
        expect(await vipRow(h, s.token)).to.deep.include({ state: 'CANCELED_ACTIVE', active: true, autoRenew: false });
        h.clock.now += DAY;
        await push(h.google.restartSubscription(s.token));
        expect(await vipRow(h, s.token)).to.deep.include({ state: 'ACTIVE', active: true, autoRenew: true });
      });

      it('pause (benefits off) → resume', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const start = h.clock.now;
        const s = await subscribeVip(h, 'dee');
        h.clock.now = start + WEEK;
        await push(h.google.pauseSubscription(s.token, 2 * WEEK));
        expect(await vipRow(h, s.token)).to.deep.include({ state: 'PAUSED', active: false });
        h.clock.now += 2 * WEEK;
        await push(h.google.resumeSubscription(s.token));
        const vip = await vipRow(h, s.token);
        expect(vip).to.deep.include({ state: 'ACTIVE', active: true });
        expect(vip!.expiresAtMs).to.equal(h.clock.now + WEEK);
      });

      it('a refund revokes within one notification (SUBSCRIPTION_REVOKED, or a voided subscription)', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const a = await subscribeVip(h, 'eve');
        h.clock.now += DAY;
        await push(h.google.revokeSubscription(a.token));
        expect(await vipRow(h, a.token)).to.deep.include({ state: 'REVOKED', active: false });

        const b = await subscribeVip(h, 'fay');
        h.clock.now += DAY;
        h.google.subs.revoke(h.google.subscription(b.token));
        await push(h.google.voidedSubscriptionNotification(b.token));
        expect(await vipRow(h, b.token)).to.deep.include({ state: 'REVOKED', active: false });
      });

      it('a replayed RTDN changes nothing; a late RENEWED after EXPIRED keeps the later truth', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const start = h.clock.now;
        const s = await subscribeVip(h, 'gil');
        h.clock.now = start + WEEK;
        const renewed = h.google.renewSubscription(s.token);
        await push(renewed);
        const before = await subscriptionRow(h, s.token);
        const timeline = await timelineOf(h, s.token);
        await push(renewed);
        expect(await subscriptionRow(h, s.token)).to.deep.equal(before);
        expect(await timelineOf(h, s.token)).to.deep.equal(timeline);

        // The cancel and the expiry arrive; the renewal's push (sent first) is delivered last.
        h.clock.now += DAY;
        const lateRenewal = h.google.subscriptionNotification(s.token, 2);
        await push(h.google.cancelSubscription(s.token));
        h.clock.now = start + 2 * WEEK + 1;
        await push(h.google.expireSubscription(s.token));
        await push(lateRenewal);
        expect(await vipRow(h, s.token)).to.deep.include({ state: 'EXPIRED', active: false });
      });

      it('the scheduled re-check catches a missed notification before the period ends', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const start = h.clock.now;
        const s = await subscribeVip(h, 'ike');
        // Play renews, but its RTDN never arrives.
        h.clock.now = start + WEEK - 2 * 60_000;
        h.google.renewSubscription(s.token);
        await h.app.lifecycle.scheduler.tick();
        const row = await vipRow(h, s.token);
        if (online) {
          expect(row, 'subscriptionsv2 read an hour before the end').to.deep.include({ state: 'ACTIVE', active: true, expiresAtMs: start + 2 * WEEK, verifiedBy });
          expect(await timelineOf(h, s.token)).to.include('RENEWED');
        } else {
          // Nothing to read: the paid period stands until it ends, then the server's clock expires it (a late store signal still wins).
          expect(row).to.deep.include({ state: 'ACTIVE', expiresAtMs: start + WEEK });
          h.clock.now = start + WEEK + 60 * 60_000;
          await h.app.lifecycle.scheduler.tick();
          expect(await vipRow(h, s.token)).to.deep.include({ state: 'EXPIRED', active: false });
          await push(h.google.subscriptionNotification(s.token, 2));
          expect(await vipRow(h, s.token), 'the late RENEWED is the store speaking').to.deep.include({ state: 'ACTIVE', active: true });
        }
      });

      it("the game server's entitlements: one VIP entitlement, time from the server, saying how it is known", async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const start = h.clock.now;
        const s = await subscribeVip(h, 'jo');
        h.clock.now += DAY;
        await push(h.google.cancelSubscription(s.token));
        const answer = await entitlementsOf(h, 'jo');
        expect(answer.asOf).to.equal(new Date(h.clock.now).toISOString());
        expect(answer.entitlements.filter((e) => e.group === VIP.group)).to.have.length(1);
        expect(await vipOf(h, 'jo')).to.deep.include({
          productId: VIP.productId, kind: 'subscription', state: 'CANCELED_ACTIVE', active: true, autoRenew: false, market: 'google-play',
          purchaseId: s.purchaseId, expiresAt: new Date(start + WEEK).toISOString(), verifiedBy, expiresAtEstimated: !online,
        });
      });

      it('the game server hears the life of the pass: entitlement.started, renewed, grace_started, expired', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const game = await startGameServer();
        try {
          await h.call('PUT', '/v1/lifecycle/webhook', { url: game.url }, h.secretKey);
          const start = h.clock.now;
          const s = await subscribeVip(h, 'nia');
          // The jobs run every few minutes: each step is delivered before the next one happens.
          await h.app.lifecycle.scheduler.tick();
          h.clock.now = start + WEEK;
          await push(h.google.renewSubscription(s.token));
          await h.app.lifecycle.scheduler.tick();
          h.clock.now = start + 2 * WEEK;
          await push(h.google.failSubscriptionRenewal(s.token));
          await h.app.lifecycle.scheduler.tick();
          h.clock.now += h.google.graceMs;
          await push(h.google.expireSubscription(s.token));
          await h.app.lifecycle.scheduler.tick();
          const types = game.received.map((r) => r.type).filter((t) => t.startsWith('entitlement.'));
          expect(types).to.deep.equal(['entitlement.started', 'entitlement.renewed', 'entitlement.grace_started', 'entitlement.expired']);
          expect(game.received.every((r) => r.signature.length > 0)).to.equal(true);
        } finally {
          await game.close();
        }
      });

      it('two server instances take one RTDN delivered to both at once: one change, one timeline entry', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const two = await LifecycleHarness.start({ ...engine(), shared: h });
        try {
          const start = h.clock.now;
          const s = await subscribeVip(h, 'kim');
          h.clock.now = start + WEEK;
          const renewed = h.google.renewSubscription(s.token);
          const answers = await Promise.all([h, two, h, two].map((x) => x.notify('google-play', renewed)));
          expect(answers.map((a) => a.statusCode)).to.deep.equal([200, 200, 200, 200]);
          expect(await vipRow(h, s.token)).to.deep.include({ state: 'ACTIVE', expiresAtMs: start + 2 * WEEK });
          expect((await timelineOf(h, s.token)).filter((t) => t === 'RENEWED')).to.have.length(1);
        } finally {
          await two.close();
        }
      });

      // Only subscriptionsv2 says these (the notification names the token only; without the API they are timeline notes).
      if (online) it('price-increase consent and a deferred renewal, as subscriptionsv2 reports them', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const start = h.clock.now;
        const s = await subscribeVip(h, 'lu');
        h.clock.now += DAY;
        await push(h.google.changeSubscriptionPrice(s.token, 'OUTSTANDING'));
        expect((await subscriptionRow(h, s.token))!.price_consent).to.equal('pending');
        h.clock.now += DAY;
        await push(h.google.changeSubscriptionPrice(s.token, 'CONFIRMED'));
        expect((await subscriptionRow(h, s.token))!.price_consent).to.equal('accepted');
        await push(h.google.deferSubscription(s.token, WEEK));
        expect(await vipRow(h, s.token)).to.deep.include({ state: 'ACTIVE', expiresAtMs: start + 2 * WEEK });
        expect(await timelineOf(h, s.token)).to.include.members(['PRICE_CHANGE', 'EXTENDED']);
      });

      if (online) it('an upgrade announced by RTDN before the device reports it opens the new token for the same player, once', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const old = await subscribeVip(h, 'max');
        h.clock.now += DAY;
        const { receipt, purchased } = h.google.replaceSubscription(old.token, { productId: VIP_YEARLY.marketProductId, periodMs: VIP_YEARLY.periodMs });
        await push(purchased);
        const opened = (await subscriptionRow(h, receipt.purchaseToken))!;
        expect(opened).to.include({ user_key: 'max', product_id: VIP_YEARLY.productId, state: 'ACTIVE', replaces_chain_key: old.token });
        expect((await subscriptionRow(h, old.token))!.replaced_by).to.equal(opened.subscription_id);
        await push(purchased);
        expect((await timelineOf(h, receipt.purchaseToken)).filter((t) => t === 'STARTED')).to.have.length(1);
        expect((await entitlementsOf(h, 'max')).entitlements.filter((e) => e.group === VIP.group && e.active)).to.have.length(1);
      });

      // The signed Purchase JSON of the new token does not name the old one: only subscriptionsv2's linkedPurchaseToken does.
      if (online) it('an upgrade closes the old token and opens the new one, once', async () => {
        h = await startVipHarness({ ...engine(), stores, online });
        const old = await subscribeVip(h, 'hal');
        h.clock.now += 2 * DAY;
        const { subscribed, purchased } = await upgradeVip(h, 'hal', old.token);
        await push(purchased);
        await push(purchased);
        expect(await vipRow(h, subscribed.token)).to.deep.include({ productId: 'vip_yearly', state: 'ACTIVE', active: true });
        const vips = (await entitlementsOf(h, 'hal')).entitlements.filter((e) => e.group === VIP.group);
        expect(vips, 'one VIP entitlement: the new product').to.have.length(1);
        expect(vips[0]).to.deep.include({ productId: 'vip_yearly', active: true, purchaseId: subscribed.purchaseId });
        const oldRow = (await subscriptionRow(h, old.token))!;
        const newRow = (await subscriptionRow(h, subscribed.token))!;
        expect(newRow.replaces_chain_key).to.equal(old.token);
        expect(oldRow.replaced_by).to.equal(newRow.subscription_id);
        expect(['EXPIRED', 'REVOKED']).to.include(oldRow.state);
        expect((await timelineOf(h, subscribed.token)).filter((t) => t === 'STARTED')).to.have.length(1);
        expect((await timelineOf(h, old.token)).filter((t) => t === 'REPLACED')).to.have.length(1);
      });
    });
  }
});
