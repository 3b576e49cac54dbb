import { createApp } from '../../server/src/domain/apps';
import type { ServerKeys } from '../../server/src/domain/keys';
import type { Database } from '../../server/src/storage/types';
import { generatePurchase, insertPurchases, random, type SeedPurchase } from '../../tests/console/support/purchases';

export const BENCH_APP = 'bench-app';
export const DAY = 86_400_000;

export interface DatasetShape {
  purchases: number;
  users: number;
  days: number;
  end: number;
  seed: number;
}

/**
 * Generates the purchase log in batches of 10,000 rows (one transaction each) with the same
 * deterministic generator the console tests use. Returns a sample of rows to query for.
 */
export async function loadDataset(db: Database, keys: ServerKeys, shape: DatasetShape, onProgress: (done: number) => void): Promise<SeedPurchase[]> {
  await createApp(db, keys, {
    appKey: BENCH_APP,
    name: 'Bench',
    products: [
      { productId: 'gas', type: 'consumable', title: 'Gas', price: { amountMicros: 1_200_000_000, currency: 'KRW' } },
      { productId: 'car_upgrade', type: 'non-consumable', title: 'Car', price: { amountMicros: 4_990_000, currency: 'USD' } },
      { productId: 'coins_1000', type: 'consumable', title: 'Coins', price: { amountMicros: 5_500_000_000, currency: 'KRW' } },
    ],
  }, shape.end);
  const rnd = random(shape.seed);
  const sample: SeedPurchase[] = [];
  const batch = 10_000;
  for (let start = 0; start < shape.purchases; start += batch) {
    const rows: SeedPurchase[] = [];
    for (let i = start; i < Math.min(shape.purchases, start + batch); i++) rows.push(generatePurchase(i, rnd, BENCH_APP, shape.end, shape.days, shape.users));
    await insertPurchases(db, rows);
    for (let k = 0; k < 20; k++) sample.push(rows[Math.floor(rnd() * rows.length)]!);
    onProgress(Math.min(shape.purchases, start + batch));
  }
  return sample;
}
