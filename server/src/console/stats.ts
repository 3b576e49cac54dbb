import type { SqlExecutor } from '../storage/types';
import type { StatsResponse } from './api-schemas';
import { dayRange } from './search';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

/**
 * Revenue per market per UTC day (by payment time) and currency, as the stores charged it and purchase counts by state (by creation
 * time, for each of `states`) over [from, to]. Revenue counts only paid, production, non-test purchases: sandbox and
 * licence-tester payments are never revenue (DESIGN.md §8).
 */
export async function loadStats(db: SqlExecutor, from: string | undefined, to: string | undefined, now: number, states: readonly string[]): Promise<StatsResponse> {
  const toDay = to ?? new Date(now).toISOString().slice(0, 10);
  // An impossible day ("2026-59-30" fits the pattern) is a 400 before it is used for the default
  // start: Date.parse gives NaN, and toISOString of NaN threw (a 500).
  const toStart = dayRange(toDay, undefined).from!;
  const fromDay = from ?? new Date(toStart - 29 * DAY_MS).toISOString().slice(0, 10);
  const range = dayRange(fromDay, toDay);
  const start = range.from ?? 0;
  const end = Math.min(range.to ?? 0, start + MAX_DAYS * DAY_MS);
  const revenue = await db.all<{ day: number; market: string; currency: string; amount: number; n: number; estimated: number }>(
    // Aggregate the purchases first (from the partial revenue index alone), then price the few
    // groups recorded without a store price from the catalog: what the store charged wins, in
    // the purchase's own currency; a catalog price is counted as an estimate.
    `SELECT x.day, x.market, COALESCE(x.cur, pr.currency) AS currency, SUM(COALESCE(x.price, pr.price_micros) * x.qty) AS amount, SUM(x.n) AS n,
       SUM(CASE WHEN x.price IS NULL OR x.est = 1 THEN x.n ELSE 0 END) AS estimated
     FROM (
       SELECT p.verified_at / ${DAY_MS} AS day, p.market, p.app_key, p.product_id, p.charged_currency AS cur, p.charged_price_micros AS price,
         p.price_estimated AS est, SUM(p.quantity) AS qty, COUNT(*) AS n
       FROM purchases p
       WHERE p.verified_at >= ? AND p.verified_at < ? AND p.state IN ('VERIFIED', 'CONSUMED') AND p.environment = 'production' AND p.test = 0
       GROUP BY p.verified_at / ${DAY_MS}, p.market, p.app_key, p.product_id, p.charged_currency, p.charged_price_micros, p.price_estimated
     ) x LEFT JOIN products pr ON pr.app_key = x.app_key AND pr.product_id = x.product_id
     WHERE COALESCE(x.cur, pr.currency) IS NOT NULL AND COALESCE(x.price, pr.price_micros) IS NOT NULL
     GROUP BY x.day, x.market, COALESCE(x.cur, pr.currency) ORDER BY 1, 2, 3`,
    [start, end],
  );
  // One indexed range count per state on (state, created_at) instead of one scan of the period.
  const counts = await Promise.all(states.map(async (state) => {
    const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM purchases WHERE state = ? AND created_at >= ? AND created_at < ?', [state, start, end]);
    return { state, n: Number(row?.n ?? 0) };
  }));
  return {
    from: fromDay,
    to: toDay,
    revenue: revenue.map((r) => ({
      day: new Date(Number(r.day) * DAY_MS).toISOString().slice(0, 10),
      market: r.market,
      currency: r.currency,
      amountMicros: Number(r.amount),
      count: Number(r.n),
      estimatedCount: Number(r.estimated),
    })),
    countsByState: counts.filter((c) => c.n > 0).sort((a, b) => b.n - a.n).map((c) => ({ state: c.state, count: c.n })),
  };
}
