import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { SqlExecutor, WriterConnection } from './types';

interface QueuedWrite {
  work: (tx: SqlExecutor) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit: writes that arrive while a transaction is being committed wait in a queue and
 * are committed together in the next transaction, each inside its own savepoint so one failing
 * write does not undo the others. Every caller is answered only after the COMMIT returned, so
 * durability is that of a single synchronous commit; the fsync cost is shared by the batch.
 */
export class GroupCommitter {
  private queue: QueuedWrite[] = [];
  private flushing = false;
  private closed = false;
  /** Committed batches and the writes they carried (metrics: writes / batches = batch size). */
  readonly stats = { batches: 0, writes: 0 };

  constructor(
    private readonly conn: WriterConnection,
    private readonly maxBatch = 512,
  ) {}

  write<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new BillingError('SERVER_BUSY', 'The database is closing.'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the requests already parsed in this turn of the event loop join the batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Waits for queued writes, then refuses new ones. */
  async close(): Promise<void> {
    while (this.flushing || this.queue.length) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commitBatch(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commitBatch(batch: QueuedWrite[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.conn.exec('BEGIN');
    } catch (error) {
      for (const item of batch) item.reject(busy(error));
      return;
    }
    // Each write gets its own savepoint; a success needs no RELEASE (COMMIT releases them all).
    for (const item of batch) {
      try {
        await this.conn.exec('SAVEPOINT cb_item');
        outcomes.push({ ok: true, value: await item.work(this.conn) });
      } catch (error) {
        // If the rollback fails the transaction is broken; the COMMIT below reports it.
        await this.conn.exec('ROLLBACK TO SAVEPOINT cb_item').catch(() => undefined);
        outcomes.push({ ok: false, error });
      }
    }
    try {
      await this.conn.exec('COMMIT');
    } catch (error) {
      await this.conn.exec('ROLLBACK').catch(() => undefined);
      for (const item of batch) item.reject(busy(error));
      return;
    }
    this.stats.batches++;
    this.stats.writes += batch.length;
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}

function busy(cause: unknown): BillingError {
  return new BillingError('SERVER_BUSY', 'The write could not be committed; retry.', { cause });
}
