import type { StorePurchaseStatus } from '../markets/types';
import type { PurchaseRow } from '../storage/repos/rows';
import type { SqlExecutor } from '../storage/types';
import type { StoreSignal } from './notifications/types';
import { recordUnconfirmedRevocation } from './unconfirmed';
import { cancelPending, completePending, noteStoreEvent, restoreRevoked, revokePurchase, type Revocation } from './transitions';

export interface ReconcileInput {
  /** The store's current view (re-read through its server API), when the market has one. */
  store?: StorePurchaseStatus;
  /** What the notification or poll said; only a hint when `store` is present. */
  signal: StoreSignal;
  /** A signal backed by the store's own signature (Apple JWS) may stand alone; an unsigned one may only take away. */
  signed: boolean;
  kind: string;
  reason: string;
  at: number;
  source: Revocation['source'];
}

/** 'unconfirmed': a revocation waits for a person (no store API or voided list confirmed it). */
export type ReconcileResult = 'changed' | 'unchanged' | 'unconfirmed';

/**
 * Moves our purchase row towards what the store says, with compare-and-set transitions:
 * the store's re-read state decides; without a store API a signed signal (Apple's JWS) or the
 * store's voided-purchases list decides. An unsigned notification never grants, and never
 * revokes by itself: that request is recorded as unconfirmed for a person to decide.
 */
export async function reconcile(tx: SqlExecutor, row: PurchaseRow, input: ReconcileInput, now: number): Promise<ReconcileResult> {
  const id = row.purchase_id;
  const storeState = input.store?.state;
  const says = (s: StorePurchaseStatus['state'][]) => (storeState === undefined ? undefined : s.includes(storeState));
  const revocation: Revocation = { reason: input.reason, at: input.at, source: input.source };
  const done = (changed: boolean): ReconcileResult => (changed ? 'changed' : 'unchanged');

  switch (input.signal) {
    case 'note':
      await noteStoreEvent(tx, id, `STORE_${input.kind}`, { reason: input.reason, source: input.source }, now);
      return 'changed';
    case 'partial-refund':
      // The last partial refund leaves nothing refundable: the purchase is void as a whole.
      if (says(['CANCELED', 'REFUNDED']) || Number(input.store?.raw.refundableQuantity ?? 1) === 0) return done(await revokePurchase(tx, id, revocation, now));
      await noteStoreEvent(tx, id, 'REFUND_PARTIAL', { reason: input.reason, refundableQuantity: input.store?.raw.refundableQuantity ?? null }, now);
      return 'changed';
    case 'refund-reversed':
      if (says(['CANCELED', 'REFUNDED']) ?? !input.signed) return 'unchanged';
      return done(await restoreRevoked(tx, id, input.reason, now));
    default:
      break;
  }
  // completed / canceled / voided: the store's state decides which transition applies.
  if (storeState === undefined) {
    if (input.signal === 'voided') {
      if (input.signed || input.source === 'voided-poll') return done(await revokePurchase(tx, id, revocation, now));
      if (row.state === 'REVOKED' || row.state === 'CANCELED') return 'unchanged';
      await recordUnconfirmedRevocation(tx, { purchaseId: id, market: row.market, kind: input.kind, reason: input.reason, at: input.at }, now);
      return 'unconfirmed';
    }
    if (input.signal === 'canceled') return done(await cancelPending(tx, id, input.reason, now));
    return done(input.signed && (await completePending(tx, id, { source: input.source }, now)));
  }
  if (storeState === 'PURCHASED') {
    if (row.state !== 'PENDING') return 'unchanged';
    const orderId = typeof input.store?.raw.orderId === 'string' && input.store.raw.orderId !== '' ? input.store.raw.orderId : undefined;
    return done(await completePending(tx, id, { storeTransactionId: orderId, source: input.source }, now));
  }
  if (storeState === 'CANCELED' || storeState === 'REFUNDED') {
    if (row.state === 'PENDING') return done(await cancelPending(tx, id, input.reason, now));
    return done(await revokePurchase(tx, id, revocation, now));
  }
  return 'unchanged';
}
