import type { Product } from '../protocol/api';
import type { NativeProduct } from '../protocol/bridge';
import type { ProductType } from '../protocol/common';
import type { MarketAdapter } from '../markets/market-adapter';
import type { InvalidProduct, ListedProduct, ProductList } from './types';

/**
 * The catalog as the player may see it (Apple and Google require the store's localized price):
 * each server product the store also sells, with the store's price string, micros and currency;
 * the others are invalid with a reason. Pure: `store` is what the store answered per product type.
 */
export function mergeProducts(catalog: readonly Product[], store: readonly NativeProduct[]): ProductList {
  const valid: ListedProduct[] = [];
  const invalid: InvalidProduct[] = [];
  for (const product of catalog) {
    const found = store.find((s) => s.productId === product.marketProductId);
    if (!found) {
      invalid.push({ ...product, reason: 'NOT_AT_STORE' });
    } else if (found.type !== product.type) {
      invalid.push({ ...product, reason: 'TYPE_MISMATCH' });
    } else {
      // The catalog's subscription fields (group, period) with the store's offers.
      const { subscription, ...fields } = product;
      valid.push({
        ...fields,
        storeTitle: found.title,
        description: found.description,
        formattedPrice: found.formattedPrice,
        price: { amountMicros: found.priceMicros, currency: found.currency },
        ...(subscription && { subscription: { ...subscription, offers: found.subscriptionOffers ?? [], storeGroup: found.subscriptionGroup ?? null } }),
      });
    }
  }
  return { valid, invalid };
}

/** Asks the store once per product type of the catalog, then merges. */
export async function listProducts(adapter: MarketAdapter, catalog: readonly Product[]): Promise<ProductList> {
  const store: NativeProduct[] = [];
  const types = [...new Set<ProductType>(catalog.map((p) => p.type))];
  for (const type of types) {
    const productIds = catalog.filter((p) => p.type === type).map((p) => p.marketProductId);
    const answer = await adapter.queryProducts(productIds, type);
    store.push(...answer.map((p) => ({ ...p, type })));
  }
  return mergeProducts(catalog, store);
}
