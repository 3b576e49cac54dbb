import { expect } from 'chai';
import BetterSqlite3 from 'better-sqlite3';
import { findPurchaseByStoreTransaction, listUnfinished, listUserPurchases } from '../../server/src/storage/repos/purchases';
import type { SqlExecutor, SqlValue } from '../../server/src/storage/types';
import { fetchPage } from '../../server/src/console/search';
import { duePurchases } from '../../server/src/lifecycle/watchdog-schedule';
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

  /** Runs `query` against an executor that only records the SQL, then asks SQLite for its plan. */
  async function planOf(query: (db: SqlExecutor) => Promise<unknown>): Promise<string[]> {
    let captured: { sql: string; params: readonly SqlValue[] } | undefined;
    const recorder: SqlExecutor = {
      all: async (sql, params = []) => ((captured = { sql, params }), []),
      get: async (sql, params = []) => ((captured = { sql, params }), undefined),
      run: async (sql, params = []) => ((captured = { sql, params }), { changes: 0 }),
    };
    await query(recorder);
    const h = new BetterSqlite3((t.config as { file: string }).file, { readonly: true });
    try {
      const rows = h.prepare(`EXPLAIN QUERY PLAN ${captured!.sql}`).all(...captured!.params) as Array<{ detail: string }>;
      return rows.map((r) => r.detail);
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

  it('the deadline watchdog reads due purchases from its partial index, in deadline order', async () => {
    const plan = await planOf((db) => duePurchases(db, ['google-play', 'one-store'], 1, 2, 100));
    expect(plan.join('\n')).to.match(/USING INDEX purchases_watchdog_due \(store_finished=\? AND purchase_time<\?\)/);
    expect(plan.join('\n'), 'no separate sort').not.to.match(/TEMP B-TREE/);
  });

  it("a user's purchase list searches that user's purchases only", async () => {
    for (const state of ['VERIFIED', undefined] as const) {
      const plan = await planOf((db) => listUserPurchases(db, 'app', 'user', state));
      expect(plan.join('\n')).to.match(/USING INDEX purchases_user_created \(app_key=\? AND user_key=\?\)/);
    }
  });
});
