import type { BillingContext } from '../domain/context';
import { addEvent } from '../storage/repos/purchases';

/**
 * Reservations whose payload expired with no receipt become EXPIRED, so that the purchase
 * log and the console tell "never paid" from "still open". Nothing else changes: a receipt
 * bought before `expires_at` that arrives later is still accepted from EXPIRED (the receipt
 * check compares the store's purchase time with `expires_at`), so a slow store loses nothing.
 * `graceMs` keeps rows a while past expiry, for receipts that are on their way.
 */
export async function expireReservations(billing: BillingContext, graceMs: number, batch: number): Promise<number> {
  const now = billing.now();
  const cutoff = now - graceMs;
  const due = await billing.db.all<{ purchase_id: string }>(
    "SELECT purchase_id FROM purchases WHERE state = 'RESERVED' AND expires_at < ? ORDER BY expires_at LIMIT ?",
    [cutoff, batch],
  );
  if (!due.length) return 0;
  return billing.db.write(async (tx) => {
    let expired = 0;
    for (const { purchase_id: purchaseId } of due) {
      // Compare-and-set: a receipt recorded since the SELECT keeps its row.
      const r = await tx.run(
        "UPDATE purchases SET state = 'EXPIRED', updated_at = ? WHERE purchase_id = ? AND state = 'RESERVED' AND expires_at < ?",
        [now, purchaseId, cutoff],
      );
      if (r.changes === 1) {
        await addEvent(tx, purchaseId, 'EXPIRED', null, now);
        expired += 1;
      }
    }
    return expired;
  });
}
