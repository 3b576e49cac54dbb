import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { BillingContext } from '../domain/context';
import { serviceOf } from '../lifecycle/store-view';
import { dueSubscriptions, setNextCheck, type SubscriptionRow } from '../storage/repos/subscriptions';
import { applySnapshot } from './apply';
import { factsOfRow, snapshotOfRow } from './row-facts';
import { loadSubscriptionCatalog } from './catalog-lookup';
import { EXPIRY_MARGIN_MS, naturalEndMs, nextCheckAt, RECHECK_RETRY_MS } from './state-machine';
import type { SubscriptionSnapshot } from './types';

/** How often the re-check job looks for due subscriptions (the job list's interval). */
export const SUBSCRIPTION_RECHECK_INTERVAL_MS = 5 * 60_000;
const PAGES_PER_RUN = 20;

export interface RecheckReport {
  read: number;
  expired: number;
  failed: number;
}

/**
 * The scheduled re-check (one instance at a time, under the job lease): a subscription whose
 * period (or grace, or pause) is about to end, or just ended, is read again from the store's
 * subscription API, which catches a missed notification. Without an API, a period that ended
 * with no renewal signal (past a small margin) is EXPIRED by the server's clock, with the reason
 * on the timeline; a later store statement still wins (the expiry claims no store time).
 */
export async function recheckSubscriptions(billing: BillingContext, o: { batch: number }): Promise<RecheckReport> {
  const report: RecheckReport = { read: 0, expired: 0, failed: 0 };
  for (let page = 0; page < PAGES_PER_RUN; page++) {
    const due = await dueSubscriptions(billing.db, billing.now(), o.batch);
    for (const row of due) await recheckOne(billing, row, report);
    if (due.length < o.batch) break;
  }
  return report;
}

async function recheckOne(billing: BillingContext, row: SubscriptionRow, report: RecheckReport): Promise<void> {
  const now = billing.now();
  try {
    const service = await serviceOf(billing, row);
    const api = service?.subscriptions?.api;
    const catalog = await loadSubscriptionCatalog(billing.db, row.app_key, row.market);
    if (api) {
      const period = catalog.get(row.market_product_id)?.period;
      const snapshot = await api.read({ chainKey: row.chain_key, marketProductId: row.market_product_id, ...(period ? { period } : {}) });
      report.read++;
      await billing.db.write((tx) => applySnapshot(tx, { appKey: row.app_key, snapshot: { ...snapshot, chainKey: row.chain_key }, cause: { source: 'recheck' }, catalog, now }));
      return;
    }
    const end = naturalEndMs(factsOfRow(row));
    if (end !== null && now >= end + EXPIRY_MARGIN_MS) {
      const expired: SubscriptionSnapshot = { ...snapshotOfRow(row, factsOfRow(row), row.store_as_of, row.verified_by === 'store-api' ? 'store-api' : 'signed'), state: 'EXPIRED', autoRenew: false };
      const reason = row.state === 'IN_GRACE' || row.state === 'ON_HOLD'
        ? 'The grace or hold period ended with no recovery signal from the store (no subscription API configured).'
        : row.state === 'PAUSED'
          ? 'The pause ended with no resume signal from the store (no subscription API configured).'
          : 'The period ended with no renewal signal from the store (no subscription API configured).';
      const result = await billing.db.write((tx) => applySnapshot(tx, { appKey: row.app_key, snapshot: expired, cause: { source: 'recheck', reason, eventTimeMs: end }, catalog, now }));
      if (result.outcome === 'changed') report.expired++;
      return;
    }
    await billing.db.write((tx) => setNextCheck(tx, row.subscription_id, row.revision, nextCheckAt(factsOfRow(row), now)));
  } catch (error) {
    // The store is down or refuses: look again later; the row stays as the last store statement left it.
    report.failed++;
    const retryIn = error instanceof BillingError && !error.retryable ? RECHECK_RETRY_MS * 24 : RECHECK_RETRY_MS;
    await billing.db.write((tx) => setNextCheck(tx, row.subscription_id, row.revision, now + retryIn));
  }
}
