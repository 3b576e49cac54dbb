import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GroupCommitter } from './group-commit';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { WalSync } from './wal-sync';
import type { Database, SqlExecutor, SqlValue, WriterConnection } from './types';

type Handle = BetterSqlite3.Database;

/** 64 MiB of 4 KiB pages: the writer checkpoints itself only if the checkpointer thread cannot keep up. */
const BACKSTOP_CHECKPOINT_PAGES = 16_384;
/** The WAL normally starts over at ~16 MiB (sqlite-checkpointer.ts); its file is kept at most this big. */
const WAL_SIZE_LIMIT_BYTES = 32 * 1024 * 1024;

interface Prepared {
  stmt: BetterSqlite3.Statement;
  /** Reader statements: the row as an object, from the array SQLite returns in raw mode. */
  toRow?: (values: unknown[]) => Record<string, unknown>;
}

/**
 * The row builder of a reader statement. SQLite prepares a statement again by itself when the
 * schema changes under it (a `migrate` run by another process); a `SELECT *` then returns more
 * or fewer columns, and the builder is made again from the statement's columns as they are now.
 * Migrations only add columns at the end of a table (ALTER TABLE ADD COLUMN), never reorder them.
 */
function readerOf(stmt: BetterSqlite3.Statement): (values: unknown[]) => Record<string, unknown> {
  const columnsNow = () => stmt.columns().map((c) => c.name);
  let columns = columnsNow();
  let build = rowBuilder(columns);
  return (values) => {
    if (values.length !== columns.length) build = rowBuilder((columns = columnsNow()));
    return build(values);
  };
}

/**
 * A function that turns a raw row into an object with the statement's column names, in order.
 * better-sqlite3 builds each row object column by column through V8's API: ~15 µs for the
 * 40 columns of a purchase, against ~7 µs for the raw array plus this literal (issue #18). The
 * names come from SQLite and are written as JSON string literals, so any name is a valid key;
 * a name that repeats keeps its last value, as better-sqlite3's own objects do.
 */
function rowBuilder(columns: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${fields} };`) as (values: unknown[]) => Record<string, unknown>;
}

/** Statement cache per connection: preparing is the expensive part for short queries. */
function executor(db: Handle): SqlExecutor {
  const cache = new Map<string, Prepared>();
  const prepare = (sql: string): Prepared => {
    let prepared = cache.get(sql);
    if (!prepared) {
      const stmt = db.prepare(sql);
      prepared = stmt.reader ? { stmt: stmt.raw(true), toRow: readerOf(stmt) } : { stmt };
      cache.set(sql, prepared);
    }
    return prepared;
  };
  return {
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      const { stmt, toRow } = prepare(sql);
      if (!toRow) throw new TypeError('This statement returns no rows; use run().');
      return (stmt.all(...params) as unknown[][]).map(toRow) as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      const { stmt, toRow } = prepare(sql);
      if (!toRow) throw new TypeError('This statement returns no rows; use run().');
      const values = stmt.get(...params) as unknown[] | undefined;
      return (values === undefined ? undefined : toRow(values)) as T | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const { stmt, toRow } = prepare(sql);
      if (!toRow) return { changes: stmt.run(...params).changes };
      stmt.all(...params);
      return { changes: 0 };
    },
  };
}

/**
 * The writer connection, on the main thread: statements are direct calls (microseconds). WAL with
 * `synchronous=NORMAL` plus `flush()`, our own fdatasync of the WAL off the event loop (wal-sync.ts):
 * the durability of `synchronous=FULL`, without a disk wait inside COMMIT holding every request.
 * The group committer answers a batch only after a flush that began after its COMMIT.
 * Savepoints (one per write) keep their undo pages in memory (`temp_store=MEMORY`), not in a
 * temporary file: that made every statement ~3× slower.
 */
function openWriter(file: string): WriterConnection & { flush(): Promise<void>; close(): void } {
  const handle = new BetterSqlite3(file, { timeout: 5000 });
  // Our flush syncs the WAL file only: refuse to run without it.
  const mode = handle.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`SQLite could not switch ${file} to WAL (journal_mode is ${String(mode)}).`);
  handle.pragma('synchronous = NORMAL');
  handle.pragma('temp_store = MEMORY');
  // Checkpoints run on the checkpointer's thread; this is only the backstop if it falls behind.
  handle.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  // When the WAL starts over, cut the file back if the backstop ever let it grow (bytes).
  handle.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  handle.pragma('foreign_keys = ON');
  const wal = new WalSync(`${file}-wal`);
  return {
    ...executor(handle),
    async exec(sql: string) {
      handle.exec(sql);
    },
    flush: () => wal.sync(),
    close: () => {
      wal.close();
      handle.close();
    },
  };
}

/**
 * SQLite engine (a file; WAL, every answer after its commit is on disk). One writer connection
 * driven by the group committer, and a read-only connection: WAL lets it read committed data
 * beside the writer, and it never sees a batch that is still open. It can see a batch that is
 * committed but not yet synced, so a read returns only once that batch is durable: no answer
 * is built on a row a crash could take back.
 */
export async function openSqlite(file: string, options: { maxBatch?: number } = {}): Promise<Database> {
  if (file === ':memory:') throw new Error('The SQLite engine needs a file (a reader and a writer share it); use a temporary file in tests.');
  mkdirSync(dirname(file), { recursive: true });
  const writer = openWriter(file);
  // Started once the writer has put the file in WAL mode; told after each flush that the WAL grew.
  const checkpointer = await SqliteCheckpointer.start(file);
  const flush = async () => {
    await writer.flush();
    checkpointer.committed();
  };
  const reader = new BetterSqlite3(file, { readonly: true, timeout: 5000 });
  reader.pragma('busy_timeout = 5000');
  const committer = new GroupCommitter({ ...writer, flush, beforeBatch: () => checkpointer.beforeBatch() }, options.maxBatch);
  const reads = executor(reader);
  return {
    engine: 'sqlite',
    async all<T>(sql: string, params?: readonly SqlValue[]) {
      const rows = await reads.all<T>(sql, params);
      await committer.whenDurable();
      return rows;
    },
    async get<T>(sql: string, params?: readonly SqlValue[]) {
      const row = await reads.get<T>(sql, params);
      await committer.whenDurable();
      return row;
    },
    // A statement outside `write` still changes data, so it goes through the committer too.
    run: (sql, params) => committer.write((tx) => tx.run(sql, params)),
    write: (work, options) => committer.write(work, options),
    commitStats: () => ({ ...committer.stats, checkpoint: { ...checkpointer.stats } }),
    observeCommits: (observer) => committer.observe(observer),
    async execScript(sql) {
      await committer.write(async () => undefined);
      await writer.exec('BEGIN IMMEDIATE');
      try {
        await writer.exec(sql);
        await writer.exec('COMMIT');
      } catch (error) {
        await writer.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
      await flush();
    },
    async withMigrationLock(fn) {
      // Across processes SQLite's write lock (BEGIN IMMEDIATE in execScript) plus the version
      // check serialise migration runners.
      return fn();
    },
    async close() {
      await committer.close();
      await checkpointer.close();
      reader.close();
      writer.close();
    },
  };
}
