import { expect } from 'chai';
import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBillingError } from '../../assets/common-billing/protocol/error-codes';
import { GroupCommitter } from '../../server/src/storage/group-commit';
import { openDatabase } from '../../server/src/storage/open';
import type { SqlValue, WriterConnection } from '../../server/src/storage/types';
import { WalSync } from '../../server/src/storage/wal-sync';

/**
 * SQLite commits with synchronous=NORMAL and the group committer syncs the WAL itself
 * (storage/wal-sync.ts): these tests hold that sync back and check that no answer leaves
 * before it, on a real SQLite file.
 */
describe('durable answers: nothing is answered before its commit is synced', () => {
  let dir: string;
  let handle: BetterSqlite3.Database;
  let flushes: Array<{ resolve(): void; reject(error: Error): void }>;
  let committer: GroupCommitter;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cb-durable-'));
    handle = new BetterSqlite3(join(dir, 'db.sqlite'));
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    flushes = [];
    // The real writer connection, with a flush the test releases by hand.
    const conn: WriterConnection = {
      all: async <T>(sql: string, params: readonly SqlValue[] = []) => handle.prepare(sql).all(...params) as T[],
      get: async <T>(sql: string, params: readonly SqlValue[] = []) => handle.prepare(sql).get(...params) as T | undefined,
      run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: handle.prepare(sql).run(...params).changes }),
      exec: async (sql: string) => void handle.exec(sql),
      flush: () => new Promise<void>((resolve, reject) => flushes.push({ resolve, reject })),
    };
    committer = new GroupCommitter(conn);
  });
  afterEach(() => {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const settled = async (p: Promise<unknown>) => {
    let done = false;
    void p.then(() => (done = true), () => (done = true));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    return done;
  };
  const committedRows = () => {
    const reader = new BetterSqlite3(join(dir, 'db.sqlite'), { readonly: true });
    try {
      return (reader.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
    } finally {
      reader.close();
    }
  };

  it('a write is committed first and answered only after the flush that follows it', async () => {
    const write = committer.write((tx) => tx.run('INSERT INTO t (id) VALUES (1)'));
    await new Promise((r) => setTimeout(r, 20));
    expect(committedRows(), 'committed').to.equal(1);
    expect(flushes).to.have.length(1);
    expect(await settled(write), 'answered before the sync').to.equal(false);
    flushes[0]!.resolve();
    expect(await write).to.deep.equal({ changes: 1 });
  });

  it('batches committed while a flush runs wait for the next flush, which covers them all', async () => {
    const first = committer.write((tx) => tx.run('INSERT INTO t (id) VALUES (1)'));
    await new Promise((r) => setTimeout(r, 20));
    const later = [2, 3, 4].map((id) => committer.write((tx) => tx.run('INSERT INTO t (id) VALUES (?)', [id])));
    await new Promise((r) => setTimeout(r, 20));
    expect(committedRows()).to.equal(4);
    expect(flushes, 'one flush at a time').to.have.length(1);
    flushes[0]!.resolve();
    await first;
    expect(await settled(Promise.all(later)), 'the first flush began before they committed').to.equal(false);
    expect(flushes).to.have.length(2);
    flushes[1]!.resolve();
    expect((await Promise.all(later)).map((r) => r.changes)).to.deep.equal([1, 1, 1]);
  });

  it('a reader waits until what it may have read is durable', async () => {
    const write = committer.write((tx) => tx.run('INSERT INTO t (id) VALUES (1)'));
    await new Promise((r) => setTimeout(r, 20));
    const barrier = committer.whenDurable();
    expect(await settled(barrier)).to.equal(false);
    flushes[0]!.resolve();
    await Promise.all([write, barrier]);
    expect(await settled(committer.whenDurable()), 'nothing unsynced: no wait').to.equal(true);
  });

  it('a failed sync answers SERVER_BUSY to its writes and readers; the next sync serves new ones', async () => {
    const write = committer.write((tx) => tx.run('INSERT INTO t (id) VALUES (1)'));
    await new Promise((r) => setTimeout(r, 20));
    const barrier = committer.whenDurable();
    flushes[0]!.reject(new Error('EIO'));
    for (const p of [write, barrier]) {
      const error = await p.then(() => undefined, (e: unknown) => e);
      expect(isBillingError(error) && error.code).to.equal('SERVER_BUSY');
    }
    const next = committer.write((tx) => tx.run('INSERT INTO t (id) VALUES (2)'));
    await new Promise((r) => setTimeout(r, 20));
    flushes.at(-1)!.resolve();
    expect(await next).to.deep.equal({ changes: 1 });
  });
});

describe('SQLite engine: WAL sync and background checkpoints', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cb-wal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('syncing a database that has no WAL file yet is a no-op, and a replaced WAL file is reopened', async () => {
    const file = join(dir, 'x.sqlite');
    const sync = new WalSync(`${file}-wal`);
    await sync.sync();
    const h = new BetterSqlite3(file);
    h.pragma('journal_mode = WAL');
    h.exec('CREATE TABLE t (id INTEGER)');
    await sync.sync();
    h.close(); // the last connection removes the WAL file
    const h2 = new BetterSqlite3(file);
    h2.exec('INSERT INTO t VALUES (1)');
    await sync.sync();
    h2.close();
    sync.close();
  });

  it('the checkpointer thread moves committed rows into the database file itself', async function () {
    this.timeout(20_000);
    const file = join(dir, 'billing.sqlite');
    const db = await openDatabase({ engine: 'sqlite', file });
    try {
      await db.execScript('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
      await Promise.all(Array.from({ length: 2000 }, (_, id) => db.write((tx) => tx.run('INSERT INTO t (id, body) VALUES (?, ?)', [id, 'x'.repeat(200)]))));
      // The main file alone (no -wal beside it) holds every row once a checkpoint has run.
      let rowsInMainFile = 0;
      for (let i = 0; i < 100 && rowsInMainFile < 2000; i++) {
        await db.write((tx) => tx.run('INSERT INTO t (id, body) VALUES (?, ?)', [100_000 + i, 'tick']));
        await new Promise((r) => setTimeout(r, 150));
        const copy = join(dir, `copy-${i}.sqlite`);
        copyFileSync(file, copy);
        const h = new BetterSqlite3(copy);
        try {
          rowsInMainFile = (h.prepare('SELECT COUNT(*) AS n FROM t WHERE id < 100000').get() as { n: number }).n;
        } catch (e) {
          rowsInMainFile = 0; // the table itself is not checkpointed yet
          if (process.env.DEBUG_CP) console.log(String(e));
        } finally {
          h.close();
        }
      }
      expect(rowsInMainFile).to.equal(2000);
    } finally {
      await db.close();
    }
  });
});
