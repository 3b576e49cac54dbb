import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { revokePurchase } from '../lifecycle/transitions';
import { openRevocationOf } from '../lifecycle/unconfirmed';
import { addEvent } from '../storage/repos/purchases';
import type { Database } from '../storage/types';
import type { ActionRequest } from './actions';
import { writeAudit } from './audit';

export type RevocationDecision = 'confirm-revocation' | 'dismiss-revocation';

/**
 * A person decides an unconfirmed revocation (lifecycle/unconfirmed.ts): confirm revokes the
 * purchase as the store asked, dismiss keeps it. Either way the request closes, the timeline
 * says who decided, and the audit log keeps the reason, in one transaction.
 */
export async function decideRevocation(db: Database, decision: RevocationDecision, req: ActionRequest, now: number): Promise<number> {
  return db.write(async (tx) => {
    const open = await openRevocationOf(tx, req.purchaseId);
    if (!open) throw new BillingError('CONFLICT', 'This purchase has no unconfirmed revocation to decide.');
    const status = decision === 'confirm-revocation' ? 'revoked' : 'dismissed';
    const closed = await tx.run(
      "UPDATE unconfirmed_revocations SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE revocation_id = ? AND status = 'open'",
      [status, req.actor, now, req.reason, open.revocation_id],
    );
    if (closed.changes !== 1) throw new BillingError('CONFLICT', 'Someone else decided this revocation a moment ago.');
    const before = await tx.get<{ state: string }>('SELECT state FROM purchases WHERE purchase_id = ?', [req.purchaseId]);
    if (decision === 'confirm-revocation') {
      await revokePurchase(tx, req.purchaseId, { reason: open.reason, at: now, source: 'notification' }, now);
    }
    await addEvent(tx, req.purchaseId, decision === 'confirm-revocation' ? 'REVOCATION_CONFIRMED' : 'REVOCATION_DISMISSED', JSON.stringify({ by: req.actor, kind: open.kind }), now);
    return writeAudit(tx, {
      actor: req.actor, action: decision, targetId: req.purchaseId, reason: req.reason,
      details: { stateBefore: before?.state ?? null, storeReason: open.reason }, ip: req.ip,
    }, now);
  });
}
