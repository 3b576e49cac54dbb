import { expect } from 'chai';
import { lifecycleJobs } from '../../../server/src/lifecycle/jobs/lifecycle-jobs';
import { JobScheduler } from '../../../server/src/lifecycle/jobs/scheduler';
import { lifecycleOptions } from '../../../server/src/lifecycle/options';
import { listSubscriptionEvents } from '../../../server/src/storage/repos/subscriptions';
import { forEachEngine } from '../support/engines';
import { notify } from './support/notices';
import { startSubscriptionHarness, VIP, type SubscriptionHarness } from './support/setup';

const MIN = 60_000;
const DAY = 86_400_000;
const FEB1 = Date.UTC(2026, 1, 1);
const MAR1 = Date.UTC(2026, 2, 1);

forEachEngine('subscriptions: the scheduled re-check (injected clock)', (engine) => {
  let s: SubscriptionHarness;
  afterEach(async () => s?.close());

  /** Two server instances' schedulers with only the re-check job; a tick at the same moment runs it once. */
  async function tickBoth(): Promise<number> {
    const jobs = lifecycleJobs(s.h.app.billing, lifecycleOptions({ runJobs: false })).filter((j) => j.name === 'subscription-recheck');
    expect(jobs).to.have.length(1);
    const deps = (holder: string) => ({ db: s.h.tdb.db, now: () => s.h.clock.now, holder, leaseMs: 5 * MIN, log: s.h.app.log });
    const ran = await Promise.all([new JobScheduler(jobs, deps('instance-a')).tick(), new JobScheduler(jobs, deps('instance-b')).tick()]);
    // The next tick is due only after the job's interval.
    s.h.clock.now += 5 * MIN;
    return ran.flat().length;
  }
  const timeline = async (chain: string) => (await listSubscriptionEvents(s.h.tdb.db, (await s.row(chain))!.subscription_id)).map((e) => `${e.type}:${e.source}:${e.to_state}`);

  it('without an API: a period that ended with no renewal signal expires by the server clock after the margin, with the reason', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
    expect((await s.row('chain-a'))!.next_check_at).to.equal(FEB1 - 60 * MIN);
    s.h.clock.now = FEB1 - 30 * MIN;
    expect(await tickBoth()).to.equal(1);
    expect((await s.row('chain-a'))!).to.deep.include({ state: 'ACTIVE', next_check_at: FEB1 + 10 * MIN });
    s.h.clock.now = FEB1 + 5 * MIN;
    await tickBoth();
    expect((await s.row('chain-a'))!.state).to.equal('ACTIVE');
    s.h.clock.now = FEB1 + 11 * MIN;
    expect(await tickBoth()).to.equal(1);
    expect((await s.row('chain-a'))!).to.deep.include({ state: 'EXPIRED', next_check_at: null });
    const events = await listSubscriptionEvents(s.h.tdb.db, (await s.row('chain-a'))!.subscription_id);
    expect(events.map((e) => `${e.type}:${e.source}`)).to.deep.equal(['STARTED:receipt', 'EXPIRED:recheck']);
    expect(JSON.parse(events[1]!.detail!).reason).to.match(/no renewal signal/);
    expect(events[1]!.event_time).to.equal(FEB1);
    // A renewal the store signed after the period end still wins over the server's own expiry.
    expect(await notify(s, 'n-late', { chainKey: 'chain-a', event: 'RENEWED', storeType: 'RENEWED', eventTimeMs: FEB1 + 20 * MIN })).to.equal('processed');
    expect((await s.row('chain-a'))!).to.deep.include({ state: 'ACTIVE', period_end: MAR1 });
  });

  it('with an API: the store is read before the period ends (a missed renewal is caught), and an expiry it reports is applied', async () => {
    s = await startSubscriptionHarness(engine(), { api: true });
    s.storeSays({ chainKey: 'chain-a', periodStartMs: s.h.clock.now, periodEndMs: FEB1, periodTransactionId: 'order-1' });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1' });
    // The renewal notification never came; the store knows.
    s.storeSays({ chainKey: 'chain-a', periodStartMs: FEB1, periodEndMs: MAR1, periodTransactionId: 'order-2' });
    s.h.clock.now = FEB1 - 50 * MIN;
    await tickBoth();
    expect((await s.row('chain-a'))!).to.deep.include({ state: 'ACTIVE', period_end: MAR1, next_check_at: MAR1 - 60 * MIN });
    s.storeSays({ chainKey: 'chain-a', state: 'EXPIRED', autoRenew: false, periodStartMs: FEB1, periodEndMs: MAR1 });
    s.h.clock.now = MAR1 - 30 * MIN;
    await tickBoth();
    expect((await s.row('chain-a'))!).to.deep.include({ state: 'EXPIRED', next_check_at: null });
    expect(await timeline('chain-a')).to.deep.equal(['STARTED:receipt:ACTIVE', 'RENEWED:recheck:ACTIVE', 'EXPIRED:recheck:EXPIRED']);
    expect(s.store.reads.length).to.be.greaterThan(0);
  });

  it('with an API that fails: the row stays and is tried again later', async () => {
    s = await startSubscriptionHarness(engine(), { api: true });
    s.storeSays({ chainKey: 'chain-a', periodStartMs: s.h.clock.now, periodEndMs: FEB1 });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1' });
    s.store.answers.clear();
    s.h.clock.now = FEB1 - 30 * MIN;
    await tickBoth();
    const row = (await s.row('chain-a'))!;
    expect(row.state).to.equal('ACTIVE');
    expect(row.next_check_at).to.be.greaterThan(s.h.clock.now);
  });

  it('without an API: grace with no end named lasts the longest store grace, then EXPIRED with no recovery signal', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
    await notify(s, 'n-grace', { chainKey: 'chain-a', event: 'GRACE_STARTED', storeType: 'GRACE', eventTimeMs: FEB1 });
    expect((await s.row('chain-a'))!.state).to.equal('IN_GRACE');
    s.h.clock.now = FEB1 + 11 * MIN;
    await tickBoth();
    expect((await s.row('chain-a'))!.state).to.equal('IN_GRACE');
    s.h.clock.now = FEB1 + 30 * DAY + 11 * MIN;
    await tickBoth();
    expect((await s.row('chain-a'))!.state).to.equal('EXPIRED');
  });
});
