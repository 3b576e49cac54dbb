import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { BillingContext } from '../domain/context';
import type { Metrics } from '../plugins/metrics';
import { addEvent, findPurchase, markStoreFinished } from '../storage/repos/purchases';
import type { PurchaseRow } from '../storage/repos/rows';
import type { SqlExecutor } from '../storage/types';
import type { LifecycleOptions } from './options';
import { reconcile } from './reconcile';
import { refOf, serviceOf } from './store-view';
import { backoffMs, duePurchases, markSkipped, markStoreSkipped } from './watchdog-schedule';

export interface WatchdogReport {
  finished: number;
  revoked: number;
  skipped: number;
  stuck: number;
}

type Attempt = 'finished' | 'revoked' | { skip: string; wholeStore?: boolean };

/**
 * The 3-day deadline watchdog (Google Play, ONE store auto-refund what nobody acknowledged):
 * purchases paid but not finished at the store after `finishAfterMs` are re-read and then
 * acknowledged (or consumed, when the game already consumed a consumable) through the store's
 * server API, long before the deadline.
 *
 * It never stalls: each purchase has its own next-attempt time, due purchases are taken in
 * deadline order (purchase time), and a skipped one records why and waits with backoff. An app
 * without a store API has all its due purchases put off in one statement; a store that fails
 * `storeFailureLimit` times in a run has its remaining purchases put off too. So neither can
 * keep any other purchase from being finished. It also counts purchases stuck undelivered and
 * sets the oldest unfinished purchase's age per market (metric).
 */
export async function runWatchdog(billing: BillingContext, options: LifecycleOptions, metrics?: Metrics): Promise<WatchdogReport> {
  const w = options.watchdog;
  const report: WatchdogReport = { finished: 0, revoked: 0, skipped: 0, stuck: 0 };
  if (w.markets.length > 0) {
    const failures = new Map<string, number>();
    for (let page = 0; page < w.pagesPerRun; page++) {
      const now = billing.now();
      const rows = await duePurchases(billing.db, w.markets, now - w.finishAfterMs, now, w.batch);
      for (const row of rows) {
        const store = `${row.app_key}\n${row.market}`;
        let attempt: Attempt;
        if ((failures.get(store) ?? 0) >= w.storeFailureLimit) {
          attempt = { skip: 'store-unavailable', wholeStore: true };
        } else {
          attempt = await finishAtStore(billing, row).catch((error: unknown): Attempt => {
            // One purchase's trouble (store outage, refused call) must not stop the others.
            if (!(error instanceof BillingError)) throw error;
            // Only trouble of the store itself (outage, credentials) counts toward putting the app's store off.
            if (error.retryable) failures.set(store, (failures.get(store) ?? 0) + 1);
            return { skip: error.code };
          });
        }
        if (typeof attempt === 'object') {
          const at = billing.now();
          const skipped = attempt.wholeStore
            ? await markStoreSkipped(billing.db, row, attempt.skip, at + w.maxBackoffMs, at)
            : (await markSkipped(billing.db, row, attempt.skip, at + backoffMs(w, Number(row.watchdog_attempts ?? 0))), 1);
          report.skipped += skipped;
          metrics?.watchdogActions.inc({ market: row.market, outcome: 'skipped', reason: attempt.skip }, skipped);
        } else {
          report[attempt] += 1;
          metrics?.watchdogActions.inc({ market: row.market, outcome: attempt, reason: '' });
        }
      }
      if (rows.length < w.batch) break;
    }
  }
  report.stuck = await reportStuck(billing, options, metrics);
  return report;
}

async function finishAtStore(billing: BillingContext, row: PurchaseRow): Promise<Attempt> {
  const api = (await serviceOf(billing, row))?.storeApi;
  if (!api?.acknowledge) return { skip: 'no-store-api', wholeStore: true };
  if (!row.purchase_token) return { skip: 'no-purchase-token' };
  const ref = refOf(row);
  const store = await api.getPurchase(ref);
  if (store.state === 'CANCELED' || store.state === 'REFUNDED') {
    const changed = await billing.db.write(async (tx) => {
      const current = await findPurchase(tx, row.purchase_id);
      if (!current) return 'unchanged';
      return reconcile(tx, current, { store, signal: 'voided', signed: false, kind: 'WATCHDOG', reason: `${row.market}:voided-before-finish`, at: billing.now(), source: 'watchdog' }, billing.now());
    });
    return changed === 'changed' ? 'revoked' : { skip: `store-${store.state.toLowerCase()}` };
  }
  if (store.state !== 'PURCHASED') return { skip: `store-${store.state.toLowerCase()}` };
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
  const rows = await stuckCandidates(billing.db, now - options.watchdog.stuckAfterMs, options.watchdog.batch);
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

/** Paid and undelivered since before `verifiedBefore`, not yet reported (partial index purchases_stuck_candidates). */
export function stuckCandidates(db: SqlExecutor, verifiedBefore: number, limit: number): Promise<Array<{ purchase_id: string; market: string }>> {
  return db.all(
    `SELECT purchase_id, market FROM purchases WHERE state = 'VERIFIED' AND delivered_at IS NULL AND stuck_reported_at IS NULL
       AND verified_at <= ? ORDER BY verified_at LIMIT ?`,
    [verifiedBefore, limit],
  );
}
