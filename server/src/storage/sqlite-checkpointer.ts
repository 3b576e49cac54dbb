import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints the SQLite WAL into the database file from a worker thread.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses the threshold, on the
 * writer's thread: with the writer on the main thread that is a copy of ~4 MB plus two disk
 * syncs while no request moves. The writer therefore checkpoints itself only as a backstop
 * (a far larger `wal_autocheckpoint`), and this worker runs a PASSIVE checkpoint at most every
 * `intervalMs` while commits arrive, one at a time. A passive checkpoint never blocks the writer; once it
 * has copied every frame, the writer's next transaction starts the WAL file over.
 */
export class SqliteCheckpointer {
  private running = false;
  private lastStart = 0;
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly intervalMs: number,
  ) {}

  static async start(file: string, intervalMs = 100): Promise<SqliteCheckpointer> {
    const worker = new Worker(join(__dirname, 'sqlite-checkpointer.worker.js'), { workerData: { file } });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    // A checkpoint in progress must not keep a finished process alive.
    worker.unref();
    return new SqliteCheckpointer(worker, intervalMs);
  }

  /** Called after commits are made durable. */
  committed(): void {
    if (this.closed || this.running) return;
    const now = Date.now();
    if (now - this.lastStart < this.intervalMs) return;
    this.lastStart = now;
    this.running = true;
    this.worker.once('message', () => {
      this.running = false;
    });
    this.worker.postMessage('checkpoint');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.running) await new Promise((r) => setTimeout(r, 5));
    const closed = new Promise((r) => this.worker.once('message', r));
    this.worker.postMessage('close');
    await closed;
    await this.worker.terminate();
  }
}
