import { SingleBar, Presets } from 'cli-progress';
import { timeOrderedId } from '../storage/time-ordered-id';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { requireApp } from '../domain/apps';
import { addEvent } from '../storage/repos/purchases';
import { listProducts, marketProductId, type ProductRow } from '../storage/repos/products';
import type { Database } from '../storage/types';
import { parseLegacyLine, type LegacyPurchase } from './legacy-formats';

export interface ImportReport {
  imported: number;
  skippedDuplicates: number;
  errors: Array<{ line: number; reason: string }>;
}

/** Imports a legacy JSON Lines log (see legacy-formats.ts) in batches of 500, with a progress bar. */
export async function importLegacy(db: Database, appKey: string, file: string, options: { progress?: boolean; now?: number } = {}): Promise<ImportReport> {
  await requireApp(db, appKey);
  const catalog = await listProducts(db, appKey);
  const report: ImportReport = { imported: 0, skippedDuplicates: 0, errors: [] };
  const bar = options.progress ? new SingleBar({ format: 'import [{bar}] {percentage}% | {value}/{total} bytes | {imported} imported' }, Presets.shades_classic) : undefined;
  bar?.start(statSync(file).size, 0, { imported: 0 });
  let bytes = 0;
  let lineNo = 0;
  let batch: LegacyPurchase[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    const inserted = await db.write(async (tx) => {
      let n = 0;
      for (const p of rows) n += await insertImported(tx, appKey, p, catalog, options.now ?? Date.now());
      return n;
    });
    report.imported += inserted;
    report.skippedDuplicates += rows.length - inserted;
    bar?.update(bytes, { imported: report.imported });
  };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNo++;
    bytes += Buffer.byteLength(line) + 1;
    if (!line.trim()) continue;
    try {
      batch.push(parseLegacyLine(line));
    } catch (error) {
      report.errors.push({ line: lineNo, reason: (error as Error).message });
    }
    if (batch.length >= 500) await flush();
  }
  if (batch.length) await flush();
  bar?.update(bar.getTotal(), { imported: report.imported });
  bar?.stop();
  return report;
}

async function insertImported(tx: Parameters<Parameters<Database['write']>[0]>[0], appKey: string, p: LegacyPurchase, catalog: ProductRow[], now: number): Promise<number> {
  const product = catalog.find((c) => marketProductId(c, p.market) === p.marketProductId);
  const purchaseId = timeOrderedId(now);
  const r = await tx.run(
    `INSERT INTO purchases (purchase_id, app_key, user_key, market, product_id, market_product_id, product_type, quantity, state,
       store_transaction_id, purchase_token, environment, test, store_finished, delivered_at, consumed_at, verified_at, purchase_time,
       expires_at, imported, decoded, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'CONSUMED', ?, ?, 'production', 0, 1, ?, ?, ?, ?, ?, 1, ?, ?, ?)
     ON CONFLICT (market, store_transaction_id) DO NOTHING`,
    [purchaseId, appKey, p.userKey, p.market, product?.product_id ?? p.marketProductId, p.marketProductId, product?.type ?? 'consumable',
      p.storeTransactionId, p.purchaseToken, p.purchaseTimeMs, p.purchaseTimeMs, p.purchaseTimeMs, p.purchaseTimeMs, p.purchaseTimeMs,
      JSON.stringify(p.raw), now, now],
  );
  if (r.changes === 1) await addEvent(tx, purchaseId, 'IMPORTED', JSON.stringify({ source: p.market }), now);
  return r.changes;
}
