import type { SqlExecutor } from '../types';
import { findSubscription, type SubscriptionRow } from './subscriptions';

/**
 * The console's reads of subscriptions (issue #16): search by a store chain key, counts per product
 * and state (active, in grace, churned), revenue per period as charged. Each query uses an index
 * of migration 400; the console's routes and views are built on these.
 */

/** Subscriptions of the app whose chain is `key` or that replaced the chain `key` (an Apple originalTransactionId, a Google purchase or linked token). */
export async function searchSubscriptionsByChain(db: SqlExecutor, appKey: string, key: string): Promise<SubscriptionRow[]> {
  const ids = await db.all<{ subscription_id: string }>(
    'SELECT subscription_id FROM subscriptions WHERE chain_key = ? UNION SELECT subscription_id FROM subscriptions WHERE replaces_chain_key = ?',
    [key, key],
  );
  const rows: SubscriptionRow[] = [];
  for (const { subscription_id } of ids) {
    const row = await findSubscription(db, subscription_id);
    if (row && row.app_key === appKey) rows.push(row);
  }
  return rows.sort((a, b) => a.created_at - b.created_at);
}

export interface SubscriptionCount {
  productId: string;
  state: string;
  count: number;
}

/** How many subscriptions of each product are in each state (the console's active / in-grace / churned counts). */
export async function countSubscriptionsByProductState(db: SqlExecutor, appKey: string): Promise<SubscriptionCount[]> {
  const rows = await db.all<{ product_id: string; state: string; n: number | string }>(
    'SELECT product_id, state, COUNT(*) AS n FROM subscriptions WHERE app_key = ? GROUP BY product_id, state ORDER BY product_id, state',
    [appKey],
  );
  return rows.map((r) => ({ productId: r.product_id, state: r.state, count: Number(r.n) }));
}

export interface PeriodRevenue {
  productId: string;
  currency: string;
  /** Periods that started in the window and were not revoked (test purchases never count). */
  periods: number;
  amountMicros: number;
  /** How many of them are at the catalog price because the store did not say what it charged. */
  estimated: number;
}

/** Revenue of the periods that started in [fromMs, toMs), per product and currency, as charged. */
export async function subscriptionRevenue(db: SqlExecutor, appKey: string, fromMs: number, toMs: number): Promise<PeriodRevenue[]> {
  const rows = await db.all<{ product_id: string; currency: string; periods: number | string; amount: number | string | null; estimated: number | string | null }>(
    `SELECT product_id, currency, COUNT(*) AS periods, SUM(price_micros) AS amount, SUM(estimated) AS estimated
     FROM subscription_periods
     WHERE app_key = ? AND period_start >= ? AND period_start < ? AND revoked_at IS NULL AND test = 0 AND currency IS NOT NULL
     GROUP BY product_id, currency ORDER BY product_id, currency`,
    [appKey, fromMs, toMs],
  );
  return rows.map((r) => ({ productId: r.product_id, currency: r.currency, periods: Number(r.periods), amountMicros: Number(r.amount ?? 0), estimated: Number(r.estimated ?? 0) }));
}
