import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CrashJob, CrashJobResult } from './jobs';
import type { Schedule } from './schedules';
import type { WorkerMessage } from './worker';

/**
 * Threads for the crash check, one per core: the check is CPU-bound on one thread (SDK, server
 * and store in one event loop), and mocha runs nothing else while it does, so N servers side by
 * side check N times as many schedules. Each worker keeps its server for the whole suite; every
 * schedule still starts from fresh SDK storage and a user the store and server have never seen.
 */
export class CrashWorkers {
  private nextId = 0;
  /** Why a worker stopped (an uncaught error, or its exit), so that a later job fails at once instead of waiting. */
  private readonly stopped = new Map<number, Error>();
  /** Each started worker's database folder, removed on close. */
  private readonly databaseDirs: string[] = [];

  private constructor(private readonly workers: Worker[]) {
    workers.forEach((worker, index) => {
      worker.on('error', (error) => this.stopped.set(index, error));
      worker.on('exit', (code) => this.stopped.set(index, this.stopped.get(index) ?? new Error(`crash worker ${index} exited (code ${code})`)));
    });
  }

  /** CRASH_MODEL_WORKERS overrides the count (default: one per core). */
  static defaultCount(): number {
    return Math.max(1, Number(process.env.CRASH_MODEL_WORKERS ?? availableParallelism()));
  }

  static async start(count = CrashWorkers.defaultCount()): Promise<CrashWorkers> {
    const pool = new CrashWorkers(Array.from({ length: count }, () => spawn()));
    const settled = await Promise.allSettled(pool.workers.map(ready));
    for (const s of settled) if (s.status === 'fulfilled') pool.databaseDirs.push(s.value);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs one job on worker `index`; rejects with the worker's error (an assertion names its schedule). */
  run(index: number, job: CrashJob): Promise<CrashJobResult> {
    const worker = this.workers[index]!;
    const id = ++this.nextId;
    const stopped = this.stopped.get(index);
    if (stopped) return Promise.reject(stopped);
    return new Promise((resolve, reject) => {
      const onMessage = (m: WorkerMessage) => {
        if (!('id' in m) || m.id !== id) return;
        cleanup();
        if ('result' in m) resolve(m.result as CrashJobResult);
        else reject(new Error(`crash worker ${index}: ${m.error}`));
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`crash worker ${index} exited (code ${code}) during a job`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', reject);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', reject);
      worker.on('exit', onExit);
      worker.postMessage({ id, job });
    });
  }

  /** Checks every schedule, spread round-robin over the workers; the boundaries come back in input order. */
  async checkAll(schedules: Schedule[]): Promise<number[][]> {
    const shares = this.workers.map((_, w) => schedules.filter((_, i) => i % this.size === w));
    const results = await Promise.all(shares.map((share, w) => (share.length ? this.run(w, { kind: 'schedules', schedules: share }) : undefined)));
    return schedules.map((_, i) => {
      const result = results[i % this.size];
      if (result?.kind !== 'schedules') throw new Error('crash worker answered a schedules job with another kind');
      return result.boundaries[Math.floor(i / this.size)]!;
    });
  }

  /** Stops the threads and removes their databases (a worker still in a job is stopped too). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const dir of this.databaseDirs) rmSync(dir, { recursive: true, force: true });
  }
}

function spawn(): Worker {
  return new Worker(join(__dirname, 'worker.ts'), {
    // The test thread's loaders (.mocharc.cjs: tsx, and the cc double) are per thread.
    execArgv: [...process.execArgv, '--require', require.resolve('tsx/cjs'), '--require', require.resolve('../../support/register-cc.cjs')],
  });
}

function ready(worker: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerMessage) => {
      if (!('ready' in m)) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      if (m.ready) resolve(m.databaseDir);
      else reject(new Error(`crash worker could not start its server: ${m.error}`));
    };
    worker.on('message', onMessage);
    worker.on('error', reject);
  });
}
