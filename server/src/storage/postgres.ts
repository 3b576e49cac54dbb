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
  // keepAlive finds a silently dead peer; connectionTimeoutMillis keeps a request from waiting
  // forever for a connection while the database is down (it answers 503 and retries later).
  const options = { connectionString: url, types, keepAlive: true, connectionTimeoutMillis: 5_000 };
  const pool = new pg.Pool({ ...options, max: Math.max(1, poolSize - writers) });
  // The writers' connections pipeline, so that a batch's interleaving writes share a network
  // write (PostgresWriter.hold); readers send one query at a time and need not.
  const writerPool = new pg.Pool({ ...options, max: writers, pipeline: true });
  // An idle pooled client that PostgreSQL drops emits 'error' on the pool; without a listener
  // that error ends the process. The pool has already discarded the client; the next read
  // opens a new one.
  pool.on('error', (error) => log('PostgreSQL dropped an idle pooled connection', error));
  writerPool.on('error', (error) => log('PostgreSQL dropped an idle writer connection', error));
  // Each writer replaces its own connection when PostgreSQL drops it (postgres-writer.ts).
  const writerConnections: PostgresWriter[] = [];
  for (let i = 0; i < writers; i++) writerConnections.push(await PostgresWriter.open(writerPool, executor, log));
  const committers = writerConnections.map((writer) => ({ writer, committer: new GroupCommitter(writer, maxBatch) }));
  const committerFor = (): GroupCommitter => {
    // A writer whose connection is being replaced takes no new work while another one is up;
    // with none up, the write fails at once with a retryable SERVER_BUSY from its writer.
    const live = committers.filter((c) => c.writer.connected);
    const candidates = live.length > 0 ? live : committers;
    let best = candidates[0]!.committer;
    let bestQueue = Infinity;
    for (const { committer } of candidates) {
      const r = committer.readiness();
      if (r === 'collecting') return committer;
      const queued = r === 'idle' ? -1 : r;
      if (queued < bestQueue) [best, bestQueue] = [committer, queued];
    }
    return best;
  };
  const reads = executor(pool);
  return {
    engine: 'postgres',
    ...reads,
    write: (work, options) => committerFor().write(work, options),
    commitStats: () => committers.reduce((sum, { committer: c }) => ({ batches: sum.batches + c.stats.batches, writes: sum.writes + c.stats.writes }), { batches: 0, writes: 0 }),
    observeCommits: (observer) => {
      for (const { committer } of committers) committer.observe(observer);
    },
    async health() {
      // Healthy while writes can be served: at least one writer connected and reads answered.
      const lost = writerConnections.filter((w) => !w.connected);
      if (lost.length === writerConnections.length) {
        return { ok: false, reason: `writer connection lost (${lost[0]?.lastError ?? 'connecting'}); reconnecting` };
      }
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
      await Promise.all(committers.map(({ committer }) => committer.close()));
      await Promise.all(writerConnections.map((w) => w.close()));
      await Promise.all([pool.end(), writerPool.end()]);
    },
  };
}

/** Connection events go to stderr as one JSON line (the storage layer has no request logger). */
function log(message: string, error?: unknown): void {
  process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: message, ...(error ? { err: describe(error) } : {}) })}\n`);
}
