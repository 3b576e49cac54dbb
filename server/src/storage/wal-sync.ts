import { closeSync, fdatasync, fstatSync, fsyncSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The disk sync of a SQLite WAL file, done by us instead of inside COMMIT.
 *
 * In WAL mode, `synchronous=FULL` means exactly this: after writing a transaction's frames to
 * the `-wal` file, fdatasync it. SQLite does that inside COMMIT, on the calling thread, so with
 * the writer on the main thread every fsync stopped the server. We run the writer with
 * `synchronous=NORMAL` (same frames, same checkpoint syncs, no sync at COMMIT) and make the
 * commits durable here, on libuv's thread pool, before any caller is answered (group-commit.ts).
 * What is on disk when an answer leaves is what FULL would have put there.
 */
export class WalSync {
  private fd: number | undefined;
  private ino = 0;

  constructor(private readonly walFile: string) {}

  sync(): Promise<void> {
    let fd: number | undefined;
    try {
      fd = this.open();
    } catch (error) {
      return Promise.reject(error);
    }
    // No WAL file: no frame was ever written to it (an empty commit on a new database), or the
    // last connection of another process checkpointed it into the database, synced, and removed it.
    if (fd === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /**
   * The WAL file exists from the first commit on and stays while our connection is open; if it
   * was ever replaced (another process removing it as the last connection), reopen the new one.
   */
  private open(): number | undefined {
    const current = statSync(this.walFile, { throwIfNoEntry: false })?.ino;
    if (current === undefined) {
      this.close();
      return undefined;
    }
    if (this.fd !== undefined && current === this.ino) return this.fd;
    this.close();
    this.fd = openSync(this.walFile, 'r');
    this.ino = fstatSync(this.fd).ino;
    // A newly created file is durable only once its directory entry is: sync the folder once.
    const dir = openSync(dirname(this.walFile), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return this.fd;
  }
}
