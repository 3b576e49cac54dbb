import { expect } from 'chai';
import BetterSqlite3 from 'better-sqlite3';
import { listUnfinished } from '../../server/src/storage/repos/purchases';
import type { SqlExecutor, SqlValue } from '../../server/src/storage/types';
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

  it('the unfinished list of a login searches one user in one market', async () => {
    const plan = await planOf((db) => listUnfinished(db, 'app', 'user', 'google-play'));
    expect(plan.join('\n')).to.match(/USING INDEX purchases_user_market \(app_key=\? AND user_key=\? AND market=\?\)/);
    expect(plan.join('\n'), 'no separate sort').not.to.match(/TEMP B-TREE/);
  });
});
