import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../server/src/domain/apps';
import { DEFAULT_LIFECYCLE_OPTIONS } from '../../server/src/lifecycle/options';
import { runWatchdog } from '../../server/src/lifecycle/watchdog';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { forEachEngine } from '../server/support/engines';
import { LifecycleHarness, startStoreSimulators, type StoreSimulators } from './support/harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Issue #14: the deadline watchdog never stalls. 1,000 older unfinished purchases it must skip
 * (an app without a store API, an app whose store is down) do not delay a new purchase's
 * acknowledgement past one hour of simulated time; each skip records why and backs off.
 */
forEachEngine('deadline watchdog schedule', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  beforeEach(async () => {
    h = await LifecycleHarness.start({ ...engine(), stores, options: { watchdog: { ...DEFAULT_LIFECYCLE_OPTIONS.watchdog, finishAfterMs: 10 * MINUTE } } });
  });
  afterEach(async () => h.close());

  /** A second app whose Google Play purchases the watchdog cannot finish, with `count` old unfinished ones. */
  async function stuckApp(appKey: string, config: object, count: number, purchaseTime: number): Promise<void> {
    await createApp(h.db, h.keys, { appKey, name: appKey, products: [] }, h.clock.now);
    await h.db.write(async (tx) => {
      await upsertAppMarket(tx, appKey, 'google-play', true, config, h.clock.now);
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        await tx.run(
          `INSERT INTO purchases (purchase_id, app_key, user_key, market, product_id, market_product_id, product_type, quantity, state,
             store_transaction_id, purchase_token, environment, purchase_time, verified_at, expires_at, created_at, updated_at)
           VALUES (?, ?, ?, 'google-play', 'gas', 'gas_100', 'consumable', 1, 'VERIFIED', ?, ?, 'production', ?, ?, ?, ?, ?)`,
          [id, appKey, `u${i}`, `GPA.${appKey}.${i}`, `tok-${appKey}-${i}`, purchaseTime + i, purchaseTime + i, purchaseTime, purchaseTime, purchaseTime],
        );
      }
    });
  }

  it('1,000 skipped older purchases do not delay a new one\u2019s acknowledgement past 1 hour', async function () {
    this.timeout(60_000);
    const old = h.clock.now - 2 * 86_400_000;
    await stuckApp('no-api', h.google.marketConfig({ online: false }), 500, old);
    // A store that refuses connections: every call fails as STORE_UNAVAILABLE.
    const down = { ...h.google.marketConfig(), developerApi: { serviceAccount: h.google.serviceAccount, rootUrl: 'http://127.0.0.1:9/', tokenUrl: 'http://127.0.0.1:9/token' } };
    await stuckApp('down', down, 500, old + 1000);
    const bought = await h.buy('google-play', 'newbie');
    const start = h.clock.now;
    while (!h.google.record(bought.token).acknowledged && h.clock.now - start <= HOUR) {
      h.clock.now += 10 * MINUTE; // the watchdog's interval
      await runWatchdog(h.app.billing, h.app.lifecycle.options, h.app.metrics);
    }
    expect(h.google.record(bought.token).acknowledged, 'acknowledged at the store').to.equal(true);
    expect(h.clock.now - start).to.be.at.most(HOUR);
    expect((await h.purchase(bought.purchaseId)).store_finished).to.equal(1);
    // Every skipped purchase says why and when it is tried next.
    const reasons = await h.db.all<{ app_key: string; watchdog_skip_reason: string; n: number; next: number }>(
      `SELECT app_key, watchdog_skip_reason, COUNT(*) AS n, MIN(watchdog_next_at) AS next FROM purchases WHERE app_key IN ('no-api', 'down')
       GROUP BY app_key, watchdog_skip_reason ORDER BY app_key, watchdog_skip_reason`,
    );
    const byApp = (app: string) => reasons.filter((r) => r.app_key === app);
    expect(byApp('no-api').map((r) => [r.watchdog_skip_reason, Number(r.n)])).to.deep.equal([['no-store-api', 500]]);
    expect(byApp('down').map((r) => r.watchdog_skip_reason).sort()).to.deep.equal(['STORE_UNAVAILABLE', 'store-unavailable']);
    expect(byApp('down').reduce((n, r) => n + Number(r.n), 0)).to.equal(500);
    for (const r of reasons) expect(Number(r.next)).to.be.greaterThan(start);
    // The oldest unfinished Google purchase is two days old; the metric says so.
    const metric = /billing_oldest_unfinished_purchase_age_seconds\{market="google-play"\} ([\d.]+)/.exec(await h.app.metrics.render());
    expect(Math.round(Number(metric?.[1]))).to.equal(Math.round((h.clock.now - old) / 1000));
  });

  it('a failing purchase backs off exponentially and is finished once the store answers again', async () => {
    const bought = await h.buy('google-play', 'ann');
    const attempts: number[] = [];
    for (let i = 0; i < 3; i++) {
      h.google.failNextApiCall(503);
      h.clock.now += 11 * MINUTE;
      const row = await h.purchase(bought.purchaseId);
      if (row.watchdog_next_at && Number(row.watchdog_next_at) > h.clock.now) h.clock.now = Number(row.watchdog_next_at);
      await runWatchdog(h.app.billing, h.app.lifecycle.options, h.app.metrics);
      const after = await h.purchase(bought.purchaseId);
      expect(after.watchdog_skip_reason).to.equal('STORE_UNAVAILABLE');
      attempts.push(Number(after.watchdog_next_at) - h.clock.now);
    }
    expect(attempts).to.deep.equal([10 * MINUTE, 20 * MINUTE, 40 * MINUTE]);
    h.clock.now += 40 * MINUTE;
    await runWatchdog(h.app.billing, h.app.lifecycle.options, h.app.metrics);
    expect(h.google.record(bought.token).acknowledged).to.equal(true);
  });
});
