import { hitCounter, pruneCounters } from '../storage/repos/limit-counters';
import type { Database } from '../storage/types';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Prune expired counters about once per this many hits (cheap, and no timer to stop). */
const PRUNE_EVERY = 1000;

/**
 * A @fastify/rate-limit store on the database's limit_counters table: the per-address request
 * limit holds across every instance that shares the (PostgreSQL) database, instead of per process.
 */
export function databaseRateLimitStore(db: Database, now: () => number, windowMs: number) {
  let sincePrune = 0;
  return class DatabaseRateLimitStore {
    incr(key: string, callback: IncrCallback, timeWindow = windowMs): void {
      const at = now();
      if (++sincePrune >= PRUNE_EVERY) {
        sincePrune = 0;
        void pruneCounters(db, at).catch(() => undefined);
      }
      db.write((tx) => hitCounter(tx, `rate:${key}`, timeWindow, at)).then(
        (r) => callback(null, { current: r.hits, ttl: Math.max(0, r.expiresAt - at) }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(): DatabaseRateLimitStore {
      return this;
    }
  };
}
