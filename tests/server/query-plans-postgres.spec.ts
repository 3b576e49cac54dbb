import { expect } from 'chai';
import pg from 'pg';
import { recordFirstVerification } from '../../server/src/storage/repos/verification-statement';
import { consumePurchase, findPurchase } from '../../server/src/storage/repos/purchases';
import { toPgPlaceholders } from '../../server/src/storage/postgres';
import type { SqlExecutor, SqlValue } from '../../server/src/storage/types';
import { freshDatabase, type TestDatabase } from './support/engines';
import { requirePostgres } from '../support/environment';

/**
 * PostgreSQL runs our statements as named prepared statements, and after five executions it may
 * keep one generic plan, made without the parameters' values. That plan must still seek a
 * purchase by its primary key: the receipt's one statement once settled on
 * purchases_user_created (app_key, user_key, created_at, purchase_id) and walked every purchase of
 * the user, 2 ms of database CPU per receipt for a player with 10,000 purchases.
 */
describe('PostgreSQL generic plans of the receipt and consume writes', function () {
  let t: TestDatabase;
  let client: pg.Client;
  before(function () {
    requirePostgres(this);
  });
  beforeEach(async () => {
    t = await freshDatabase('postgres', process.env.TEST_DATABASE_URL);
    client = new pg.Client({ connectionString: (t.config as { url: string }).url });
    await client.connect();
    // 3,000 purchases of 30 players, a third each reserved, verified and consumed, and no
    // statistics yet: autovacuum analyzes a table only after a tenth of it has changed, so a
    // growing purchase log is planned on stale statistics for long stretches. That is where the
    // receipt's statement chose the user index (with fresh statistics it chose the key).
    await client.query(`INSERT INTO apps (app_key, name, secret_hash, secret_sealed, created_at, updated_at) VALUES ('app', 'App', 'x', 'x', 0, 0)`);
    await client.query(`INSERT INTO purchases (purchase_id, app_key, user_key, market, product_id, market_product_id, product_type, quantity, state,
        store_transaction_id, environment, expires_at, created_at, updated_at)
      SELECT gen_random_uuid()::text, 'app', 'user-' || (i % 30), 'google-play', 'gas', 'gas', 'consumable', 1, (ARRAY['RESERVED', 'VERIFIED', 'CONSUMED'])[1 + i % 3],
        CASE WHEN i % 3 = 0 THEN NULL ELSE 'GPA.' || i END, 'production', i + 3600000, i, i
      FROM generate_series(1, 3000) AS i`);
    await client.query('SET plan_cache_mode = force_generic_plan');
  });
  afterEach(async () => {
    await client?.end();
    await t?.drop();
  });

  const literal = (v: SqlValue) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : client.escapeLiteral(String(v)));

  /** The generic plan of every statement `work` sends (each prepared, then explained without its values). */
  async function genericPlans(work: (db: SqlExecutor) => Promise<unknown>): Promise<string[]> {
    const captured: Array<{ sql: string; params: readonly SqlValue[] }> = [];
    const recorder: SqlExecutor = {
      all: async (sql, params = []) => (captured.push({ sql, params }), []),
      get: async (sql, params = []) => (captured.push({ sql, params }), undefined),
      run: async (sql, params = []) => (captured.push({ sql, params }), { changes: 1 }),
    };
    await work(recorder);
    const plans: string[] = [];
    for (const [i, { sql, params }] of captured.entries()) {
      await client.query(`PREPARE cb_plan_${i} AS ${toPgPlaceholders(sql)}`);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE cb_plan_${i}(${params.map(literal).join(', ')})`);
      plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    return plans;
  }

  const update = {
    state: 'VERIFIED' as const, storeTransactionId: 'GPA.1', purchaseToken: 'token', quantity: 1, environment: 'production', test: false,
    testUnknown: false, storeFinished: false, purchaseTime: 1, decoded: '{}',
  };

  it('a reservation\u2019s first receipt updates the purchase found by its primary key', async () => {
    const [plan] = await genericPlans((db) => recordFirstVerification(db, {
      purchaseId: '0190abcd-0000-7000-8000-000000000001', appKey: 'app', userKey: 'user', market: 'google-play', marketProductId: 'gas', allowed: true, update,
    }, 1));
    expect(plan).to.match(/Update on purchases[\s\S]*Index Scan using purchases_pkey on purchases purchases_\d+\s+\(cost[^\n]*\n\s+Index Cond: \(purchase_id = \$\d+\)/);
    expect(plan).not.to.match(/purchases_user_created/);
  });

  it('the consume and the step-by-step receipt path read and write one purchase by its primary key', async () => {
    for (const plan of await genericPlans(async (db) => {
      await findPurchase(db, '0190abcd-0000-7000-8000-000000000001');
      await consumePurchase(db, '0190abcd-0000-7000-8000-000000000001', 1);
    })) {
      if (!/ on purchases\b/.test(plan)) continue;
      expect(plan).to.match(/using purchases_pkey/);
      expect(plan).not.to.match(/purchases_user_created|Seq Scan/);
    }
  });
});
