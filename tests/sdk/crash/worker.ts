import { accessSync, constants } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { startCrashServer } from './crash-server';
import { runJob, type CrashJob } from './jobs';

/**
 * A crash worker thread: its own billing server (own SQLite file) on which it runs the jobs
 * the test thread sends, one at a time. Messages: in `{ id, job }`; out `{ ready, databaseDir }`
 * once, then `{ id, result }` or `{ id, error }` per job.
 */
export type WorkerMessage =
  | { ready: true; databaseDir: string }
  | { ready: false; error: string }
  | { id: number; result: unknown }
  | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('tests/sdk/crash/worker.ts runs as a worker thread');

/**
 * This worker's server keeps its SQLite file in RAM (/dev/shm) when the machine has it: the
 * server runs the same code, only the fsync each COMMIT waits for costs nothing there. The
 * crash check kills the app, never the server, so the server's own durability is not under
 * test. (A worker's process.env is its own copy; the test thread's TMPDIR is untouched.)
 */
function keepDatabaseInRam(): void {
  try {
    accessSync('/dev/shm', constants.W_OK);
    process.env.TMPDIR = '/dev/shm';
  } catch {
    // No RAM disk: the default temporary folder.
  }
}

const describeError = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

keepDatabaseInRam();
startCrashServer().then(
  (server) => {
    port.postMessage({ ready: true, databaseDir: server.databaseDir } satisfies WorkerMessage);
    // Runs until the pool terminates the thread; the pool then removes the database folder.
    port.on('message', ({ id, job }: { id: number; job: CrashJob }) => {
      runJob(server.backend, job).then(
        (result) => port.postMessage({ id, result } satisfies WorkerMessage),
        (error: unknown) => port.postMessage({ id, error: describeError(error) } satisfies WorkerMessage),
      );
    });
  },
  (error: unknown) => port.postMessage({ ready: false, error: describeError(error) } satisfies WorkerMessage),
);
