import type { SqlExecutor } from '../storage/types';
import type { SubscriptionCounts, SubscriptionStatsResponse } from './subscription-schemas';
import { dayRange } from './search';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

/** Store test and sandbox subscriptions are counted apart and never as revenue (DESIGN.md §8, as for purchases). */
const IS_TEST = `CASE WHEN s.test = 1 OR s.environment <> 'production' THEN 1 ELSE 0 END`;

type CountField = Exclude<keyof SubscriptionCounts, 'productId' | 'market' | 'test'>;
const FIELD_OF_STATE: Record<string, CountField> = {
  ACTIVE: 'active',
  IN_GRACE: 'inGrace',
  ON_HOLD: 'onHold',
  PAUSED: 'paused',
  CANCELED_ACTIVE: 'canceledActive',
  EXPIRED: 'expired',
  REVOKED: 'revoked',
};

/**
 * Subscriptions per product and market: how many are in each live state now, and how many
 * churned in [from, to] (UTC days, inclusive): EXPIRED with the period's end in it, REVOKED with
 * the revocation in it. A subscription that ended because another replaced it (an upgrade or a
 * downgrade: `replaced_by`) did not churn: the player still subscribes, under the new one. Revenue per UTC day of each charged period (its start), as the store
 * charged it, in the period's own currency: production, non-test, not refunded; periods priced
 * from the catalog are counted in `estimatedCount`.
 */
export async function loadSubscriptionStats(db: SqlExecutor, from: string | undefined, to: string | undefined, now: number): Promise<SubscriptionStatsResponse> {
  const toDay = to ?? new Date(now).toISOString().slice(0, 10);
  // Validates `to` before it is used for the default start (an impossible day is a 400, not a NaN).
  const toStart = dayRange(toDay, undefined).from!;
  const fromDay = from ?? new Date(toStart - 29 * DAY_MS).toISOString().slice(0, 10);
  const range = dayRange(fromDay, toDay);
  const start = range.from ?? 0;
  const end = Math.min(range.to ?? 0, start + MAX_DAYS * DAY_MS);

  const [live, churned, revenue] = await Promise.all([
    db.all<{ product_id: string; market: string; t: number; state: string; n: number }>(
      `SELECT s.product_id, s.market, ${IS_TEST} AS t, s.state, COUNT(*) AS n FROM subscriptions s
       WHERE s.state IN ('ACTIVE', 'IN_GRACE', 'ON_HOLD', 'PAUSED', 'CANCELED_ACTIVE')
       GROUP BY s.product_id, s.market, ${IS_TEST}, s.state`,
    ),
    db.all<{ product_id: string; market: string; t: number; state: string; n: number }>(
      `SELECT s.product_id, s.market, ${IS_TEST} AS t, s.state, COUNT(*) AS n FROM subscriptions s
       WHERE ((s.state = 'EXPIRED' AND s.period_end >= ? AND s.period_end < ? AND s.replaced_by IS NULL) OR (s.state = 'REVOKED' AND s.revoked_at >= ? AND s.revoked_at < ?))
       GROUP BY s.product_id, s.market, ${IS_TEST}, s.state`,
      [start, end, start, end],
    ),
    db.all<{ day: number; product_id: string; market: string; currency: string; amount: number; n: number; estimated: number }>(
      `SELECT sp.period_start / ${DAY_MS} AS day, sp.product_id, sp.market, sp.currency, SUM(sp.price_micros) AS amount, COUNT(*) AS n,
         SUM(CASE WHEN sp.estimated = 1 THEN 1 ELSE 0 END) AS estimated
       FROM subscription_periods sp JOIN subscriptions s ON s.subscription_id = sp.subscription_id
       WHERE sp.period_start >= ? AND sp.period_start < ? AND sp.test = 0 AND sp.revoked_at IS NULL
         AND sp.price_micros IS NOT NULL AND sp.currency IS NOT NULL AND s.environment = 'production' AND s.test = 0
       GROUP BY sp.period_start / ${DAY_MS}, sp.product_id, sp.market, sp.currency ORDER BY 1, 2, 3, 4`,
      [start, end],
    ),
  ]);

  const counts = new Map<string, SubscriptionCounts>();
  for (const r of [...live, ...churned]) {
    const field = FIELD_OF_STATE[r.state];
    if (!field) continue;
    const test = Number(r.t) === 1;
    const id = JSON.stringify([r.product_id, r.market, test]);
    const c = counts.get(id) ?? { productId: r.product_id, market: r.market, test, active: 0, inGrace: 0, onHold: 0, paused: 0, canceledActive: 0, expired: 0, revoked: 0 };
    c[field] += Number(r.n);
    counts.set(id, c);
  }
  const order = (a: SubscriptionCounts, b: SubscriptionCounts) =>
    Number(a.test) - Number(b.test) || a.productId.localeCompare(b.productId) || a.market.localeCompare(b.market);
  return {
    from: fromDay,
    to: toDay,
    asOf: new Date(now).toISOString(),
    counts: [...counts.values()].sort(order),
    revenue: revenue.map((r) => ({
      day: new Date(Number(r.day) * DAY_MS).toISOString().slice(0, 10),
      productId: r.product_id,
      market: r.market,
      currency: r.currency,
      amountMicros: Number(r.amount),
      count: Number(r.n),
      estimatedCount: Number(r.estimated),
    })),
  };
}
