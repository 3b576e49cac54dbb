import type { SqlExecutor } from '../storage/types';
import type { SubscriptionMatch, SubscriptionSearchQuery, SubscriptionSearchResponse } from './subscription-schemas';
import { SUBSCRIPTION_COLUMNS, toSubscriptionRow, type SubscriptionDbRow } from './subscription-rows';

const MAX_MATCHES = 50;

/**
 * Finds subscriptions by any store key a customer or a store report quotes: the chain key
 * (Apple originalTransactionId, Google / ONE store purchaseToken), the key of the chain a
 * subscription replaced (Google linkedPurchaseToken: finds the new subscription), or one
 * renewal's transaction id (Apple transactionId, Google order id `GPA….0..1`).
 *
 * The core's unique indexes lead with the market, so the lookup names every market of the
 * registry (or the one asked for): one index probe per market on both engines, no scan.
 */
export async function searchSubscriptions(db: SqlExecutor, query: SubscriptionSearchQuery, markets: readonly string[]): Promise<SubscriptionSearchResponse> {
  const key = query.key;
  const inMarkets = query.market !== undefined ? [query.market] : [...markets];
  if (inMarkets.length === 0) return { items: [] };
  const marks = inMarkets.map(() => '?').join(', ');
  const [byChain, byReplaced, byPeriod] = await Promise.all([
    db.all<SubscriptionDbRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions s WHERE s.market IN (${marks}) AND s.chain_key = ? LIMIT ?`, [...inMarkets, key, MAX_MATCHES]),
    db.all<SubscriptionDbRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions s WHERE s.replaces_chain_key = ? AND s.market IN (${marks}) LIMIT ?`, [key, ...inMarkets, MAX_MATCHES]),
    db.all<SubscriptionDbRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions s WHERE s.subscription_id IN (
         SELECT sp.subscription_id FROM subscription_periods sp WHERE sp.market IN (${marks}) AND sp.period_transaction_id = ?) LIMIT ?`,
      [...inMarkets, key, MAX_MATCHES],
    ),
  ]);
  const seen = new Set<string>();
  const items: SubscriptionMatch[] = [];
  const add = (rows: SubscriptionDbRow[], matchedBy: SubscriptionMatch['matchedBy']) => {
    for (const row of rows) {
      if (seen.has(row.subscription_id)) continue;
      seen.add(row.subscription_id);
      items.push({ ...toSubscriptionRow(row), matchedBy });
    }
  };
  add(byChain, 'chain');
  add(byReplaced, 'replaced-chain');
  add(byPeriod, 'period-transaction');
  return { items: items.slice(0, MAX_MATCHES) };
}
