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

function open(file: string, readonly: boolean): Handle {
  const db = new BetterSqlite3(file, { readonly: readonly && file !== ':memory:', timeout: 5000 });
  if (!readonly) db.pragma('journal_mode = WAL');
  // FULL: a commit returns only after the WAL is fsynced, so an answered payment survives power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * SQLite engine: one writer connection driven by the group committer and, for files, a
 * separate reader connection so reads never see a batch that is still open (WAL lets the
 * reader run beside the writer).
 */
export function openSqlite(file: string): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const writer = open(file, false);
  const reader = file === ':memory:' ? writer : open(file, true);
  const writeExec = executor(writer);
  const conn: WriterConnection = {
    ...writeExec,
    async exec(sql) {
      writer.exec(sql);
    },
  };
  const committer = new GroupCommitter(conn);
  const readExec = executor(reader);
  return {
    engine: 'sqlite',
    all: readExec.all,
    get: readExec.get,
    // Statements outside `write` (e.g. pragmas) still go to the writer so they can change things.
    run: writeExec.run,
    write: (work) => committer.write(work),
    async execScript(sql) {
      writer.exec('BEGIN IMMEDIATE');
      try {
        writer.exec(sql);
        writer.exec('COMMIT');
      } catch (error) {
        writer.exec('ROLLBACK');
        throw error;
      }
    },
    async withMigrationLock(fn) {
      // Within one process the committer is idle during migrations; across processes SQLite's
      // own write lock (BEGIN IMMEDIATE in execScript) plus the version check serialise runners.
      return fn();
    },
    async close() {
      await committer.close();
      if (reader !== writer) reader.close();
      writer.close();
    },
  };
}
