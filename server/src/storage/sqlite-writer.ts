import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SqlValue, WriterConnection } from './types';

const IDLE = 0;
const REQUEST = 1; // then the worker sets 2 (answer ready)
const BUFFER_BYTES = 16 * 1024 * 1024;

/** Atomics.waitAsync (Node ≥ 16) is missing from the ES2022 lib this part compiles against. */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number): { async: boolean; value: Promise<string> | string };
}).waitAsync;

interface Answer {
  ok: boolean;
  result?: unknown;
  message?: string;
  code?: string;
}

/**
 * The SQLite writer connection lives on a worker thread. Statements inside a batch are
 * synchronous calls through shared memory (microseconds each); COMMIT is awaited without
 * blocking the event loop, so while one batch is being made durable (fsync) the main thread
 * keeps accepting requests that form the next batch. This is what lets group commit scale
 * with synchronous=FULL, whose fsync would otherwise freeze the whole server.
 */
export class WorkerWriter implements WriterConnection {
  private readonly ctl: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private busy = false;

  private constructor(
    private readonly worker: Worker,
    control: SharedArrayBuffer,
    data: SharedArrayBuffer,
  ) {
    this.ctl = new Int32Array(control);
    this.bytes = new Uint8Array(data);
  }

  static async open(file: string): Promise<WorkerWriter> {
    const control = new SharedArrayBuffer(8);
    const data = new SharedArrayBuffer(BUFFER_BYTES);
    const worker = new Worker(join(__dirname, 'sqlite-writer-worker.js'), { workerData: { file, control, data } });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.unref();
    return new WorkerWriter(worker, control, data);
  }

  private deferred: string | null = null;

  deferExec(sql: string): void {
    this.deferred = this.deferred ? `${this.deferred};${sql}` : sql;
  }

  dropDeferred(): boolean {
    const had = this.deferred !== null;
    this.deferred = null;
    return had;
  }

  private send(req: object): void {
    if (this.busy) throw new Error('The SQLite writer is busy (one statement at a time).');
    // A deferred statement (the write's SAVEPOINT) rides along with the next request.
    const pre = this.deferred;
    this.deferred = null;
    const out = this.encoder.encode(JSON.stringify(pre ? { ...req, pre } : req));
    if (out.length > this.bytes.length) throw new Error('Statement too large for the writer buffer.');
    this.bytes.set(out);
    this.ctl[1] = out.length;
    this.busy = true;
    Atomics.store(this.ctl, 0, REQUEST);
    Atomics.notify(this.ctl, 0);
  }

  private receive(): unknown {
    const answer = JSON.parse(this.decoder.decode(this.bytes.slice(0, this.ctl[1]))) as Answer;
    Atomics.store(this.ctl, 0, IDLE);
    Atomics.notify(this.ctl, 0);
    this.busy = false;
    if (!answer.ok) throw Object.assign(new Error(answer.message ?? 'SQLite error'), { code: answer.code });
    return answer.result;
  }

  private callSync(req: object): unknown {
    this.send(req);
    while (Atomics.load(this.ctl, 0) === REQUEST) Atomics.wait(this.ctl, 0, REQUEST);
    return this.receive();
  }

  private async callAsync(req: object): Promise<unknown> {
    this.send(req);
    // A pending waitAsync does not keep Node alive; the referenced worker does, until the answer.
    this.worker.ref();
    try {
      while (Atomics.load(this.ctl, 0) === REQUEST) {
        const w = waitAsync(this.ctl, 0, REQUEST);
        if (w.async) await w.value;
      }
    } finally {
      this.worker.unref();
    }
    return this.receive();
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.callSync({ op: 'all', sql, params }) as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (this.callSync({ op: 'get', sql, params }) ?? undefined) as T | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return this.callSync({ op: 'run', sql, params }) as { changes: number };
  }

  /** COMMIT (the fsync) is awaited off-thread; everything else is a quick synchronous call. */
  async exec(sql: string): Promise<void> {
    if (/^\s*COMMIT\b/i.test(sql)) this.deferred = null;
    if (/^\s*COMMIT\b/i.test(sql) || sql.length > 200) await this.callAsync({ op: 'exec', sql });
    else this.callSync({ op: 'exec', sql });
  }

  async close(): Promise<void> {
    await this.callAsync({ op: 'close' });
    await this.worker.terminate();
  }
}
