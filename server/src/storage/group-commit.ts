import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { CommitObserver, SqlExecutor, WriteOptions, WriterConnection } from './types';

interface QueuedWrite {
  work: (tx: SqlExecutor) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Times this write lost a lock conflict and was queued again. */
  conflicts: number;
  /** May interleave with the batch's other interleaving writes (`WriteOptions.interleave`). */
  interleave: boolean;
}

/**
 * How often a write that lost a deadlock or serialization conflict runs again in a later batch
 * before its caller gets the retryable SERVER_BUSY. Several writer connections each batch many
 * requests in one transaction, so two batches can take the same rows (the config version, an
 * app) in opposite orders; PostgreSQL then aborts one of them, which is no fault of the request.
 */
const CONFLICT_RETRIES = 3;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit: writes that arrive while a transaction is being committed wait in a queue and
 * are committed together in the next transaction; one failing write undoes only itself (the
 * batch is run again with each write in its own savepoint, so a write's work may run twice and
 * must change nothing but the database). Every caller is answered only once its COMMIT is durable.
 *
 * An engine whose COMMIT does not itself wait for the disk (SQLite with our own WAL sync, see
 * sqlite.ts) gives the connection a `flush()`: committed batches then wait for a flush, at most
 * one flush runs at a time, and it covers every batch committed before it started. Meanwhile the
 * event loop keeps parsing requests and committing the next batches, so one disk sync serves
 * every batch committed while the previous sync ran.
 */
export class GroupCommitter {
  private queue: QueuedWrite[] = [];
  private flushing = false;
  /** A batch of this committer is between BEGIN and the answer of its COMMIT. */
  private running = false;
  private closed = false;
  /** Batches committed but not yet made durable by a flush: how to answer them either way. */
  private unsynced: Array<{ answer(): void; fail(error: unknown): void }> = [];
  private syncing = false;
  /** Whether the last batch had a failing write (then the next one runs isolated at once). */
  private lastBatchFailed = false;
  /** Commits so far, and how many of them are known durable (read barrier, `whenDurable`). */
  private committedSeq = 0;
  private durableSeq = 0;
  private durableWaiters: Array<{ seq: number; resolve(): void; reject(error: unknown): void }> = [];
  /** Committed batches and the writes they carried (metrics: writes / batches = batch size). */
  readonly stats = { batches: 0, writes: 0 };
  /** Who wants each batch's size and each sync's duration (the metrics). */
  private readonly observers: CommitObserver[] = [];

  constructor(
    private readonly conn: WriterConnection,
    private readonly maxBatch = 512,
  ) {}

  observe(observer: CommitObserver): void {
    this.observers.push(observer);
  }

