import { expect } from 'chai';
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../server/src/storage/sqlite';
import type { Database } from '../../server/src/storage/types';

/**
 * The SQLite engine reads rows as arrays and builds each object with the statement's column
 * names (storage/sqlite.ts): the objects must be exactly what better-sqlite3's own would be.
 */
describe('SQLite rows built from raw arrays', () => {
  let dir: string;
  let file: string;
  let db: Database;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cb-rows-'));
    file = join(dir, 'rows.sqlite');
    db = await openSqlite(file);
    await db.execScript(`CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT, n INTEGER);
      CREATE TABLE b (id INTEGER PRIMARY KEY, x TEXT);
      INSERT INTO a VALUES (1, 'from a', 10), (2, 'second', NULL);
      INSERT INTO b VALUES (1, 'from b');`);
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same query through better-sqlite3's own row objects. */
  function native(sql: string, params: unknown[] = []): unknown[] {
    const h = new BetterSqlite3(file, { readonly: true });
    try {
      return h.prepare(sql).all(...params);
    } finally {
      h.close();
    }
  }

  it('gives the same objects as better-sqlite3: names, order, NULLs, expressions and repeated names', async () => {
    for (const sql of [
      'SELECT * FROM a ORDER BY id',
      'SELECT a.*, b.x FROM a LEFT JOIN b ON b.id = a.id ORDER BY a.id',
      'SELECT count(*), max(n) AS "odd name "" }", 1 + 1 FROM a',
    ]) {
      const ours = await db.all(sql);
      expect(ours, sql).to.deep.equal(native(sql));
      expect(ours.map((row) => Object.keys(row as object)), sql).to.deep.equal(native(sql).map((row) => Object.keys(row as object)));
    }
    expect(await db.get('SELECT * FROM a WHERE id = ?', [2])).to.deep.equal({ id: 2, x: 'second', n: null });
    expect(await db.get('SELECT * FROM a WHERE id = ?', [3])).to.equal(undefined);
  });

  it('a cached SELECT * sees a column that another connection added since', async () => {
    expect(await db.get('SELECT * FROM a WHERE id = 1')).to.deep.equal({ id: 1, x: 'from a', n: 10 });
    const other = new BetterSqlite3(file);
    try {
      other.exec("ALTER TABLE a ADD COLUMN note TEXT NOT NULL DEFAULT 'added'");
    } finally {
      other.close();
    }
    expect(await db.get('SELECT * FROM a WHERE id = 1')).to.deep.equal({ id: 1, x: 'from a', n: 10, note: 'added' });
    expect(await db.write((tx) => tx.get('SELECT * FROM a WHERE id = 2'))).to.deep.equal({ id: 2, x: 'second', n: null, note: 'added' });
  });

  it('a statement that returns no rows is run, never read', async () => {
    let error: unknown;
    await db.write((tx) => tx.get("UPDATE a SET x = 'changed' WHERE id = 1")).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TypeError);
    expect(await db.write((tx) => tx.run('UPDATE a SET x = ? WHERE id = 1', ['changed']))).to.deep.equal({ changes: 1 });
    expect(await db.write((tx) => tx.run('SELECT * FROM a'))).to.deep.equal({ changes: 0 });
  });
});
