import pg from 'pg';
import { GroupCommitter } from './group-commit';
import type { Database, SqlExecutor, SqlValue, WriterConnection } from './types';

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
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  let writerClient = await pool.connect();
  const writerExec = () => executor(writerClient);
  const conn: WriterConnection = {
    all: (sql, params) => writerExec().all(sql, params),
    get: (sql, params) => writerExec().get(sql, params),
    run: (sql, params) => writerExec().run(sql, params),
    async exec(sql) {
      await writerClient.query(sql);
    },
  };
  writerClient.on('error', () => undefined);
  const committer = new GroupCommitter(conn, maxBatch);
  const reads = executor(pool);
  return {
    engine: 'postgres',
    ...reads,
    write: (work) => committer.write(work),
    commitStats: () => ({ ...committer.stats }),
    observeCommits: (observer) => committer.observe(observer),
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
      writerClient.release();
      writerClient = undefined as unknown as pg.PoolClient;
      await pool.end();
    },
  };
}
