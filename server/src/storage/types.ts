/**
 * The one query layer over SQLite and PostgreSQL. SQL is written once with `?` placeholders;
 * the PostgreSQL engine rewrites them to `$n`. Times are BIGINT epoch milliseconds and
 * booleans are INTEGER 0/1 on both engines, so rows look the same whichever engine runs.
 */
export type SqlValue = string | number | bigint | null | Buffer;

export interface SqlExecutor {
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement and reports how many rows it changed (for compare-and-set updates). */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

export type EngineName = 'sqlite' | 'postgres';

/**
 * A database handle. Plain `all/get/run` outside `write` read committed data (never another
 * request's open transaction). Every state change goes through `write`: the function runs in a
 * transaction shared with the other writes queued at the same moment (group commit), and its
 * promise settles only after the shared COMMIT is durable. If another write of the batch fails,
 * the batch is rolled back and run again with each write in its own savepoint: a write function
 * may run twice, so it changes nothing but the database (its answer is the committed run's).
 * A write function must not do network I/O: verify first, then write.
 */
export interface Database extends SqlExecutor {
  readonly engine: EngineName;
  write<T>(work: (tx: SqlExecutor) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** Runs a multi-statement script in one transaction (migrations). */
  execScript(sql: string): Promise<void>;
  /** Serialises migration runners across processes (PostgreSQL advisory lock; SQLite write lock). */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Whether the database can serve reads and writes now, and why not (`/healthz`). Engines
   * without it are healthy when `SELECT 1` answers.
   */
  health?(): Promise<{ ok: boolean; reason?: string }>;
  /** Group-commit counters since open; SQLite adds its checkpointer's (how long it held writes). */
  commitStats(): { batches: number; writes: number; checkpoint?: CheckpointStats };
  /** Reports every group-commit batch and every sync that made batches durable (metrics). */
  observeCommits(observer: CommitObserver): void;
}

export interface WriteOptions {
  /**
   * The write may interleave with the other interleaving writes of its batch: an engine that
   * pipelines (PostgreSQL) starts them all at once, so their first statements, with the batch's
   * BEGIN, leave in one network write and are answered together; each write's later statements
   * run after every first statement of the batch. Only for a write that is correct under that
   * order: its first statement is a compare-and-set on the rows it changes, and what follows
   * touches only those rows, conditionally (the receipt's one-statement path). Engines that do
   * not pipeline run it as any other write.
   */
  interleave?: boolean;
}

/** SQLite's checkpointer since open: passive runs, and the final runs that held the writes. */
export interface CheckpointStats {
  checkpoints: number;
  finals: number;
  /** Time writes waited between two batches for a final checkpoint, in all and at most. */
  holdMsTotal: number;
  holdMsMax: number;
  /** The longest single checkpoint on the worker (copy plus syncs). */
  checkpointMsMax: number;
}

export interface CommitObserver {
  /** A transaction committed carrying this many writes. */
  batch(writes: number): void;
  /** Committed batches became durable; the wait took this long. */
  synced(seconds: number): void;
}

/** The primitives the group committer needs from an engine's single writer connection. */
export interface WriterConnection extends SqlExecutor {
  exec(sql: string): Promise<void>;
  /**
   * Makes every COMMIT so far durable, for an engine whose COMMIT returns before the disk has it
   * (SQLite here). Absent when COMMIT itself is durable (PostgreSQL).
   */
  flush?(): Promise<void>;
  /** Runs between two batches, with no transaction open (SQLite: finish a WAL checkpoint). */
  beforeBatch?(): Promise<void>;
  /**
   * Whether a write failed only because it met another connection's transaction (PostgreSQL: a
   * deadlock or a serialization failure), so that it succeeds when run again in a later batch.
   */
  isTransientConflict?(error: unknown): boolean;
  /**
   * Present when the connection pipelines (sends a statement before the previous one is answered):
   * holds what is sent until the returned release is called, so that it leaves in one network write.
   */
  hold?(): () => void;
}
