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

/**
 * Named prepared statements: each connection parses and plans a statement once, then only binds
 * and executes it. Our SQL is a fixed set of texts; past MAX_NAMED distinct texts (SQL built per
 * request, e.g. console filters) the rest run unnamed, so the cache cannot grow without bound.
 */
const MAX_NAMED = 2000;
const statementNames = new Map<string, string>();
let nameGeneration = 0;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_NAMED) {
    name = `cb_${statementNames.size.toString(36)}_${nameGeneration}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A plan prepared before a migration changed a table's columns cannot return the new row type. */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: string }).code === '0A000' && /cached plan/.test(String((error as Error).message));
}

function executor(q: { query: pg.Pool['query'] } | pg.PoolClient): SqlExecutor {
  const query = async (sql: string, params: readonly SqlValue[]) => {
    const text = toPgPlaceholders(sql);
    // Without parameters the driver uses the simple protocol, which also takes several statements at once.
    if (params.length === 0) return (q as pg.PoolClient).query(text);
    try {
      return await (q as pg.PoolClient).query({ name: statementName(text), text, values: params as unknown[] });
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      // Prepare it again under a new name on every connection (the old name stays bound to the old plan).
      nameGeneration++;
      statementNames.delete(text);
      return (q as pg.PoolClient).query({ name: statementName(text), text, values: params as unknown[] });
    }
  };
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
 * PostgreSQL engine: a pool for reads and `writers` dedicated writer connections, each driven by
 * its own group committer. A write goes to the committer whose batch is about to start (so the
 * writes of one turn of the event loop share a transaction, in order), else to an idle one, else
 * to the shortest queue: while one batch waits for its COMMIT, the next one runs on another
 * connection. Correctness never rests on that order: every write is a compare-and-set update or a
 * unique-key insert, whose row locks serialise conflicting writes across connections and across
 * server instances alike (consume-once, record-once). Each COMMIT is durable when it returns.
 */
export async function openPostgres(url: string, poolSize = 8, maxBatch?: number, writers = Math.max(1, Math.floor(poolSize / 4))): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  const writerClients: pg.PoolClient[] = [];
  for (let i = 0; i < writers; i++) writerClients.push(await pool.connect());
  const committers = writerClients.map((client) => {
    const exec = executor(client);
    client.on('error', () => undefined);
    const conn: WriterConnection = {
      ...exec,
      async exec(sql) {
        await client.query(sql);
      },
    };
    return new GroupCommitter(conn, maxBatch);
  });
  const committerFor = (): GroupCommitter => {
    let best = committers[0]!;
    let bestQueue = Infinity;
    for (const c of committers) {
      const r = c.readiness();
      if (r === 'collecting') return c;
      const queued = r === 'idle' ? -1 : r;
      if (queued < bestQueue) [best, bestQueue] = [c, queued];
    }
    return best;
  };
  const reads = executor(pool);
  return {
    engine: 'postgres',
    ...reads,
    write: (work) => committerFor().write(work),
    commitStats: () => committers.reduce((sum, c) => ({ batches: sum.batches + c.stats.batches, writes: sum.writes + c.stats.writes }), { batches: 0, writes: 0 }),
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
      await Promise.all(committers.map((c) => c.close()));
      for (const client of writerClients) client.release();
      await pool.end();
    },
  };
}
