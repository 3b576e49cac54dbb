import type { ConsumeResponse, FinishedResponse } from '../../../assets/common-billing/protocol/api';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { consumePurchase, findPurchase, markStoreFinished } from '../storage/repos/purchases';
import { toPurchase, type PurchaseRow } from '../storage/repos/rows';
import type { BillingContext } from './context';
import { checkPaymentToken } from './tokens';

/** Who is asking: the game server (whole app) or a session (one user of the app). */
export interface Caller {
  appKey: string;
  userKey?: string;
}

function owned(row: PurchaseRow | undefined, caller: Caller): row is PurchaseRow {
  return !!row && row.app_key === caller.appKey && (caller.userKey === undefined || row.user_key === caller.userKey);
}

/**
 * Consume exactly once: the first call moves VERIFIED → CONSUMED and answers
 * `alreadyConsumed: false`; every later call (or a concurrent loser) answers `true`.
 */
export async function consume(ctx: BillingContext, caller: Caller, purchaseId: string, paymentToken: string): Promise<ConsumeResponse> {
  if (!checkPaymentToken(ctx.keys, purchaseId, paymentToken)) throw new BillingError('PAYMENT_TOKEN_INVALID');
  const result = await ctx.db.write(async (tx) => {
    const row = await findPurchase(tx, purchaseId);
    if (!owned(row, caller)) throw new BillingError('PURCHASE_NOT_FOUND');
    if (row.state === 'CONSUMED') return { row, alreadyConsumed: true };
    if (row.state === 'PENDING') throw new BillingError('PURCHASE_PENDING');
    if (row.state === 'REVOKED') throw new BillingError('PURCHASE_REVOKED');
    if (row.state !== 'VERIFIED') throw new BillingError('PURCHASE_STATE_INVALID');
    const won = await consumePurchase(tx, purchaseId, ctx.now());
    const after = (await findPurchase(tx, purchaseId))!;
    // Losing the compare-and-set to another instance's consume is a repeat, not an error.
    if (!won && after.state !== 'CONSUMED') throw new BillingError('PURCHASE_STATE_INVALID');
    return { row: after, alreadyConsumed: !won };
  });
  return { purchase: toPurchase(result.row), alreadyConsumed: result.alreadyConsumed };
}

/** The device consumed / acknowledged / finished the purchase at the store. Idempotent. */
export async function markFinished(ctx: BillingContext, caller: Caller, purchaseId: string): Promise<FinishedResponse> {
  const row = await ctx.db.write(async (tx) => {
    const found = await findPurchase(tx, purchaseId);
    if (!owned(found, caller)) throw new BillingError('PURCHASE_NOT_FOUND');
    if (Number(found.store_finished)) return found;
    if (!(await markStoreFinished(tx, purchaseId, ctx.now()))) throw new BillingError('PURCHASE_STATE_INVALID');
    return (await findPurchase(tx, purchaseId))!;
  });
  return { purchase: toPurchase(row) };
}