  write<T>(work: (tx: SqlExecutor) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new BillingError('SERVER_BUSY', 'The database is closing.'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject, conflicts: 0, interleave: options.interleave === true });
      if (!this.flushing) {
        this.flushing = true;
        // Let the requests already parsed in this turn of the event loop join the batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /**
   * Where a new write should go among several committers (PostgreSQL's writer connections):
   * 'collecting' when a batch is about to start and would take it (writes of one turn of the event
   * loop stay in one transaction, in order), 'idle' when nothing is pending, else how many writes
   * wait behind the running batch.
   */
  readiness(): 'collecting' | 'idle' | number {
    if (!this.flushing) return 'idle';
    if (!this.running) return 'collecting';
    return this.queue.length;
  }

  /**
   * Resolves once every commit made so far is durable. A reader calls it after reading, so that
   * no answer is built on a row that a crash could still take back.
   */
  whenDurable(): Promise<void> {
    const seq = this.committedSeq;
    if (this.durableSeq >= seq) return Promise.resolve();
    const waiting = new Promise<void>((resolve, reject) => this.durableWaiters.push({ seq, resolve, reject }));
    this.startFlush();
    return waiting;
  }

  /** Waits for queued writes and their flush, then refuses new ones. */
  async close(): Promise<void> {
    while (this.flushing || this.queue.length || this.syncing || this.unsynced.length) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        // Engine housekeeping that needs no write open (SQLite finishing a checkpoint), then the batch.
        if (this.conn.beforeBatch) await this.conn.beforeBatch().catch(() => undefined);
        const batch = this.queue.splice(0, this.maxBatch);
        this.running = true;
        try {
          await this.commitBatch(batch);
        } finally {
          this.running = false;
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commitBatch(batch: QueuedWrite[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      // Most batches fail nowhere: run them without savepoints, which cost ~15% of a recorded
      // receipt's database time (each page a write touches is copied for its savepoint). If a
      // write fails, the whole transaction is rolled back and the batch runs again with each
      // write in its own savepoint, so the failure undoes only itself. After such a batch the
      // next one starts isolated, so a run of failing writes does not pay for every batch twice.
      outcomes = (!this.lastBatchFailed && (await this.runTogether(batch))) || (await this.runIsolated(batch));
      this.lastBatchFailed = outcomes.some((o) => !o.ok);
      const commitStarted = performance.now();
      await this.conn.exec('COMMIT');
      // Without a flush of its own, the engine's COMMIT is what waits for the disk.
      if (!this.conn.flush) for (const o of this.observers) o.synced((performance.now() - commitStarted) / 1000);
    } catch (error) {
      await this.conn.exec('ROLLBACK').catch(() => undefined);
      for (const item of batch) item.reject(busy(error));
      return;
    }
    this.committedSeq++;
    this.stats.batches++;
    this.stats.writes += batch.length;
    for (const o of this.observers) o.batch(batch.length);
    // A write that lost a lock conflict changed nothing (its savepoint was rolled back): it runs
    // again first thing in the next batch, after this one's locks are gone.
    const again = batch.filter((item, i) => {
      const outcome = outcomes[i]!;
      return !outcome.ok && item.conflicts < CONFLICT_RETRIES && this.conn.isTransientConflict?.(outcome.error) === true;
    });
    for (const item of again) item.conflicts++;
    this.queue.unshift(...again);
    const answer = () =>
      batch.forEach((item, i) => {
        if (again.includes(item)) return;
        const outcome = outcomes[i]!;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
    if (!this.conn.flush) {
      this.durableSeq = this.committedSeq;
      answer();
      return;
    }
    this.unsynced.push({ answer, fail: (error) => batch.forEach((item) => item.reject(busy(error))) });
    this.startFlush();
  }

  /**
   * Every write of the batch in one transaction; undefined (and rolled back) if one fails. On a
   * connection that pipelines, the interleaving writes start together with the BEGIN (one network
   * write, one wait for the answers) and the others run one after another once they are done.
   */
  private async runTogether(batch: QueuedWrite[]): Promise<Outcome[] | undefined> {
    const interleaved = this.conn.hold ? batch.filter((item) => item.interleave) : [];
    const outcomes = new Map<QueuedWrite, Outcome>();
    if (interleaved.length > 0) {
      const release = this.conn.hold!();
      let started: Array<Promise<Outcome>>;
      try {
        // Each work runs up to its first statement right here, so all of them are sent with the BEGIN.
        started = [this.conn.exec('BEGIN'), ...interleaved.map((item) => start(item, this.conn))].map(settle);
      } finally {
        release();
      }
      const [begun, ...settled] = await Promise.all(started);
      if (!begun!.ok || settled.some((o) => !o.ok)) {
        await this.conn.exec('ROLLBACK');
        return undefined;
      }
      interleaved.forEach((item, i) => outcomes.set(item, settled[i]!));
    } else {
      await this.conn.exec('BEGIN');
    }
    for (const item of batch) {
      if (outcomes.has(item)) continue;
      try {
        outcomes.set(item, { ok: true, value: await item.work(this.conn) });
      } catch {
        await this.conn.exec('ROLLBACK');
        return undefined;
      }
    }
    return batch.map((item) => outcomes.get(item)!);
  }

  /** Each write in its own savepoint, released on success: a failing write undoes only itself. */
  private async runIsolated(batch: QueuedWrite[]): Promise<Outcome[]> {
    await this.conn.exec('BEGIN');
    const outcomes: Outcome[] = [];
    // Left open, savepoints nest, and every page a later write touches is then tracked for each of them.
    for (const item of batch) {
      try {
        await this.conn.exec('SAVEPOINT cb_item');
        const value = await item.work(this.conn);
        await this.conn.exec('RELEASE cb_item');
        outcomes.push({ ok: true, value });
      } catch (error) {
        // If the rollback fails the transaction is broken; the COMMIT reports it.
        await this.conn.exec('ROLLBACK TO SAVEPOINT cb_item').catch(() => undefined);
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  private startFlush(): void {
    if (this.syncing || this.durableSeq >= this.committedSeq) return;
    this.syncing = true;
    const batches = this.unsynced.splice(0);
    const upTo = this.committedSeq;
    const flushStarted = performance.now();
    this.conn.flush!().then(
      () => {
        for (const o of this.observers) o.synced((performance.now() - flushStarted) / 1000);
        this.markDurable(upTo);
        for (const batch of batches) batch.answer();
      },
      (error: unknown) => {
        // The disk refused the sync: what those batches wrote may or may not survive a crash, so
        // none of them is confirmed. Their rows are committed, so a retry finds them and
        // answers idempotently once a later sync succeeds.
        for (const batch of batches) batch.fail(error);
        this.failWaiters(upTo, error);
      },
    ).finally(() => {
      this.syncing = false;
      // Batches committed during this flush, or readers waiting for them, need the next one.
      if (this.unsynced.length || this.durableWaiters.length) this.startFlush();
    });
  }

  private markDurable(seq: number): void {
    this.durableSeq = Math.max(this.durableSeq, seq);
    const ready = this.durableWaiters.filter((w) => w.seq <= this.durableSeq);
    this.durableWaiters = this.durableWaiters.filter((w) => w.seq > this.durableSeq);
    for (const w of ready) w.resolve();
  }

  private failWaiters(seq: number, error: unknown): void {
    const failed = this.durableWaiters.filter((w) => w.seq <= seq);
    this.durableWaiters = this.durableWaiters.filter((w) => w.seq > seq);
    for (const w of failed) w.reject(busy(error));
  }
}

/** A work's promise, also when the work throws before it returns one. */
function start(item: QueuedWrite, tx: SqlExecutor): Promise<unknown> {
  try {
    return item.work(tx);
  } catch (error) {
    return Promise.reject(error);
  }
}

function settle(promise: Promise<unknown>): Promise<Outcome> {
  return promise.then((value) => ({ ok: true, value }), (error: unknown) => ({ ok: false, error }));
}

function busy(cause: unknown): BillingError {
  return new BillingError('SERVER_BUSY', 'The write could not be committed; retry.', { cause });
}
