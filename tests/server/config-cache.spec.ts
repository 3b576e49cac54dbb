import { expect } from 'chai';
import { openDatabase } from '../../server/src/storage/open';
import { upsertAppMarket } from '../../server/src/storage/repos/apps';
import { configCache } from '../../server/src/storage/repos/config-cache';
import type { Database } from '../../server/src/storage/types';
import { forEachEngine } from './support/engines';
import { ADMIN_TOKEN, PACKAGE, MARKET_SECRET, startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

/**
 * App and market rows are cached per instance; a change made anywhere (this instance's admin API,
 * another connection such as the CLI or a second instance, plain SQL) is seen by the next request.
 */
forEachEngine('configuration cache', (engine) => {
  let h: Harness;
  let other: Database;
  beforeEach(async () => {
    h = await startHarness(engine());
    other = await openDatabase(h.tdb.config);
  });
  afterEach(async () => {
    await other?.close();
    await h?.close();
  });

  const loginStatus = async () => (await h.post('/v1/sessions', { market: TEST_MARKET, userKey: 'p1', loginToken: h.loginToken('p1') })).statusCode;

  it('every change to apps or app_markets moves the counter in the same transaction', async () => {
    const version = async () => Number((await h.tdb.db.get<{ version: number }>('SELECT version FROM config_version WHERE id = 1'))!.version);
    const before = await version();
    await other.write((tx) => upsertAppMarket(tx, h.appKey, TEST_MARKET, true, { packageName: PACKAGE, secret: MARKET_SECRET }, 1));
    const moved = await version();
    expect(moved).to.be.above(before);
    await other.write(async (tx) => {
      await tx.run('UPDATE apps SET name = ? WHERE app_key = ?', ['Renamed', h.appKey]);
      throw new Error('undo');
    }).catch(() => undefined);
    expect(await version(), 'a rolled-back change does not move it').to.equal(moved);
  });

  it('a product made a subscription from another connection is in the cached catalog of the next read', async () => {
    const rows = async () => (await configCache(h.tdb.db).subscriptionCatalogRows(h.appKey)).map((r) => [r.product_id, r.subscription_group]);
    expect(await rows()).to.deep.equal([]);
    await other.write((tx) => tx.run(
      "INSERT INTO products (app_key, product_id, type, title, market_product_ids, active, updated_at, subscription_group, subscription_period) VALUES (?, 'vip', 'subscription', 'VIP', '{}', 1, 1, 'vip', 'P1M')",
      [h.appKey],
    ));
    expect(await rows()).to.deep.equal([['vip', 'vip']]);
    await other.write((tx) => tx.run("UPDATE products SET active = 0 WHERE app_key = ? AND product_id = 'vip'", [h.appKey]));
    expect(await rows(), 'a product taken off sale leaves the catalog').to.deep.equal([]);
  });

  it('a market disabled from another connection (the CLI, another instance) is refused on the next request', async () => {
    expect(await loginStatus()).to.equal(200);
    await other.write((tx) => upsertAppMarket(tx, h.appKey, TEST_MARKET, false, { packageName: PACKAGE, secret: MARKET_SECRET }, 2));
    const res = await h.post('/v1/sessions', { market: TEST_MARKET, userKey: 'p1', loginToken: h.loginToken('p1') });
    expect(res.statusCode).to.equal(400);
    expect(res.json<{ error: { code: string } }>().error.code).to.equal('MARKET_NOT_ENABLED');
    await other.write((tx) => tx.run('UPDATE app_markets SET enabled = 1 WHERE app_key = ? AND market = ?', [h.appKey, TEST_MARKET]));
    expect(await loginStatus(), 'plain SQL re-enables it').to.equal(200);
  });

  it('a market disabled through the admin API is refused at once, and an app deleted elsewhere is unknown', async () => {
    expect(await loginStatus()).to.equal(200);
    const put = await h.app.inject({
      method: 'PUT',
      url: `/v1/admin/apps/${h.appKey}/markets/${TEST_MARKET}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { enabled: false, config: { packageName: PACKAGE, secret: MARKET_SECRET } },
    });
    expect(put.statusCode, put.body).to.equal(200);
    expect(await loginStatus()).to.equal(400);
    await other.write(async (tx) => {
      for (const table of ['products', 'app_markets', 'apps']) await tx.run(`DELETE FROM ${table} WHERE app_key = ?`, [h.appKey]);
    });
    const res = await h.post('/v1/sessions', { market: TEST_MARKET, userKey: 'p1', loginToken: h.loginToken('p1') });
    expect(res.json<{ error: { code: string } }>().error.code).to.equal('APP_KEY_INVALID');
  });

  it("a request's later lookups carry its one check: one read of the counter for them all; a new request checks again", async () => {
    let reads = 0;
    const db = h.tdb.db;
    const counting: Database = { ...db, get: (sql, params) => ((reads += sql.includes('config_version') ? 1 : 0), db.get(sql, params)) };
    const cache = configCache(counting);
    const check = await cache.checked();
    expect(reads).to.equal(1);
    expect(await cache.app(h.appKey, check)).to.include({ app_key: h.appKey });
    expect(await cache.market(h.appKey, TEST_MARKET, check)).to.include({ enabled: 1 });
    expect(await cache.subscriptionCatalogRows(h.appKey, check)).to.deep.equal([]);
    expect(reads, 'no check of their own').to.equal(1);
    // Changed elsewhere after that request arrived: the next request (no check yet) sees it.
    await other.write((tx) => upsertAppMarket(tx, h.appKey, TEST_MARKET, false, { packageName: PACKAGE, secret: MARKET_SECRET }, 2));
    expect(Number((await cache.market(h.appKey, TEST_MARKET))?.enabled)).to.equal(0);
    expect(reads).to.equal(2);
    const next = await cache.checked();
    expect(next.seq).to.be.greaterThan(check.seq);
  });

  it('requests that arrive together share one read of the counter and see the same rows', async () => {
    const cache = configCache(h.tdb.db);
    const rows = await Promise.all(Array.from({ length: 20 }, () => cache.app(h.appKey)));
    expect(new Set(rows.map((r) => r?.app_key))).to.deep.equal(new Set([h.appKey]));
    expect(await cache.app('no-such-app')).to.equal(undefined);
  });
});
