import { expect } from 'chai';
import { requirePostgres } from '../support/environment';
import { freshDatabase, type TestDatabase } from './support/engines';

/**
 * PostgreSQL's writer connections each commit a batch of requests in one transaction, so two
 * batches can take the same two rows in opposite orders (the fuzz suite met it on the config
 * version row and an app). PostgreSQL then aborts one transaction with a deadlock (40P01). The
 * write that lost it changed nothing and runs again in the next batch: the request succeeds
 * instead of answering a retryable 503, and the other writes of that batch are unaffected.
 */
describe('PostgreSQL: a write that loses a deadlock runs again in the next batch', function () {
  this.timeout(30_000);
  let t: TestDatabase | undefined;
  let pgUrl: string;
  before(function () {
    pgUrl = requirePostgres(this);
  });
  afterEach(async () => t?.drop());

  it('two batches taking two rows in opposite orders both commit; only the bad write fails', async () => {
    t = await freshDatabase('postgres', pgUrl);
    const db = t.db;
    await db.write((tx) => tx.run('CREATE TABLE dl (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)'));
    await db.write(async (tx) => {
      await tx.run('INSERT INTO dl (id, n) VALUES (1, 0), (2, 0)');
    });
    let secondHasRow2!: () => void;
    const row2Taken = new Promise<void>((r) => (secondHasRow2 = r));
    let firstHasRow1!: () => void;
    const row1Taken = new Promise<void>((r) => (firstHasRow1 = r));
    let attemptsOfSecond = 0;

    // First writer: row 1, then (once the other batch holds row 2) row 2. It waits long before
    // it looks for a deadlock, so the other side is the one PostgreSQL aborts.
    const first = db.write(async (tx) => {
      await tx.run("SET LOCAL deadlock_timeout = '5s'");
      await tx.run('UPDATE dl SET n = n + 1 WHERE id = 1');
      firstHasRow1();
      await row2Taken;
      await tx.run('UPDATE dl SET n = n + 1 WHERE id = 2');
      return 'first';
    });
    await row1Taken;
    // Second writer (the first one is busy, so these go to the other connection, in one batch):
    // a write that fails on its own (the batch then runs with each write in a savepoint), and the
    // write that takes row 2, then row 1: the deadlock happens inside the savepointed batch.
    const bad = db.write((tx) => tx.run('SELECT 1 / (SELECT COUNT(*) FROM dl WHERE id = 3) AS x'));
    const second = db.write(async (tx) => {
      attemptsOfSecond++;
      await tx.run("SET LOCAL deadlock_timeout = '100ms'");
      await tx.run('UPDATE dl SET n = n + 10 WHERE id = 2');
      secondHasRow2();
      await tx.run('UPDATE dl SET n = n + 10 WHERE id = 1');
      return 'second';
    });
    const badOutcome = await bad.then(() => 'committed', (e: { code?: string; cause?: { code?: string } }) => e.code ?? e.cause?.code);
    expect(await first).to.equal('first');
    expect(await second).to.equal('second');
    expect(badOutcome, 'the failing write (division by zero) fails alone').to.equal('22012');
    // The second write ran in the savepointed batch, lost the deadlock, and ran again in the next batch.
    expect(attemptsOfSecond).to.equal(2);
    const rows = await db.all<{ id: number; n: number }>('SELECT id, n FROM dl ORDER BY id');
    expect(rows.map((r) => [Number(r.id), Number(r.n)])).to.deep.equal([[1, 11], [2, 11]]);
  });
});
