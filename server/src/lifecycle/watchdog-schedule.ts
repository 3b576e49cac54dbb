import type { PurchaseRow } from '../storage/repos/rows';
import type { Database, SqlExecutor } from '../storage/types';
import type { LifecycleOptions } from './options';

/** Paid purchases the store may still auto-refund until they are finished there. */
// UNCLAIMED too: a purchase nobody has claimed yet is paid, and Google/ONE store would refund it
// after 3 days; acknowledged (never consumed) at the store, it waits for its player.
export const UNFINISHED_STATES = "'VERIFIED', 'CONSUMED', 'UNCLAIMED'";

/**
 * Paid purchases not finished at the store, paid before `paidBefore`, whose next attempt is due, in
 * deadline order (purchase time): each market's from the partial index purchases_watchdog_due
 * (market, purchase_time), then merged.
 */
export async function duePurchases(db: SqlExecutor, markets: readonly string[], paidBefore: number, now: number, limit: number): Promise<PurchaseRow[]> {
  const rows: PurchaseRow[] = [];
  for (const market of markets) {
    rows.push(...await db.all<PurchaseRow>(
      `SELECT * FROM purchases WHERE market = ? AND store_finished = 0 AND state IN (${UNFINISHED_STATES})
         AND purchase_time <= ? AND (watchdog_next_at IS NULL OR watchdog_next_at <= ?) ORDER BY purchase_time, purchase_id LIMIT ?`,
      [market, paidBefore, now, limit],
    ));
  }
  const deadline = (a: PurchaseRow, b: PurchaseRow) => Number(a.purchase_time) - Number(b.purchase_time) || (a.purchase_id < b.purchase_id ? -1 : a.purchase_id > b.purchase_id ? 1 : 0);
  return rows.sort(deadline).slice(0, limit);
}

/** The backlog gauges count at most this many unfinished purchases per market (a bounded read). */
export const BACKLOG_COUNT_CAP = 10_000;

/**
 * Per market: how many paid purchases wait to be finished at the store (up to BACKLOG_COUNT_CAP)
 * and when the oldest was paid; markets with none are left out. Bounded whatever the backlog:
 * one index seek and a capped index range per market (it runs at every /metrics scrape).
 */
export async function unfinishedBacklog(db: SqlExecutor, markets: readonly string[]): Promise<Array<{ market: string; n: number; oldest: number }>> {
  const out: Array<{ market: string; n: number; oldest: number }> = [];
  for (const market of markets) {
    const first = await db.get<{ purchase_time: number | string }>(
      `SELECT purchase_time FROM purchases WHERE market = ? AND store_finished = 0 AND state IN (${UNFINISHED_STATES})
         ORDER BY purchase_time LIMIT 1`,
      [market],
    );
    if (!first) continue;
    const counted = await db.get<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM purchases WHERE market = ? AND store_finished = 0 AND state IN (${UNFINISHED_STATES}) LIMIT ?) capped`,
      [market, BACKLOG_COUNT_CAP],
    );
    out.push({ market, n: Number(counted?.n ?? 0), oldest: Number(first.purchase_time) });
  }
  return out;
}

/** base × 2^attempts, capped: a store that stays down is asked less and less often. */
export function backoffMs(w: LifecycleOptions['watchdog'], attempts: number): number {
  return Math.min(w.maxBackoffMs, w.baseBackoffMs * 2 ** Math.min(attempts, 30));
}

/** One purchase waits until `nextAt`, with the reason it was skipped. */
export async function markSkipped(db: Database, row: PurchaseRow, reason: string, nextAt: number): Promise<void> {
  await db.write((tx) =>
    tx.run('UPDATE purchases SET watchdog_next_at = ?, watchdog_attempts = watchdog_attempts + 1, watchdog_skip_reason = ? WHERE purchase_id = ?',
      [nextAt, reason.slice(0, 64), row.purchase_id]),
  );
}

/**
 * Every due purchase of this app's market waits until `nextAt` (no store API, or the store
 * failing): one statement, however many there are. Returns how many were put off.
 */
export async function markStoreSkipped(db: Database, row: PurchaseRow, reason: string, nextAt: number, now: number): Promise<number> {
  const r = await db.write((tx) =>
    tx.run(
      `UPDATE purchases SET watchdog_next_at = ?, watchdog_attempts = watchdog_attempts + 1, watchdog_skip_reason = ?
       WHERE app_key = ? AND market = ? AND store_finished = 0 AND state IN (${UNFINISHED_STATES}) AND (watchdog_next_at IS NULL OR watchdog_next_at <= ?)`,
      [nextAt, reason.slice(0, 64), row.app_key, row.market, now],
    ),
  );
  return r.changes;
}
