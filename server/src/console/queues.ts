import { refundingMarkets } from '../markets/registry';
import { UNFINISHED_STATES } from '../lifecycle/watchdog-schedule';
import type { SqlExecutor } from '../storage/types';
import type { QueueItem, QueueKind } from './api-schemas';
import { isoOrNull, LIST_COLUMNS, LIST_FROM, toPurchaseRow, type ListRow } from './purchase-rows';

export interface DeadlinePolicy {
  /** Markets whose store refunds a purchase not acknowledged/consumed in time (Google Play, ONE store). */
  markets: readonly string[];
  /** Time the store allows after purchase (3 days for both). */
  deadlineMs: number;
  /** Show a purchase once less than this is left (and keep showing it after the deadline). */
  warnBeforeMs: number;
  /** A paid purchase counts as undelivered after this long (a healthy game consumes in seconds). */
  undeliveredAfterMs: number;
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  // A getter: the registry is read when the console starts, not while modules are still loading.
  get markets() { return refundingMarkets(); },
  deadlineMs: 3 * 86_400_000,
  warnBeforeMs: 86_400_000,
  undeliveredAfterMs: 10 * 60_000,
};

const QUEUE_LIMIT = 200;

/**
 * undelivered: paid (VERIFIED), not consumed/delivered, and unchanged for a while; oldest first.
 * deadline: paid, not finished at a store that auto-refunds, and near or past the deadline.
 * unclaimed: paid at the store, naming no reservation, not yet given to a player.
 * unconfirmed-revocations: a store notification asked to revoke; nothing confirmed it; a person decides.
 */
export async function loadQueue(db: SqlExecutor, kind: QueueKind, now: number, policy: DeadlinePolicy): Promise<QueueItem[]> {
  if (kind === 'undelivered') {
    const rows = await db.all<ListRow>(
      `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM}
       WHERE p.state = 'VERIFIED' AND p.delivered_at IS NULL AND p.updated_at <= ? ORDER BY p.created_at LIMIT ?`,
      [now - policy.undeliveredAfterMs, QUEUE_LIMIT],
    );
    return rows.map((r) => ({ ...toPurchaseRow(r), deadlineAt: null }));
  }
  if (kind === 'unclaimed') {
    // Paid at the store with no reservation (promo code, store-started): support may assign them.
    const rows = await db.all<ListRow>(
      `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE p.state = 'UNCLAIMED' ORDER BY p.created_at LIMIT ?`,
      [QUEUE_LIMIT],
    );
    return rows.map((r) => ({ ...toPurchaseRow(r), deadlineAt: null }));
  }
  if (kind === 'unconfirmed-revocations') {
    const rows = await db.all<ListRow>(
      `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM}
       WHERE p.purchase_id IN (SELECT purchase_id FROM unconfirmed_revocations WHERE status = 'open') ORDER BY p.updated_at LIMIT ?`,
      [QUEUE_LIMIT],
    );
    return rows.map((r) => ({ ...toPurchaseRow(r), deadlineAt: null }));
  }
  if (policy.markets.length === 0) return [];
  // Each market's oldest from the watchdog's partial index (market, purchase_time), merged: its
  // condition is repeated word for word so that SQLite sees the index applies; UNCLAIMED
  // purchases have their own queue.
  const rows: ListRow[] = [];
  for (const market of policy.markets) {
    rows.push(...await db.all<ListRow>(
      `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM}
       WHERE p.market = ? AND p.store_finished = 0 AND p.state IN (${UNFINISHED_STATES}) AND p.state <> 'UNCLAIMED' AND p.purchase_time <= ?
       ORDER BY p.purchase_time LIMIT ?`,
      [market, now - (policy.deadlineMs - policy.warnBeforeMs), QUEUE_LIMIT],
    ));
  }
  rows.sort((a, b) => Number(a.purchase_time) - Number(b.purchase_time));
  return rows.slice(0, QUEUE_LIMIT).map((r) => ({ ...toPurchaseRow(r), deadlineAt: isoOrNull(r.purchase_time === null ? null : Number(r.purchase_time) + policy.deadlineMs) }));
}
