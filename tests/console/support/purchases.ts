import { randomUUID } from 'node:crypto';
import type { Database, SqlValue } from '../../../server/src/storage/types';

/** One purchases row for console tests and the benchmark (only what differs between rows). */
export interface SeedPurchase {
  purchaseId: string;
  appKey: string;
  userKey: string;
  market: string;
  productId: string;
  state: string;
  environment: 'production' | 'sandbox';
  test: boolean;
  storeTransactionId: string | null;
  purchaseToken: string | null;
  storeFinished: boolean;
  createdAt: number;
  verifiedAt: number | null;
  purchaseTime: number | null;
  deliveredAt: number | null;
  decoded: string | null;
}

const COLUMNS = ['purchase_id', 'app_key', 'user_key', 'market', 'product_id', 'market_product_id', 'product_type', 'quantity', 'state',
  'store_transaction_id', 'purchase_token', 'environment', 'test', 'store_finished', 'delivered_at', 'consumed_at', 'verified_at',
  'purchase_time', 'expires_at', 'decoded', 'created_at', 'updated_at'];

function values(p: SeedPurchase): SqlValue[] {
  return [p.purchaseId, p.appKey, p.userKey, p.market, p.productId, `market.${p.productId}`, 'consumable', 1, p.state,
    p.storeTransactionId, p.purchaseToken, p.environment, p.test ? 1 : 0, p.storeFinished ? 1 : 0, p.deliveredAt,
    p.state === 'CONSUMED' ? p.deliveredAt ?? p.verifiedAt : null, p.verifiedAt, p.purchaseTime, p.createdAt + 3600_000, p.decoded,
    p.createdAt, p.verifiedAt ?? p.createdAt];
}

/** Inserts rows with multi-row INSERTs (500 per statement), one transaction per call. */
export async function insertPurchases(db: Database, rows: SeedPurchase[]): Promise<void> {
  const per = 500;
  const one = `(${COLUMNS.map(() => '?').join(', ')})`;
  await db.write(async (tx) => {
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      await tx.run(`INSERT INTO purchases (${COLUMNS.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`, chunk.flatMap(values));
    }
  });
}

export const MARKETS = ['google-play', 'one-store', 'app-store', 'sandbox'] as const;
export const PRODUCTS = ['gas', 'car_upgrade', 'coins_1000'] as const;

/** A deterministic pseudo-random generator (mulberry32), so generated data sets are reproducible. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A realistic mix: mostly consumed, some verified/pending/revoked/expired/rejected, spread over
 * `days` days before `end`, over `users` users. Row `i` is the same for the same seed.
 */
export function generatePurchase(i: number, rnd: () => number, appKey: string, end: number, days: number, users: number): SeedPurchase {
  const createdAt = end - Math.floor(rnd() * days * 86_400_000);
  const roll = rnd();
  const state = roll < 0.7 ? 'CONSUMED' : roll < 0.78 ? 'VERIFIED' : roll < 0.82 ? 'PENDING' : roll < 0.85 ? 'REVOKED' : roll < 0.97 ? 'EXPIRED' : 'REJECTED';
  const market = MARKETS[Math.floor(rnd() * MARKETS.length)] ?? 'google-play';
  const paid = state === 'CONSUMED' || state === 'VERIFIED' || state === 'REVOKED';
  const hasReceipt = paid || state === 'PENDING';
  const n = i.toString(36).padStart(6, '0');
  return {
    purchaseId: randomUUID(),
    appKey,
    userKey: `user-${Math.floor(rnd() * users)}`,
    market,
    productId: PRODUCTS[Math.floor(rnd() * PRODUCTS.length)] ?? 'gas',
    state,
    environment: market === 'sandbox' ? 'sandbox' : 'production',
    test: rnd() < 0.02,
    storeTransactionId: hasReceipt ? `GPA.${n}-${Math.floor(rnd() * 1e9)}` : null,
    purchaseToken: hasReceipt ? `tok_${n}_${Math.floor(rnd() * 1e12).toString(36)}` : null,
    storeFinished: state === 'CONSUMED' ? rnd() < 0.97 : false,
    createdAt,
    verifiedAt: paid ? createdAt + 20_000 : null,
    purchaseTime: hasReceipt ? createdAt + 15_000 : null,
    deliveredAt: state === 'CONSUMED' ? createdAt + 30_000 : null,
    decoded: null,
  };
}
