import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckpointStats } from './types';

/** What `PRAGMA wal_checkpoint` reports: frames in the WAL, and how many are in the database file. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * Checkpoints the SQLite WAL into the database file from a worker thread.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses the threshold, on the
 * writer's thread: with the writer on the main thread that is a copy of megabytes plus two disk
 * syncs while no request moves. The writer therefore checkpoints itself only as a backstop
 * (a far larger `wal_autocheckpoint`), and this worker runs a PASSIVE checkpoint at most every
 * `intervalMs` while commits arrive, one at a time. A passive checkpoint never blocks the writer.
 *
 * But under steady load a passive checkpoint alone never lets the WAL start over: the writer
 * commits new frames while it copies, so it never ends with every frame copied, the WAL grows
 * to the backstop and the writer checkpoints on the event loop after all (issue #20: the WAL sat
 * at 64 MiB within 30 s of a soak). So once the WAL is longer than `finalAfterFrames`, the group
 * committer calls `beforeBatch()` between two batches: one more passive checkpoint runs while no
 * write is open (reads go on), copies the few frames left and syncs, and the next batch's write
 * starts the WAL over. Writes wait for that short copy; the event loop never does.
 */
export class SqliteCheckpointer {
  private busy: Promise<unknown> = Promise.resolve();
  private running = false;
  private lastStart = 0;
  private closed = false;
  /** The last result, or undefined when a write may have restarted the WAL since. */
  private last: CheckpointResult | undefined;
  private lastFinalAt = 0;
  readonly stats: CheckpointStats = { checkpoints: 0, finals: 0, holdMsTotal: 0, holdMsMax: 0, checkpointMsMax: 0 };

  private constructor(
    private readonly worker: Worker,
    private readonly intervalMs: number,
    private readonly finalAfterFrames: number,
  ) {}

  static async start(file: string, intervalMs = 100, finalAfterFrames = 4096): Promise<SqliteCheckpointer> {
    const worker = new Worker(join(__dirname, 'sqlite-checkpointer.worker.js'), { workerData: { file } });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    // A checkpoint in progress must not keep a finished process alive.
    worker.unref();
    return new SqliteCheckpointer(worker, intervalMs, finalAfterFrames);
  }

  /** Called after commits are made durable. */
  committed(): void {
    if (this.closed || this.running) return;
    const now = Date.now();
    if (now - this.lastStart < this.intervalMs) return;
    this.lastStart = now;
    void this.checkpoint();
  }

  /**
   * Called by the group committer between batches (no write transaction open). Finishes a
   * checkpoint the passive ones could not, so that the next write starts the WAL over.
   */
  async beforeBatch(): Promise<void> {
    const last = this.last;
    if (this.closed || !last || last.log < this.finalAfterFrames) return;
    // A reader holding old frames makes a checkpoint stop short; do not retry before every batch then.
    if (Date.now() - this.lastFinalAt < this.intervalMs) return;
    this.lastFinalAt = Date.now();
    this.stats.finals++;
    const held = performance.now();
    await this.busy;
    await this.checkpoint();
    const ms = performance.now() - held;
    this.stats.holdMsTotal += ms;
    this.stats.holdMsMax = Math.max(this.stats.holdMsMax, ms);
    // The next write restarts the WAL; until a checkpoint says otherwise, assume it did.
    this.last = undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.busy;
    const closed = new Promise((r) => this.worker.once('message', r));
    this.worker.postMessage('close');
    await closed;
    await this.worker.terminate();
  }

  /** One passive checkpoint on the worker; one at a time. */
  private checkpoint(): Promise<void> {
    const run = this.busy.then(
      () =>
        new Promise<void>((resolve) => {
          this.running = true;
          const started = performance.now();
          this.worker.once('message', (message: { ok: boolean; result?: CheckpointResult }) => {
            this.running = false;
            this.stats.checkpointMsMax = Math.max(this.stats.checkpointMsMax, performance.now() - started);
            this.stats.checkpoints++;
            if (message.ok && message.result) this.last = message.result;
            resolve();
          });
          this.worker.postMessage('checkpoint');
        }),
    );
    this.busy = run;
    return run;
  }
}
