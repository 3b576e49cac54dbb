import { expect } from 'chai';
import { BACKLOG_COUNT_CAP, unfinishedBacklog } from '../../server/src/lifecycle/watchdog-schedule';
import { forEachEngine, freshDatabaseWithApp, type TestDatabase } from '../server/support/engines';

/**
 * Issue #20: the backlog gauges are read at every /metrics scrape, so their read must not grow
 * with the backlog (it used to count every unfinished purchase: ~100 ms on the event loop at
 * 300,000, the soak's growing stall). Each market's oldest is exact; its count stops at the cap.
 */
forEachEngine('watchdog backlog read (the /metrics gauges)', (engine) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabaseWithApp(engine());
  });
  afterEach(async () => t?.drop());

  /** `count` purchases of `market` in `state`, paid at from, from + 1, …; finished at the store or not. */
  const purchases = (market: string, state: string, count: number, from: number, finished = 0) =>
    t.db.write((tx) => tx.run(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
       INSERT INTO purchases (purchase_id, app_key, user_key, market, product_id, market_product_id, product_type, quantity, state,
         store_transaction_id, purchase_token, environment, store_finished, purchase_time, expires_at, created_at, updated_at)
       SELECT ? || '-' || i, 'a', 'u', ?, 'gas', 'gas', 'consumable', 1, ?, ? || '-tx-' || i, ? || '-tok-' || i, 'production', ?, ? + i, 0, 0, 0 FROM n`,
      [count, `${market}-${state}-${from}`, market, state, `${market}-${state}-${from}`, `${market}-${state}-${from}`, finished, from],
    ));

  it('gives each market its exact oldest unfinished purchase and a count capped at BACKLOG_COUNT_CAP; markets with none are left out', async () => {
    await purchases('google-play', 'CONSUMED', BACKLOG_COUNT_CAP + 5, 5_000);
    await purchases('google-play', 'VERIFIED', 1, 4_000);
    // Finished at the store, or never paid: not in the backlog, however old.
    await purchases('google-play', 'CONSUMED', 3, 1_000, 1);
    await purchases('one-store', 'RESERVED', 3, 1_000);
    await purchases('one-store', 'UNCLAIMED', 2, 9_000);
    const backlog = await unfinishedBacklog(t.db, ['google-play', 'one-store', 'app-store']);
    expect(backlog).to.deep.equal([
      { market: 'google-play', n: BACKLOG_COUNT_CAP, oldest: 4_000 },
      { market: 'one-store', n: 2, oldest: 9_000 },
    ]);
  });
});
