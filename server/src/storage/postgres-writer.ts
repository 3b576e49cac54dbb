import type pg from 'pg';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { SqlExecutor, SqlValue, WriterConnection } from './types';

/** Backoff between attempts to replace a lost writer connection: 100 ms doubling to 5 s. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/**
 * The group committer's writer connection on PostgreSQL, which outlives the connection it uses.
 *
 * When PostgreSQL drops it (restart, `pg_terminate_backend`, network), the client emits 'error';
 * we let it go and connect a new one from the pool, with backoff, in the background, so the
 * server recovers without a restart and `connected` tells `/healthz` the truth meanwhile.
 *
 * A batch is pinned to the client that ran its BEGIN: if that client dies mid-batch, every
 * later statement of the batch fails on it (never on a new connection, where it would run outside
 * the transaction and half-apply the batch); the committer then answers the batch's writes with a
 * retryable SERVER_BUSY. A COMMIT that is answered was durable (synchronous_commit), so no
 * acknowledged write is lost; one whose answer was lost is reported as failed and the client's
 * retry finds it (the writes are idempotent).
 */
export class PostgresWriter implements WriterConnection {
  private client: pg.PoolClient | undefined;
  private batchClient: pg.PoolClient | undefined;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Why the writer is not connected (for `/healthz`), while it is not. */
  lastError: string | undefined;
  /** Connections lost and replaced since open (tests and logs). */
  readonly stats = { lost: 0, replaced: 0 };

  private constructor(
    private readonly pool: pg.Pool,
    private readonly executorOf: (client: pg.PoolClient) => SqlExecutor,
    private readonly log: (message: string, error?: unknown) => void,
  ) {}

  /** The first connection must work: a server that cannot reach its database does not start. */
  static async open(pool: pg.Pool, executorOf: (client: pg.PoolClient) => SqlExecutor, log: (message: string, error?: unknown) => void): Promise<PostgresWriter> {
    const writer = new PostgresWriter(pool, executorOf, log);
    writer.attach(await pool.connect());
    return writer;
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** SQLSTATE 40P01 (deadlock detected) or 40001 (serialization failure), on the error or its cause. */
  isTransientConflict(error: unknown): boolean {
    for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
      if (e.code === '40P01' || e.code === '40001') return true;
    }
    return false;
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.executorOf(this.current()).all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.executorOf(this.current()).get<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.executorOf(this.current()).run(sql, params);
  }

  async exec(sql: string): Promise<void> {
    if (sql === 'BEGIN') {
      if (!this.client) throw unreachable(this.lastError);
      this.batchClient = this.client;
    } else if (sql === 'ROLLBACK' && !this.batchClient) {
      return; // the batch's client is gone, and its transaction with it
    }
    const client = this.current();
    try {
      await client.query(sql);
    } finally {
      if (sql === 'COMMIT' || sql === 'ROLLBACK') this.batchClient = undefined;
    }
  }

  /**
   * The writers' clients pipeline (node-postgres `pipeline: true`: a query is sent without waiting
   * for the answer to the one before). Corking the socket keeps what the batch sends meanwhile in
   * one network write: each write to the socket also wakes the backend, which on this kind of VM is
   * most of a round trip's cost on our side (bench/RESULTS.md, issue #18).
   */
  hold(): () => void {
    const stream = (this.current() as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
    stream.cork();
    return () => stream.uncork();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    client?.release();
  }

  private current(): pg.PoolClient {
    const client = this.batchClient ?? this.client;
    if (!client) throw unreachable(this.lastError);
    return client;
  }

  private attach(client: pg.PoolClient): void {
    this.client = client;
    this.lastError = undefined;
    this.retryMs = FIRST_RETRY_MS;
    const lost = (error: unknown) => this.lost(client, error);
    client.on('error', lost);
    client.on('end', () => lost(new Error('the connection ended')));
  }

  private lost(client: pg.PoolClient, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.stats.lost++;
    this.lastError = describe(error);
    this.log('PostgreSQL writer connection lost; replacing it', error);
    // Passing the error makes the pool destroy the client instead of reusing it.
    client.release(error instanceof Error ? error : new Error(String(error)));
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.reconnect();
    }, wait);
    this.retryTimer.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.closed || this.client) return;
    try {
      const client = await this.pool.connect();
      if (this.closed) {
        client.release();
        return;
      }
      this.stats.replaced++;
      this.attach(client);
      this.log('PostgreSQL writer connection replaced');
    } catch (error) {
      this.lastError = describe(error);
      this.scheduleReconnect();
    }
  }
}

function unreachable(reason: string | undefined): BillingError {
  return new BillingError('SERVER_BUSY', 'The database is not reachable; retry.', { details: { reason: reason ?? 'connecting' } });
}

export function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return (typeof e?.code === 'string' ? `${e.code} ${message}` : message).slice(0, 200);
}
