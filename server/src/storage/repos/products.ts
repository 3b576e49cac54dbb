import type { Product } from '../../../../assets/common-billing/protocol/api';
import type { ProductType } from '../../../../assets/common-billing/protocol/common';
import { checkSubscriptionDefinition, type SubscriptionDefinition } from '../../subscriptions/catalog';
import type { SqlExecutor } from '../types';

export interface ProductRow {
  app_key: string;
  product_id: string;
  type: string;
  title: string;
  price_micros: number | null;
  currency: string | null;
  market_product_ids: string;
  active: number;
  updated_at: number;
  /** Subscriptions only (migration 400): the entitlement group and the ISO-8601 period. */
  subscription_group: string | null;
  subscription_period: string | null;
}

/** A catalog entry as the config file and `products import` describe it. */
export interface ProductDefinition {
  productId: string;
  type: ProductType;
  title: string;
  price?: { amountMicros: number; currency: string } | null;
  /** market -> market product id; markets not listed use productId. */
  marketProductIds?: Record<string, string>;
  /** Required for type `subscription`, refused otherwise (subscriptions/catalog.ts). */
  subscription?: SubscriptionDefinition;
}

export function marketProductId(row: ProductRow, market: string): string {
  const ids = JSON.parse(row.market_product_ids) as Record<string, string>;
  return ids[market] ?? row.product_id;
}

export function toProduct(row: ProductRow, market: string): Product {
  return {
    productId: row.product_id,
    marketProductId: marketProductId(row, market),
    type: row.type as ProductType,
    title: row.title,
    price: row.price_micros === null || row.currency === null ? null : { amountMicros: Number(row.price_micros), currency: row.currency },
    ...(productSubscription(row) ? { subscription: productSubscription(row) } : {}),
  };
}

/** The catalog's subscription fields of a row, when it is a subscription product. */
export function productSubscription(row: ProductRow): SubscriptionDefinition | undefined {
  return row.subscription_group && row.subscription_period ? { group: row.subscription_group, period: row.subscription_period } : undefined;
}

export async function listProducts(db: SqlExecutor, appKey: string): Promise<ProductRow[]> {
  return db.all<ProductRow>('SELECT * FROM products WHERE app_key = ? AND active = 1 ORDER BY product_id', [appKey]);
}

/** The app's subscription products only (none for most apps: an empty answer, cheap on the receipt path). */
export async function listSubscriptionProducts(db: SqlExecutor, appKey: string): Promise<ProductRow[]> {
  return db.all<ProductRow>(
    "SELECT * FROM products WHERE app_key = ? AND active = 1 AND type = 'subscription' AND subscription_group IS NOT NULL ORDER BY product_id",
    [appKey],
  );
}

export async function findProduct(db: SqlExecutor, appKey: string, productId: string): Promise<ProductRow | undefined> {
  return db.get<ProductRow>('SELECT * FROM products WHERE app_key = ? AND product_id = ? AND active = 1', [appKey, productId]);
}

/** Throws PRODUCT_SUBSCRIPTION_INVALID (400) for a subscription without `subscription`, or another type with one. */
export async function upsertProduct(tx: SqlExecutor, appKey: string, p: ProductDefinition, now: number): Promise<void> {
  checkSubscriptionDefinition(p);
  await tx.run(
    `INSERT INTO products (app_key, product_id, type, title, price_micros, currency, market_product_ids, active, updated_at, subscription_group, subscription_period)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
     ON CONFLICT (app_key, product_id) DO UPDATE SET type = excluded.type, title = excluded.title,
       price_micros = excluded.price_micros, currency = excluded.currency,
       market_product_ids = excluded.market_product_ids, active = 1, updated_at = excluded.updated_at,
       subscription_group = excluded.subscription_group, subscription_period = excluded.subscription_period`,
    [appKey, p.productId, p.type, p.title, p.price?.amountMicros ?? null, p.price?.currency ?? null, JSON.stringify(p.marketProductIds ?? {}), now,
      p.subscription?.group ?? null, p.subscription?.period ?? null],
  );
}
