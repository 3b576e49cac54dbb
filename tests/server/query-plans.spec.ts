import { expect } from 'chai';
import BetterSqlite3 from 'better-sqlite3';
import { findPurchaseByStoreTransaction, listUnfinished, listUserPurchases } from '../../server/src/storage/repos/purchases';
import type { SqlExecutor, SqlValue } from '../../server/src/storage/types';
import { fetchPage } from '../../server/src/console/search';
import type { BillingContext } from '../../server/src/domain/context';
import { expireReservations } from '../../server/src/lifecycle/expire-reservations';
import { findNotified } from '../../server/src/lifecycle/notifications/intake';
import { recheckPending } from '../../server/src/lifecycle/pending-recheck';
import { duePurchases, unfinishedBacklog } from '../../server/src/lifecycle/watchdog-schedule';
import { stuckCandidates } from '../../server/src/lifecycle/watchdog';
import { DEFAULT_DEADLINE_POLICY, loadQueue } from '../../server/src/console/queues';
import { freshDatabase, type TestDatabase } from './support/engines';

/**
 * Hot queries must stay on an index that narrows them to one user: a plan that walks a whole
 * market makes every SDK login slower as the purchase log grows.
 */
describe('SQLite query plans of the hot per-user queries', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase('sqlite');
  });
  afterEach(async () => t.drop());

  /** Runs `query` against an executor that only records the SQL, then asks SQLite for the plan of each statement. */
  async function planOf(query: (db: SqlExecutor) => Promise<unknown>): Promise<string[]> {
    const captured: Array<{ sql: string; params: readonly SqlValue[] }> = [];
    const recorder: SqlExecutor = {
      all: async (sql, params = []) => (captured.push({ sql, params }), []),
      // One row, so that a function reading several statements in turn goes on to the next.
      get: async <T>(sql: string, params: readonly SqlValue[] = []) => (captured.push({ sql, params }), { purchase_time: 1, n: 1 } as T),
      run: async (sql, params = []) => (captured.push({ sql, params }), { changes: 0 }),
    };
    await query(recorder);
    const h = new BetterSqlite3((t.config as { file: string }).file, { readonly: true });
    try {
      return captured.flatMap(({ sql, params }) => (h.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail));
    } finally {
      h.close();
    }
  }

  it("the unfinished list of a login searches one user's purchases, already in its order", async () => {
    const plan = await planOf((db) => listUnfinished(db, 'app', 'user', 'google-play'));
    expect(plan.join('\n')).to.match(/USING INDEX purchases_user_created \(app_key=\? AND user_key=\?\)/);
    expect(plan.join('\n'), 'no separate sort').not.to.match(/TEMP B-TREE/);
  });

  it('a receipt finds the purchase of its store transaction through the unique index', async () => {
    const plan = await planOf((db) => findPurchaseByStoreTransaction(db, 'google-play', 'GPA.1'));
    expect(plan.join('\n')).to.match(/USING INDEX purchases_store_tx_market \(store_transaction_id=\? AND market=\?\)/);
  });

  it('the console finds a store transaction id (or order id) in any market through the same index', async () => {
    for (const filters of [{ storeTransactionId: 'GPA.1' }, { orderId: 'GPA.1' }]) {
      const plan = await planOf((db) => fetchPage(db, filters, () => undefined, undefined, 50));
      expect(plan.join('\n')).to.match(/USING INDEX purchases_store_tx_market \(store_transaction_id=\?\)/);
    }
  });

  it('the deadline watchdog reads each market\u2019s due purchases from its partial index, in deadline order', async () => {
    const plan = await planOf((db) => duePurchases(db, ['google-play', 'one-store'], 1, 2, 100));
    expect(plan).to.have.length(2);
    for (const step of plan) expect(step).to.match(/USING INDEX purchases_watchdog_due \(market=\? AND purchase_time<\?\)/);
    expect(plan.join('\n'), 'no separate sort').not.to.match(/TEMP B-TREE/);
  });

  it('the backlog gauges read each market\u2019s oldest unfinished purchase by one seek and count at most a cap (every scrape)', async () => {
    const plan = await planOf((db) => unfinishedBacklog(db, ['google-play', 'sandbox']));
    expect(plan.join('\n')).not.to.match(/SCAN purchases\b|TEMP B-TREE/);
    expect(plan.filter((step) => /purchases_watchdog_due \(market=\?\)/.test(step))).to.have.length(4);
  });

  it("a user's purchase list searches that user's purchases only", async () => {
    for (const state of ['VERIFIED', undefined] as const) {
      const plan = await planOf((db) => listUserPurchases(db, 'app', 'user', state));
      expect(plan.join('\n')).to.match(/USING INDEX purchases_user_created \(app_key=\? AND user_key=\?\)/);
    }
  });

  // The lifecycle jobs' scans (index review, migration 320's notes in storage/README.md): each
  // reads the few rows it acts on through an index, whatever the size of the purchase log.
  const jobContext = (db: SqlExecutor) => ({ db, now: () => 0 }) as unknown as BillingContext;

  it('the pending re-check and the reservation expiry read one state through an index of that state', async () => {
    // Only PENDING purchases are in the re-check's index (migration 412), so no other state change moves it.
    const pending = (await planOf((db) => recheckPending(jobContext(db), 50))).join('\n');
    expect(pending).to.match(/USING INDEX purchases_pending_updated \(state=\?\)/);
    expect(pending, 'already in its order').not.to.match(/TEMP B-TREE/);
    // Reservations live an hour: sorting the RESERVED ones of the (state, created_at) range costs nothing.
    expect((await planOf((db) => expireReservations(jobContext(db), 0, 50))).join('\n')).to.match(/USING INDEX purchases_console_state_created \(state=\?\)/);
  });

  it('the stuck-delivery report reads only paid, undelivered purchases, in verification order', async () => {
    const plan = (await planOf((db) => stuckCandidates(db, 0, 50))).join('\n');
    expect(plan).to.match(/USING INDEX purchases_stuck_candidates \(state=\? AND verified_at<\?\)/);
    expect(plan).not.to.match(/TEMP B-TREE/);
  });

  it('the console\u2019s deadline queue reads each market\u2019s oldest unfinished purchases from the watchdog\u2019s index', async () => {
    const policy = { ...DEFAULT_DEADLINE_POLICY, markets: ['google-play', 'one-store'] };
    const plan = await planOf((db) => loadQueue(db, 'deadline', 0, policy));
    expect(plan.filter((step) => /purchases_watchdog_due \(market=\? AND purchase_time<\?\)/.test(step))).to.have.length(2);
    expect(plan.join('\n')).not.to.match(/SCAN p\b|TEMP B-TREE/);
  });

  it('a store notification finds its purchase by token or transaction id through their indexes', async () => {
    const plan = (await planOf((db) => findNotified(db, 'google-play', 'app', 'token-1'))).join('\n');
    expect(plan).to.match(/purchases_console_token \(purchase_token=\?\)/);
    expect(plan).to.match(/purchases_store_tx_market \(store_transaction_id=\?/);
  });
});
