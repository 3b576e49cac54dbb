import pg from 'pg';
import { GroupCommitter } from './group-commit';
import { describe, PostgresWriter } from './postgres-writer';
import type { Database, SqlExecutor, SqlValue } from './types';

/** `?` → `$1…$n`. Our SQL never contains a literal question mark. */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

// BIGINT (int8) and NUMERIC come back as strings by default; our times fit in a double.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function executor(q: { query: pg.Pool['query'] } | pg.PoolClient): SqlExecutor {
  const query = (sql: string, params: readonly SqlValue[]) =>
    (q as pg.PoolClient).query({ text: toPgPlaceholders(sql), values: params as unknown[] });
  return {
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await query(sql, params)).rows as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await query(sql, params)).rows[0] as T | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return { changes: (await query(sql, params)).rowCount ?? 0 };
    },
  };
}

const MIGRATION_LOCK_ID = 7_126_881_001;

/**
 * PostgreSQL engine: a pool for reads and one dedicated writer connection for the group
 * committer. Several server instances may share the database; row-level conditions in the
 * SQL (compare-and-set updates, unique keys) keep them consistent.
 */
export async function openPostgres(url: string, poolSize = 8, maxBatch?: number): Promise<Database> {
  // keepAlive finds a silently dead peer; connectionTimeoutMillis keeps a request from waiting
  // forever for a connection while the database is down (it answers 503 and retries later).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, keepAlive: true, connectionTimeoutMillis: 5_000 });
  // An idle pooled client that PostgreSQL drops emits 'error' on the pool; without a listener
  // that error ends the process. The pool has already discarded the client; the next read
  // opens a new one.
  pool.on('error', (error) => log('PostgreSQL dropped an idle pooled connection', error));
  const writer = await PostgresWriter.open(pool, executor, log);
  const committer = new GroupCommitter(writer, maxBatch);
  const reads = executor(pool);
  return {
    engine: 'postgres',
    ...reads,
    write: (work) => committer.write(work),
    commitStats: () => ({ ...committer.stats }),
    async health() {
      if (!writer.connected) return { ok: false, reason: `writer connection lost (${writer.lastError ?? 'connecting'}); reconnecting` };
      try {
        await pool.query('SELECT 1');
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: `database unreachable (${describe(error)})` };
      }
    },
    async execScript(sql) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(sql);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async withMigrationLock(fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
        client.release();
      }
    },
    async close() {
      await committer.close();
      await writer.close();
      await pool.end();
    },
  };
}

/** Connection events go to stderr as one JSON line (the storage layer has no request logger). */
function log(message: string, error?: unknown): void {
  process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: message, ...(error ? { err: describe(error) } : {}) })}\n`);
}
