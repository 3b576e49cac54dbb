import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { BillingContext } from '../domain/context';
import type { Metrics } from '../plugins/metrics';
import { addEvent, findPurchase, markStoreFinished } from '../storage/repos/purchases';
import type { PurchaseRow } from '../storage/repos/rows';
import type { LifecycleOptions } from './options';
import { reconcile } from './reconcile';
import { refOf, serviceOf } from './store-view';

export interface WatchdogReport {
  finished: number;
  revoked: number;
  skipped: number;
  stuck: number;
}

/**
 * The 3-day deadline watchdog (Google Play, ONE store auto-refund what nobody acknowledged):
 * purchases paid but not finished at the store after `finishAfterMs` are re-read and then
 * acknowledged (or consumed, when the game already consumed a consumable) through the store's
 * server API, long before the deadline. It also counts purchases stuck undelivered.
 */
export async function runWatchdog(billing: BillingContext, options: LifecycleOptions, metrics?: Metrics): Promise<WatchdogReport> {
  const w = options.watchdog;
  const now = billing.now();
  const report: WatchdogReport = { finished: 0, revoked: 0, skipped: 0, stuck: 0 };
  if (w.markets.length > 0) {
    const rows = await billing.db.all<PurchaseRow>(
      `SELECT * FROM purchases WHERE store_finished = 0 AND state IN ('VERIFIED', 'CONSUMED') AND market IN (${w.markets.map(() => '?').join(', ')})
         AND purchase_time <= ? ORDER BY purchase_time LIMIT ?`,
      [...w.markets, now - w.finishAfterMs, w.batch],
    );
    for (const row of rows) {
      const outcome = await finishAtStore(billing, row).catch((error: unknown) => {
        // One purchase's trouble (store outage, refused call) must not stop the others.
        if (!(error instanceof BillingError)) throw error;
        return 'skipped' as const;
      });
      report[outcome] += 1;
      metrics?.watchdogActions.inc({ market: row.market, outcome });
    }
  }
  report.stuck = await reportStuck(billing, options, metrics);
  return report;
}

async function finishAtStore(billing: BillingContext, row: PurchaseRow): Promise<'finished' | 'revoked' | 'skipped'> {
  const api = (await serviceOf(billing, row))?.storeApi;
  if (!api?.acknowledge || !row.purchase_token) return 'skipped';
  const ref = refOf(row);
  const store = await api.getPurchase(ref);
  if (store.state === 'CANCELED' || store.state === 'REFUNDED') {
    const changed = await billing.db.write(async (tx) => {
      const current = await findPurchase(tx, row.purchase_id);
      if (!current) return 'unchanged';
      return reconcile(tx, current, { store, signal: 'voided', signed: false, kind: 'WATCHDOG', reason: `${row.market}:voided-before-finish`, at: billing.now(), source: 'watchdog' }, billing.now());
    });
    return changed === 'changed' ? 'revoked' : 'skipped';
  }
  if (store.state !== 'PURCHASED') return 'skipped';
  let action = 'already-finished';
  if (!store.acknowledged && !store.consumed) {
    const consume = row.state === 'CONSUMED' && row.product_type === 'consumable' && api.consume !== undefined;
    if (consume) await api.consume!(ref);
    else await api.acknowledge(ref);
    action = consume ? 'consumed' : 'acknowledged';
  }
  await billing.db.write(async (tx) => {
    if (await markStoreFinished(tx, row.purchase_id, billing.now())) {
      await addEvent(tx, row.purchase_id, 'WATCHDOG_FINISHED', JSON.stringify({ action }), billing.now());
    }
  });
  return 'finished';
}

/** Paid, undelivered for too long: counted once per purchase (the console's queue lists them). */
async function reportStuck(billing: BillingContext, options: LifecycleOptions, metrics?: Metrics): Promise<number> {
  const now = billing.now();
  const rows = await billing.db.all<{ purchase_id: string; market: string }>(
    `SELECT purchase_id, market FROM purchases WHERE state = 'VERIFIED' AND delivered_at IS NULL AND stuck_reported_at IS NULL
       AND verified_at <= ? ORDER BY verified_at LIMIT ?`,
    [now - options.watchdog.stuckAfterMs, options.watchdog.batch],
  );
  let stuck = 0;
  for (const row of rows) {
    const r = await billing.db.write((tx) =>
      tx.run('UPDATE purchases SET stuck_reported_at = ? WHERE purchase_id = ? AND stuck_reported_at IS NULL', [now, row.purchase_id]),
    );
    if (r.changes !== 1) continue;
    stuck += 1;
    metrics?.stuckUndelivered.inc({ market: row.market });
  }
  return stuck;
}
