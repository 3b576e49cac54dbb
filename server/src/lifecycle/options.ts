import { refundingMarkets } from '../markets/registry';

/** Tunables of the store lifecycle; every default is what production should run with. */
export interface LifecycleOptions {
  /**
   * HTTP client for outbound calls (webhooks); tests inject nothing but base URLs. How store
   * notifications are authenticated is per app and market: `notificationAuth` in the market config.
   */
  fetch: typeof fetch;
  /** Run the jobs in this process (they coordinate through leases in the database). */
  runJobs: boolean;
  /** How often the scheduler looks for due jobs. */
  tickMs: number;
  /** A lease longer than any job run; a crashed holder's job is taken over after it. */
  leaseMs: number;
  /** Interval per job (ms). */
  intervals: { webhooks: number; watchdog: number; voidedPoll: number; pendingRecheck: number; expireReservations: number };
  /** A reservation with no receipt becomes EXPIRED this long after its payload expired. */
  reservationGraceMs: number;
  watchdog: {
    /** Markets whose store auto-refunds unfinished purchases (default: those whose module says so; 3 days for both). */
    markets: string[];
    /** Finish at the store once a purchase is this old and the device has not (well before 3 days). */
    finishAfterMs: number;
    /** A paid purchase undelivered for this long is "stuck" (metric, console queue). */
    stuckAfterMs: number;
    /** Due purchases read per page; a run reads up to `pagesPerRun` pages. */
    batch: number;
    pagesPerRun: number;
    /** After a skipped attempt, the purchase is tried again after base × 2^attempts, at most max. */
    baseBackoffMs: number;
    maxBackoffMs: number;
    /** This many failures of one app's store in a run and its other purchases wait (store-unavailable). */
    storeFailureLimit: number;
  };
  /** Google voided purchases: the API allows at most 30 days back. */
  voidedWindowMs: number;
  webhooks: { timeoutMs: number; maxAttempts: number; baseBackoffMs: number; maxBackoffMs: number; batch: number; lookbackMs: number };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_LIFECYCLE_OPTIONS: LifecycleOptions = {
  fetch: (input, init) => fetch(input, init),
  runJobs: true,
  tickMs: 15_000,
  leaseMs: 5 * MINUTE,
  intervals: { webhooks: 15_000, watchdog: 10 * MINUTE, voidedPoll: HOUR, pendingRecheck: 15 * MINUTE, expireReservations: 15 * MINUTE },
  reservationGraceMs: HOUR,
  watchdog: {
    // A getter: the registry is read when options are built, not while modules are still loading.
    get markets() { return refundingMarkets(); },
    finishAfterMs: 12 * HOUR, stuckAfterMs: DAY, batch: 100, pagesPerRun: 20,
    baseBackoffMs: 10 * MINUTE, maxBackoffMs: 4 * HOUR, storeFailureLimit: 3,
  },
  voidedWindowMs: 30 * DAY,
  webhooks: { timeoutMs: 10_000, maxAttempts: 12, baseBackoffMs: 30_000, maxBackoffMs: 6 * HOUR, batch: 50, lookbackMs: 7 * DAY },
};

export function lifecycleOptions(overrides: Partial<LifecycleOptions> = {}): LifecycleOptions {
  return {
    ...DEFAULT_LIFECYCLE_OPTIONS,
    ...overrides,
    intervals: { ...DEFAULT_LIFECYCLE_OPTIONS.intervals, ...overrides.intervals },
    watchdog: { ...DEFAULT_LIFECYCLE_OPTIONS.watchdog, ...overrides.watchdog },
    webhooks: { ...DEFAULT_LIFECYCLE_OPTIONS.webhooks, ...overrides.webhooks },
  };
}
