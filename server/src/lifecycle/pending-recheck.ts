import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { BillingContext } from '../domain/context';
import { findPurchase } from '../storage/repos/purchases';
import type { PurchaseRow } from '../storage/repos/rows';
import { reconcile } from './reconcile';
import { readStore } from './store-view';

/**
 * Pending purchases whose notification never came: re-read each from the store's server API;
 * PURCHASED → VERIFIED, CANCELED → CANCELED (the SDK sees it at its next login or poll).
 */
export async function recheckPending(billing: BillingContext, batch: number): Promise<number> {
  const rows = await billing.db.all<PurchaseRow>(
    "SELECT * FROM purchases WHERE state = 'PENDING' AND purchase_token IS NOT NULL ORDER BY updated_at LIMIT ?",
    [batch],
  );
  let changed = 0;
  for (const row of rows) {
    const store = await readStore(billing, row).catch((error: unknown) => {
      if (error instanceof BillingError) return undefined;
      throw error;
    });
    if (!store || store.state === 'PENDING') continue;
    const result = await billing.db.write(async (tx) => {
      const current = await findPurchase(tx, row.purchase_id);
      if (!current) return 'unchanged';
      const signal = store.state === 'PURCHASED' ? 'completed' : 'canceled';
      return reconcile(tx, current, { store, signal, signed: false, kind: 'PENDING_RECHECK', reason: `${row.market}:${store.state}`, at: billing.now(), source: 'pending-recheck' }, billing.now());
    });
    if (result === 'changed') changed += 1;
  }
  return changed;
}
