import { expect } from 'chai';
import { recordFirstVerification } from '../../server/src/storage/repos/verification-statement';
import type { VerificationUpdate } from '../../server/src/storage/repos/purchases';
import type { SqlExecutor } from '../../server/src/storage/types';
import { requirePostgres } from '../support/environment';
import { forEachEngine, freshDatabaseWithApp, type TestDatabase } from './support/engines';
import { startHarness, type Harness } from './support/harness';
import { TEST_MARKET } from './support/test-market';

/**
 * Writes marked `interleave` (types.ts, WriteOptions): on PostgreSQL a batch's interleaving writes
 * start together with its BEGIN on a pipelining connection; every engine must give the same
 * outcomes as running them one by one.
 */
forEachEngine('interleaving writes', (engine) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabaseWithApp(engine());
  });
  afterEach(async () => t?.drop());

  const insert = (tx: SqlExecutor, id: number) =>
    tx.run("INSERT INTO products (app_key, product_id, type, title, market_product_ids, updated_at) VALUES ('a', ?, 'consumable', 't', '{}', 0)", [`p${id}`]);
  const products = async () => (await t.db.all<{ product_id: string }>('SELECT product_id FROM products')).map((r) => r.product_id).sort();

  it('commit together, each answered with its own result; a failing one undoes only itself', async () => {
    const results = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => t.db.write(async (tx) => {
      await insert(tx, i);
      // A second statement after the first: it runs once every first statement of the batch is in.
      const mine = await tx.get<{ n: number }>('SELECT count(*) AS n FROM products WHERE product_id = ?', [`p${i}`]);
      if (i % 7 === 3) throw new Error(`write ${i} fails after inserting`);
      return `p${i}:${Number(mine!.n)}`;
    }, { interleave: true })));
    const expected = Array.from({ length: 60 }, (_, i) => (i % 7 === 3 ? `write ${i} fails after inserting` : `p${i}:1`));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).to.deep.equal(expected);
    expect(await products()).to.deep.equal(Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 7 !== 3).map((i) => `p${i}`).sort());
  });

  it('share a batch with plain writes: all commit, each answered with its own result', async () => {
    const before = t.db.commitStats();
    const writes = Array.from({ length: 40 }, (_, i) => t.db.write(async (tx) => {
      await insert(tx, i);
      return i;
    }, { interleave: i % 2 === 0 }));
    expect(await Promise.all(writes)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
    expect(await products()).to.have.length(40);
    expect(t.db.commitStats().batches - before.batches, 'one turn of the event loop, one transaction').to.be.lessThan(4);
  });

  it('a unique-key violation among them fails that write alone', async () => {
    const results = await Promise.allSettled([1, 1, 2].map((id) => t.db.write((tx) => insert(tx, id), { interleave: true })));
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect(await products()).to.deep.equal(['p1', 'p2']);
  });
});

/**
 * The receipt's one-statement write interleaves on PostgreSQL. Its `undo` (a binding MAC that fails
 * on the returned row) may then run after another receipt's statement on the same reservation:
 * a PENDING reservation takes its PURCHASED receipt. The undo must leave that receipt standing.
 */
describe('the one-statement verification write, interleaved [postgres]', () => {
  let h: Harness;
  let pgUrl: string | undefined;
  before(function () {
    pgUrl = requirePostgres(this);
  });
  beforeEach(async () => {
    h = await startHarness({ engine: 'postgres', pgUrl });
  });
  afterEach(async () => h?.close());

  const update = (state: 'PENDING' | 'VERIFIED', storeTransactionId: string): VerificationUpdate => ({
    state, storeTransactionId, purchaseToken: `token-${storeTransactionId}`, quantity: 1, environment: 'Sandbox', test: true,
    storeFinished: false, purchaseTime: h.clock.now, decoded: '{}',
  });

  it('an undone receipt does not take back the one recorded after it on the same reservation', async () => {
    const session = (await h.login('player-1')).sessionToken;
    const r = await h.reserve(session, 'gas');
    const reservation = (await h.tdb.db.get<{ app_key: string; market_product_id: string }>('SELECT app_key, market_product_id FROM purchases WHERE purchase_id = ?', [r.purchaseId]))!;
    const first = (u: VerificationUpdate) => ({
      purchaseId: r.purchaseId, appKey: reservation.app_key, userKey: 'player-1', market: TEST_MARKET,
      marketProductId: reservation.market_product_id, allowed: true, update: u,
    });
    // One turn of the event loop, so one batch: A's statement, then B's, then A's undo.
    const [a, b] = await Promise.all([
      h.tdb.db.write(async (tx) => {
        const result = await recordFirstVerification(tx, first(update('PENDING', 'GPA.pending-forged')), h.clock.now);
        await result!.undo();
        return result!.recorded !== undefined;
      }, { interleave: true }),
      h.tdb.db.write(async (tx) => (await recordFirstVerification(tx, first(update('VERIFIED', 'GPA.paid-1')), h.clock.now + 1))!.recorded !== undefined, { interleave: true }),
    ]);
    expect([a, b], 'both statements recorded: B ran on the PENDING row A left').to.deep.equal([true, true]);
    const row = await h.tdb.db.get<{ state: string; store_transaction_id: string }>('SELECT state, store_transaction_id FROM purchases WHERE purchase_id = ?', [r.purchaseId]);
    expect(row).to.deep.equal({ state: 'VERIFIED', store_transaction_id: 'GPA.paid-1' });
    const events = await h.tdb.db.all<{ type: string }>('SELECT type FROM purchase_events WHERE purchase_id = ? ORDER BY at, event_id', [r.purchaseId]);
    expect(events.map((e) => e.type)).to.deep.equal(['RESERVED', 'VERIFIED']);
  });
});
