import { openSync, writeSync } from 'node:fs';
import pino from 'pino';

/** Characters gathered before they go to the file in one write (sonic-boom's own `maxWrite` is 16 KiB). */
const CHUNK_CHARS = 16 * 1024;
/** The longest a line waits in the chunk when traffic is light. */
const FLUSH_AFTER_MS = 100;

type Destination = ReturnType<typeof pino.destination>;

/**
 * The server's log destination: lines are gathered in an array and handed to pino's asynchronous
 * destination (sonic-boom) as one string per 16 KiB, or after 100 ms when traffic is light.
 *
 * Why not sonic-boom's own `minLength` buffering: on every line it measures the UTF-8 length of the
 * whole string gathered so far (`Buffer.byteLength` of a concatenation, which flattens it), so each
 * line costs a copy of the pending chunk — with 4 KiB chunks that and the write per ~18 lines were
 * most of logging's cost per request (issue #18, bench/RESULTS.md). Here a line costs an array
 * push; the join and the write are paid once per chunk.
 *
 * Nothing is lost on exit (`process.exit`, the end of the event loop, a fatal error): the 'exit'
 * hook writes, synchronously, what the destination still holds and then the lines gathered here.
 * pino's own exit hook on the destination may run before or after it; either way the lines stay in
 * order. A `kill -9` loses at most the last 100 ms of lines, as any buffered log does.
 */
export class ChunkedLogStream {
  private lines: string[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  private readonly exitHook = () => this.flushSync();

  private constructor(private readonly out: Destination, private readonly fd: number) {
    process.on('exit', this.exitHook);
    out.on('close', () => process.removeListener('exit', this.exitHook));
  }

  /** stdout (fd 1) or a file (appended to), written asynchronously off the request's turn. */
  static open(dest: number | string = 1): ChunkedLogStream {
    const fd = typeof dest === 'number' ? dest : openSync(dest, 'a');
    // minLength 1, not 0: with 0, sonic-boom answers flush(cb) at once instead of after the write.
    // Every chunk handed over is longer, so each is written as soon as the previous write is done.
    return new ChunkedLogStream(pino.destination({ dest: fd, sync: false, minLength: 1 }), fd);
  }

  write(line: string): boolean {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= CHUNK_CHARS) this.handOver();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.handOver(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
    return true;
  }

  /** pino's `logger.flush(cb)`: everything gathered, written. */
  flush(cb?: (error?: Error) => void): void {
    this.handOver();
    this.out.flush(cb);
  }

  /** On exit, with no event loop left: what the destination holds, then what is gathered here. */
  flushSync(): void {
    const chunk = this.take();
    if (this.ended) return;
    try {
      this.out.flushSync();
      writeAllSync(this.fd, Buffer.from(chunk));
    } catch {
      // stdout closed under us (EPIPE, EBADF): the lines have nowhere to go.
    }
  }

  end(): void {
    this.handOver();
    this.ended = true;
    this.out.end();
  }

  private handOver(): void {
    const chunk = this.take();
    if (chunk && !this.ended) this.out.write(chunk);
  }

  private take(): string {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length === 0) return '';
    const chunk = this.lines.join('');
    this.lines = [];
    this.chars = 0;
    return chunk;
  }
}

/** A blocking write of all of `data`, also to a non-blocking pipe (EAGAIN: wait 1 ms, go on). */
function writeAllSync(fd: number, data: Buffer): void {
  let rest = data;
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      if ((error as { code?: string }).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}
