import type { PurchaseRow } from '../storage/repos/rows';
import type { Database, SqlExecutor } from '../storage/types';
import type { LifecycleOptions } from './options';

/** Paid purchases the store may still auto-refund until they are finished there. */
// UNCLAIMED too: a purchase nobody has claimed yet is paid, and Google/ONE store would refund it
// after 3 days; acknowledged (never consumed) at the store, it waits for its player.
export const UNFINISHED_STATES = "'VERIFIED', 'CONSUMED', 'UNCLAIMED'";

/**
 * Paid purchases not finished at the store, paid before `paidBefore`, whose next attempt is due, in
 * deadline order (purchase time): on the partial index purchases_watchdog_due.
 */
export async function duePurchases(db: SqlExecutor, markets: readonly string[], paidBefore: number, now: number, limit: number): Promise<PurchaseRow[]> {
  return db.all<PurchaseRow>(
    `SELECT * FROM purchases WHERE store_finished = 0 AND state IN (${UNFINISHED_STATES}) AND market IN (${markets.map(() => '?').join(', ')})
       AND purchase_time <= ? AND (watchdog_next_at IS NULL OR watchdog_next_at <= ?) ORDER BY purchase_time, purchase_id LIMIT ?`,
    [...markets, paidBefore, now, limit],
  );
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
