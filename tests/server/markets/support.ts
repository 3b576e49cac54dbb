import type { MarketContext } from '../../../server/src/markets/types';

/** A market context with a settable clock, the real fetch, and a log that records lines. */
export function testContext(startMs = Date.UTC(2026, 10, 21, 12, 0, 0)) {
  const clock = { ms: startMs };
  const logged: { level: string; obj: object; msg?: string }[] = [];
  const ctx: MarketContext = {
    now: () => clock.ms,
    fetch: (...args) => fetch(...args),
    log: {
      info: (obj, msg) => logged.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => logged.push({ level: 'warn', obj, msg }),
    },
  };
  return { ctx, clock, logged };
}

/** Awaits a promise that must reject and returns the error for outcome assertions. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; retryable?: boolean; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; retryable?: boolean; message: string };
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Same, for synchronous throws (create() misconfiguration). */
export function thrownBy(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('expected a throw');
}
