import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GroupCommitter } from './group-commit';
import type { Database, SqlExecutor, SqlValue, WriterConnection } from './types';

type Handle = BetterSqlite3.Database;

/** Statement cache per connection: preparing is the expensive part for short queries. */
function executor(db: Handle): SqlExecutor {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      return prepare(sql).all(...params) as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      return prepare(sql).get(...params) as T | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const stmt = prepare(sql);
      if (!stmt.reader) return { changes: stmt.run(...params).changes };
      stmt.all(...params);
      return { changes: 0 };
    },
  };
}

/**
 * The writer connection: WAL with synchronous=FULL, so COMMIT returns only once the batch is on
 * disk. It runs on the main thread: statements are direct calls (microseconds), and while a
 * COMMIT's fsync holds the event loop the next requests wait in the socket buffers and then join
 * the next batch together, so the fsync is shared by the whole batch. (A worker-thread writer was
 * measured slower: one thread hand-off per statement cost more than the fsync it hid.)
 */
function openWriter(file: string): WriterConnection & { close(): void } {
  const handle = new BetterSqlite3(file, { timeout: 5000 });
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = FULL');
  handle.pragma('foreign_keys = ON');
  return {
    ...executor(handle),
    async exec(sql: string) {
      handle.exec(sql);
    },
    close: () => handle.close(),
  };
}

/**
 * SQLite engine (a file; WAL; synchronous=FULL). One writer connection driven by the group
 * committer, and a read-only connection: WAL lets it read committed data beside the writer,
 * and it never sees a batch that is still open.
 */
export async function openSqlite(file: string, options: { maxBatch?: number } = {}): Promise<Database> {
  if (file === ':memory:') throw new Error('The SQLite engine needs a file (a reader and a writer share it); use a temporary file in tests.');
  mkdirSync(dirname(file), { recursive: true });
  const writer = openWriter(file);
  const reader = new BetterSqlite3(file, { readonly: true, timeout: 5000 });
  reader.pragma('busy_timeout = 5000');
  const committer = new GroupCommitter(writer, options.maxBatch);
  const reads = executor(reader);
  return {
    engine: 'sqlite',
    all: reads.all,
    get: reads.get,
    // A statement outside `write` still changes data, so it goes through the committer too.
    run: (sql, params) => committer.write((tx) => tx.run(sql, params)),
    write: (work) => committer.write(work),
    commitStats: () => ({ ...committer.stats }),
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
    },
    async withMigrationLock(fn) {
      // Across processes SQLite's write lock (BEGIN IMMEDIATE in execScript) plus the version
      // check serialise migration runners.
      return fn();
    },
    async close() {
      await committer.close();
      reader.close();
      writer.close();
    },
  };
}
