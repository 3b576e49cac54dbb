import { expect } from 'chai';
import { jobStatuses } from '../../server/src/lifecycle/jobs/lease';
import { forEachEngine } from '../server/support/engines';
import { startGameServer } from './support/game-server';
import { LifecycleHarness, startStoreSimulators, type StoreSimulators } from './support/harness';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Issue #4: the deadline watchdog, the voided-purchases poll, and jobs under database leases. */
forEachEngine('lifecycle jobs', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  afterEach(async () => h.close());

  it('acknowledges an unfinished Google purchase before its deadline; the store never auto-refunds it', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    const b = await h.buy('google-play', 'ann');
    h.clock.now += 2 * HOUR;
    await h.app.lifecycle.scheduler.tick();
    expect(h.google.record(b.token).acknowledged, 'the device still has time').to.equal(false);
    h.clock.now += 9 * HOUR;
    await h.app.lifecycle.scheduler.tick();
    expect(h.google.record(b.token).acknowledged).to.equal(false);
    h.clock.now += 2 * HOUR;
    await h.app.lifecycle.scheduler.tick();
    expect(h.google.record(b.token).acknowledged).to.equal(true);
    expect((await h.purchase(b.purchaseId)).store_finished).to.equal(1);
    h.clock.now += 4 * DAY;
    expect(h.google.record(b.token).purchaseState, 'not auto-refunded after 3 days').to.equal(0);
    expect(h.google.book.voided.filter((v) => v.purchaseToken === b.token)).to.have.length(0);
    expect(await h.events(b.purchaseId)).to.include('WATCHDOG_FINISHED');
  });

  it('consumes a consumed ONE store purchase at the store before its deadline', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    const b = await h.buy('one-store', 'bob');
    await h.consume(b);
    h.clock.now += 13 * HOUR;
    await h.app.lifecycle.scheduler.tick();
    expect(h.one.record(b.token)).to.include({ consumptionState: 1, purchaseState: 0 });
    h.clock.now += 4 * DAY;
    expect(h.one.record(b.token).purchaseState, 'not auto-refunded').to.equal(0);
  });

  it('the voided-purchases poll revokes a refund whose RTDN never arrived', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    const b = await h.buy('google-play', 'cai');
    await h.consume(b);
    h.clock.now += HOUR;
    h.google.refund(b.token, 7);
    await h.app.lifecycle.scheduler.tick();
    const row = await h.purchase(b.purchaseId) as unknown as Record<string, unknown>;
    expect(row).to.include({ state: 'REVOKED', revoke_reason: 'google:voidedReason=7', revoked_from: 'CONSUMED' });
    const signal = await h.call('GET', '/v1/lifecycle/users/cai/refunds', undefined, h.secretKey);
    expect(signal.json()).to.include({ refundsAfterDelivery: 1 });
  });

  it('the voided-purchases poll follows every page of the list', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    const bought = [];
    for (const user of ['eve', 'fay', 'gus']) {
      const b = await h.buy('google-play', user);
      await h.consume(b);
      bought.push(b);
    }
    h.clock.now += HOUR;
    for (const b of bought) h.google.refund(b.token, 1);
    h.google.voidedPageSize = 1;
    try {
      await h.app.lifecycle.scheduler.tick();
    } finally {
      h.google.voidedPageSize = 1000;
    }
    for (const b of bought) expect((await h.purchase(b.purchaseId)).state, b.purchaseId).to.equal('REVOKED');
  });

  it('counts a paid purchase stuck undelivered once in /metrics', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    await h.buy('app-store', 'dan');
    h.clock.now += 25 * HOUR;
    await h.app.lifecycle.scheduler.tick();
    h.clock.now += HOUR;
    await h.app.lifecycle.scheduler.tick();
    const metrics = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).to.match(/billing_purchases_stuck_undelivered_total\{market="app-store"\} 1\n/);
  });

  it('runs each due job once per interval, with its lease and schedule in the database', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    expect((await h.app.lifecycle.scheduler.tick()).sort()).to.deep.equal(['expire-reservations', 'pending-recheck', 'subscription-recheck', 'voided-poll', 'watchdog', 'webhooks']);
    expect(await h.app.lifecycle.scheduler.tick(), 'nothing is due yet').to.deep.equal([]);
    h.clock.now += 16_000;
    expect(await h.app.lifecycle.scheduler.tick()).to.deep.equal(['webhooks']);
    const rows = await jobStatuses(h.db);
    expect(rows.map((r) => [r.job, Number(r.runs), r.holder])).to.deep.equal([
      ['expire-reservations', 1, null], ['pending-recheck', 1, null], ['subscription-recheck', 1, null], ['voided-poll', 1, null], ['watchdog', 1, null], ['webhooks', 2, null],
    ]);
  });
});

forEachEngine('lifecycle jobs on two server instances sharing one database', (engine) => {
  let one: LifecycleHarness | undefined;
  let two: LifecycleHarness | undefined;
  let game: Awaited<ReturnType<typeof startGameServer>> | undefined;
  afterEach(async () => {
    await two?.close();
    await one?.close();
    await game?.close();
  });

  it('runs each job once and delivers each webhook once', async () => {
    one = await LifecycleHarness.start(engine());
    two = await LifecycleHarness.start({ ...engine(), shared: one });
    game = await startGameServer();
    await one.call('PUT', '/v1/lifecycle/webhook', { url: game.url }, one.secretKey);
    one.clock.now += 1000;
    const b = await one.buy('google-play', 'eve');
    await two.consume(b);
    one.clock.now += 13 * HOUR;

    for (let round = 1; round <= 3; round++) {
      const ran = (await Promise.all([one, two, one, two].map((x) => x.app.lifecycle.scheduler.tick()))).flat();
      expect(ran.sort(), `round ${round}`).to.deep.equal(['expire-reservations', 'pending-recheck', 'subscription-recheck', 'voided-poll', 'watchdog', 'webhooks']);
      one.clock.now += 2 * HOUR;
    }
    const rows = await jobStatuses(one.db);
    expect(rows.map((r) => Number(r.runs))).to.deep.equal([3, 3, 3, 3, 3, 3]);
    expect(rows.every((r) => r.last_error === null), JSON.stringify(rows)).to.equal(true);
    expect(game.received.map((r) => r.type).sort()).to.deep.equal(['purchase.consumed', 'purchase.verified']);
    expect(watchdogFinishes(await one.events(b.purchaseId))).to.equal(1);
    expect(one.google.record(b.token)).to.include({ consumed: true, acknowledged: true });
  });
});

/** How many times the watchdog finished the purchase at the store. */
function watchdogFinishes(events: string[]): number {
  return events.filter((e) => e === 'WATCHDOG_FINISHED').length;
}
