import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../storage/types';
import { acquireLease, releaseLease } from './lease';

export interface Job {
  name: string;
  intervalMs: number;
  /** One run; gets the cursor the previous run left and returns the next one. */
  run(cursor: string | null): Promise<string | null | void>;
}

export interface SchedulerDeps {
  db: Database;
  now(): number;
  /** This instance's id in the lease table. */
  holder: string;
  leaseMs: number;
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
}

/**
 * Runs due jobs under their database lease. `tick()` is the whole algorithm (the timer only
 * calls it), so tests drive it with an injected clock and several instances at once.
 */
export class JobScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<string[]>;

  constructor(private readonly jobs: readonly Job[], private readonly deps: SchedulerDeps) {}

  /** Runs every job that is due and whose lease this instance gets; returns their names. */
  async tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs) {
      const lease = await acquireLease(this.deps.db, job.name, this.deps.holder, this.deps.now(), this.deps.leaseMs);
      if (!lease) continue;
      let cursor = lease.cursor;
      let error: string | null = null;
      const started = performance.now();
      try {
        const next = await job.run(cursor);
        if (next !== undefined) cursor = next;
      } catch (err) {
        error = err instanceof Error ? err.message.slice(0, 500) : String(err);
        this.deps.log.warn({ job: job.name, err }, 'lifecycle job failed; it runs again at its next interval');
      }
      // One line per run: how long each job holds the event loop's share is what an operator tunes.
      this.deps.log.info({ job: job.name, ms: Math.round(performance.now() - started), failed: error !== null }, 'lifecycle job ran');
      const now = this.deps.now();
      await releaseLease(this.deps.db, job.name, this.deps.holder, { now, nextRunAt: now + job.intervalMs, cursor, error });
      ran.push(job.name);
    }
    return ran;
  }

  start(tickMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((err: unknown) => {
          this.deps.log.warn({ err }, 'lifecycle scheduler tick failed');
          return [];
        })
        .finally(() => (this.running = undefined));
    }, tickMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a tick in progress (before the database closes). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
