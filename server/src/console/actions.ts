import { randomUUID } from 'node:crypto';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { addEvent } from '../storage/repos/purchases';
import type { Database, SqlExecutor } from '../storage/types';
import type { ConsoleRole } from './api-schemas';
import { writeAudit } from './audit';

export type ConsoleAction = 'redeliver' | 'mark-delivered' | 'note' | 'refund';

/** The least role each action needs. */
export const ACTION_ROLES: Record<ConsoleAction, ConsoleRole> = { redeliver: 'support', 'mark-delivered': 'support', note: 'support', refund: 'admin' };

export interface ActionRequest {
  purchaseId: string;
  actor: string;
  reason: string;
  ip: string | null;
}

/**
 * The state change each action makes, as one compare-and-set UPDATE: it only applies when the
 * purchase is in one of `from`, so two agents acting at once cannot both succeed.
 *
 * - redeliver: the purchase becomes VERIFIED and undelivered again, so it is back in the user's
 *   unfinished list at the next login and the game server can consume (grant) it once more;
 *   a console_redeliveries row asks the outbound-webhook sender to notify the game server.
 * - mark-delivered: support confirms the item reached the player; VERIFIED → CONSUMED, as a
 *   game-server consume would, so it is not granted again.
 * - refund: an admin records a refund made outside the stores' notifications; → REVOKED.
 */
const TRANSITIONS: Record<Exclude<ConsoleAction, 'note'>, { from: string[]; set: string; event: string }> = {
  redeliver: {
    from: ['VERIFIED', 'CONSUMED'],
    set: "state = 'VERIFIED', delivered_at = NULL, consumed_at = NULL, console_redeliver_at = ?",
    event: 'CONSOLE_REDELIVER',
  },
  'mark-delivered': {
    from: ['VERIFIED'],
    set: "state = 'CONSUMED', consumed_at = ?, delivered_at = COALESCE(delivered_at, consumed_at, updated_at)",
    event: 'CONSOLE_MARK_DELIVERED',
  },
  refund: {
    from: ['VERIFIED', 'CONSUMED'],
    // The same revoke columns the store-lifecycle code writes, so a later store refund
    // notification or a reversal sees one consistent record.
    set: "revoked_from = state, revoked_at = ?, revoke_reason = 'console', state = 'REVOKED', console_refunded_at = ?",
    event: 'CONSOLE_REFUND',
  },
};

/** Actions whose state change applies to a purchase in `state` (a note always does). */
export function actionsFor(state: string): ConsoleAction[] {
  const changes = (Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]).filter((a) => TRANSITIONS[a].from.includes(state));
  return [...changes, 'note'];
}

async function currentState(tx: SqlExecutor, purchaseId: string): Promise<string> {
  const row = await tx.get<{ state: string }>('SELECT state FROM purchases WHERE purchase_id = ?', [purchaseId]);
  if (!row) throw new BillingError('NOT_FOUND', 'No purchase has this id.');
  return row.state;
}

/** Runs one console action and its audit record in one transaction; returns the audit id. */
export async function performAction(db: Database, action: ConsoleAction, req: ActionRequest, now: number): Promise<number> {
  return db.write(async (tx) => {
    const state = await currentState(tx, req.purchaseId);
    if (action === 'note') {
      await tx.run('INSERT INTO console_notes (note_id, purchase_id, author, body, created_at) VALUES (?, ?, ?, ?, ?)',
        [randomUUID(), req.purchaseId, req.actor, req.reason, now]);
    } else {
      const t = TRANSITIONS[action];
      const marks = t.from.map(() => '?').join(', ');
      // Every placeholder in `set` is the action's time.
      const times = Array.from({ length: t.set.split('?').length - 1 }, () => now);
      const r = await tx.run(`UPDATE purchases SET ${t.set}, updated_at = ? WHERE purchase_id = ? AND state IN (${marks})`,
        [...times, now, req.purchaseId, ...t.from]);
      if (r.changes !== 1) {
        throw new BillingError('CONFLICT', `A ${state} purchase cannot be changed by "${action}" (allowed from ${t.from.join(' or ')}).`, { details: { state } });
      }
      await addEvent(tx, req.purchaseId, t.event, JSON.stringify({ by: req.actor, from: state }), now);
      if (action === 'redeliver') {
        await tx.run('INSERT INTO console_redeliveries (request_id, purchase_id, requested_by, reason, requested_at) VALUES (?, ?, ?, ?, ?)',
          [randomUUID(), req.purchaseId, req.actor, req.reason, now]);
      }
    }
    return writeAudit(tx, { actor: req.actor, action, targetId: req.purchaseId, reason: req.reason, details: { stateBefore: state }, ip: req.ip }, now);
  });
}
