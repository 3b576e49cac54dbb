import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { claimFor } from '../domain/claims';
import type { BillingContext } from '../domain/context';
import { findPurchase } from '../storage/repos/purchases';
import { writeAudit } from './audit';

export interface AssignRequest {
  purchaseId: string;
  userKey: string;
  actor: string;
  reason: string;
  ip: string | null;
}

/**
 * Support assigns an UNCLAIMED purchase to a player: the same once-only claim the game server
 * makes (the store's account binding, when present, must be that player's), and its audit
 * record, in one transaction. Returns the audit id.
 */
export async function assignUnclaimed(billing: BillingContext, req: AssignRequest): Promise<number> {
  return billing.db.write(async (tx) => {
    const row = await findPurchase(tx, req.purchaseId);
    if (!row) throw new BillingError('NOT_FOUND', 'No purchase has this id.');
    if (row.state !== 'UNCLAIMED') throw new BillingError('CONFLICT', `A ${row.state} purchase cannot be assigned (only UNCLAIMED ones).`, { details: { state: row.state } });
    const outcome = await claimFor(billing, tx, row, req.userKey, `console:${req.actor}`);
    if ('rejected' in outcome) throw new BillingError(outcome.rejected, outcome.message);
    return writeAudit(tx, { actor: req.actor, action: 'assign', targetId: req.purchaseId, reason: req.reason, details: { userKey: req.userKey, stateBefore: 'UNCLAIMED' }, ip: req.ip }, billing.now());
  });
}
