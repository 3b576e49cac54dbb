import { randomUUID } from 'node:crypto';
import { addEvent } from '../storage/repos/purchases';
import type { SqlExecutor } from '../storage/types';

/**
 * A revocation a notification asked for that neither the store's API nor its voided list can
 * confirm (the market has neither configured): a notification alone never takes a paid purchase
 * away. It waits in the console's "unconfirmed revocations" queue for a person to decide.
 * One open request per purchase; repeats add to its timeline only.
 */
export async function recordUnconfirmedRevocation(
  tx: SqlExecutor,
  r: { purchaseId: string; market: string; kind: string; reason: string; at: number },
  now: number,
): Promise<void> {
  const open = await tx.get("SELECT revocation_id FROM unconfirmed_revocations WHERE purchase_id = ? AND status = 'open'", [r.purchaseId]);
  if (!open) {
    await tx.run(
      `INSERT INTO unconfirmed_revocations (revocation_id, purchase_id, market, kind, reason, signal_at, status, received_at)
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`,
      [randomUUID(), r.purchaseId, r.market, r.kind, r.reason, r.at, now],
    );
  }
  await addEvent(tx, r.purchaseId, 'REVOCATION_UNCONFIRMED', JSON.stringify({ kind: r.kind, reason: r.reason, at: r.at }), now);
}

export interface OpenRevocation {
  revocation_id: string;
  reason: string;
  kind: string;
}

export async function openRevocationOf(db: SqlExecutor, purchaseId: string): Promise<OpenRevocation | undefined> {
  return db.get<OpenRevocation>("SELECT revocation_id, reason, kind FROM unconfirmed_revocations WHERE purchase_id = ? AND status = 'open'", [purchaseId]);
}
