import { expect } from 'chai';
import { forEachEngine, freshDatabaseWithApp, type TestDatabase } from './support/engines';

forEachEngine('group commit', (engine) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabaseWithApp(engine());
  });
  afterEach(async () => t?.drop());

  const insert = (id: number) => (tx: Parameters<Parameters<TestDatabase['db']['write']>[0]>[0]) =>
    tx.run("INSERT INTO products (app_key, product_id, type, title, market_product_ids, updated_at) VALUES ('a', ?, 'consumable', 't', '{}', 0)", [`p${id}`]);

  it('commits concurrent writes together, and a failing write undoes only itself', async () => {
    const before = t.db.commitStats();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        t.db.write(async (tx) => {
          await insert(i)(tx);
          if (i % 10 === 3) throw new Error(`write ${i} fails after inserting`);
          return i;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).to.have.length(20);
    const rows = await t.db.all<{ product_id: string }>('SELECT product_id FROM products');
    expect(rows).to.have.length(180);
    expect(rows.map((r) => r.product_id)).not.to.include('p3');
    const after = t.db.commitStats();
    expect(after.writes - before.writes).to.equal(200);
    expect(after.batches - before.batches, 'many writes share one transaction').to.be.lessThan(20);
  });

  it('answers a write only once its rows are visible to readers (committed)', async () => {
    await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      await t.db.write(insert(i));
      const row = await t.db.get('SELECT product_id FROM products WHERE product_id = ?', [`p${i}`]);
      expect(row, `p${i} committed before its answer`).to.deep.equal({ product_id: `p${i}` });
    }));
  });

  it('a unique-key violation fails that write alone', async () => {
    const [a, b, c] = await Promise.allSettled([t.db.write(insert(1)), t.db.write(insert(1)), t.db.write(insert(2))]);
    expect([a.status, b.status, c.status]).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect(await t.db.all('SELECT product_id FROM products ORDER BY product_id')).to.deep.equal([{ product_id: 'p1' }, { product_id: 'p2' }]);
  });

  it('runs a batch without failures once, and a batch with one again with each write isolated', async () => {
    const runs = new Map<number, number>();
    const counted = (id: number, fail = false) => t.db.write(async (tx) => {
      runs.set(id, (runs.get(id) ?? 0) + 1);
      await insert(id)(tx);
      if (fail) throw new Error(`write ${id} fails`);
      return `p${id} run ${runs.get(id)}`;
    });
    // One batch, no failure: every write ran once.
    expect(await Promise.all([1, 2, 3].map((id) => counted(id)))).to.deep.equal(['p1 run 1', 'p2 run 1', 'p3 run 1']);
    // One batch with a failure: the writes before it ran again (those after it had not run yet),
    // and every answer comes from the run that committed.
    const mixed = await Promise.allSettled([counted(4), counted(5, true), counted(6)]);
    expect(mixed.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).to.deep.equal(['p4 run 2', 'write 5 fails', 'p6 run 1']);
    // The batch right after a failure starts isolated: nothing runs twice.
    const next = await Promise.allSettled([counted(7), counted(8, true)]);
    expect(next.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).to.deep.equal(['p7 run 1', 'write 8 fails']);
    const rows = await t.db.all<{ product_id: string }>('SELECT product_id FROM products ORDER BY product_id');
    expect(rows.map((r) => r.product_id)).to.deep.equal(['p1', 'p2', 'p3', 'p4', 'p6', 'p7']);
  });
});
