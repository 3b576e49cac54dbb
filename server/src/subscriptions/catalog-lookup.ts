import { listSubscriptionProducts, marketProductId, productSubscription, type ProductRow } from '../storage/repos/products';
import type { SqlExecutor } from '../storage/types';
import type { SubscriptionCatalog, SubscriptionProduct } from './catalog';

/** The app's subscription products for `market`, keyed by their market product id (catalogs are small). */
export async function loadSubscriptionCatalog(db: SqlExecutor, appKey: string, market: string): Promise<SubscriptionCatalog> {
  return subscriptionCatalogOf(await listSubscriptionProducts(db, appKey), market);
}

/** The catalog of `market` from the app's subscription product rows (cached or just read). */
export function subscriptionCatalogOf(rows: readonly ProductRow[], market: string): SubscriptionCatalog {
  const out = new Map<string, SubscriptionProduct>();
  for (const row of rows) {
    const sub = productSubscription(row);
    if (!sub) continue;
    const id = marketProductId(row, market);
    out.set(id, {
      productId: row.product_id,
      marketProductId: id,
      group: sub.group,
      period: sub.period,
      price: row.price_micros === null || row.currency === null ? null : { amountMicros: Number(row.price_micros), currency: row.currency },
    });
  }
  return out;
}
