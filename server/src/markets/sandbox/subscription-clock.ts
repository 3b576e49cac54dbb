import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { SandboxSubscriptionAction, SandboxSubscriptionScript, SandboxSubscriptionState } from '../../../../assets/common-billing/protocol/sandbox';
import type { SubscriptionEventType } from '../../subscriptions/types';

/**
 * The sandbox store's subscription clock, free of I/O: given a record and the store's time,
 * what the store did since (renewals, failed renewals, grace, hold, expiry), and what a
 * tester's action does now. A period lasts `period_ms` of real time (accelerated: a month in a
 * minute); grace and hold last `grace_ms` and `hold_ms`. Every step happens AT its scheduled
 * store time (a renewal at the period's end), however late the job that notices it runs.
 */
export interface SubscriptionRecord {
  purchase_token: string;
  order_id: string;
  app_key: string;
  user_key: string;
  product_id: string;
  developer_payload: string;
  state: SandboxSubscriptionState;
  script: SandboxSubscriptionScript;
  auto_renew: number;
  period_ms: number;
  grace_ms: number;
  hold_ms: number;
  period_start: number;
  period_end: number;
  retry_end: number | null;
  renewals: number;
  revoked_at: number | null;
  next_due_at: number | null;
  event_seq: number;
  created_at: number;
  updated_at: number;
}

export interface StoreStep {
  type: SubscriptionEventType;
  /** The store's name of it (what a notification would carry). */
  storeType: string;
  at: number;
  record: SubscriptionRecord;
}

/** A failed renewal that will recover does so halfway through grace (the card got fixed). */
const RECOVERY_SHARE_OF_GRACE = 0.5;

/** When the store's clock next changes the record by itself; null when it never will. */
export function nextDue(r: SubscriptionRecord): number | null {
  switch (r.state) {
    case 'ACTIVE':
    case 'CANCELED_ACTIVE':
      return r.period_end;
    case 'IN_GRACE':
      return r.script === 'fail-recover' ? recoveryTime(r) : (r.retry_end ?? r.period_end);
    case 'ON_HOLD':
      return r.retry_end ?? r.period_end;
    default:
      return null;
  }
}

function recoveryTime(r: SubscriptionRecord): number {
  return r.period_end + Math.floor(r.grace_ms * RECOVERY_SHARE_OF_GRACE);
}

function step(r: SubscriptionRecord, type: SubscriptionEventType, at: number, change: Partial<SubscriptionRecord>): StoreStep {
  const record = { ...r, ...change, updated_at: at };
  record.next_due_at = nextDue(record);
  return { type, storeType: `SANDBOX_${type}`, at, record };
}

/** The one step the store's clock takes next, if it is due by `now`. */
function nextStep(r: SubscriptionRecord, now: number): StoreStep | undefined {
  const due = nextDue(r);
  if (due === null || due > now) return undefined;
  switch (r.state) {
    case 'CANCELED_ACTIVE':
      return step(r, 'EXPIRED', due, { state: 'EXPIRED', retry_end: null });
    case 'ACTIVE':
      if (r.script === 'renew') {
        return step(r, 'RENEWED', due, { period_start: r.period_end, period_end: r.period_end + r.period_ms, renewals: r.renewals + 1 });
      }
      return step(r, 'GRACE_STARTED', due, { state: 'IN_GRACE', retry_end: r.period_end + r.grace_ms });
    case 'IN_GRACE':
      if (r.script === 'fail-recover') return recover(r, due);
      return step(r, 'ON_HOLD', due, { state: 'ON_HOLD', retry_end: due + r.hold_ms });
    case 'ON_HOLD':
      return step(r, 'EXPIRED', due, { state: 'EXPIRED', retry_end: null, auto_renew: 0 });
    default:
      return undefined;
  }
}

/** The retried charge went through: a new period starts now and later renewals go normally. */
function recover(r: SubscriptionRecord, at: number): StoreStep {
  return step(r, 'RECOVERED', at, {
    state: 'ACTIVE', script: 'renew', retry_end: null, period_start: at, period_end: at + r.period_ms, renewals: r.renewals + 1,
  });
}

/** Everything the store's clock did between the record's last change and `now`, in order. */
export function advance(r: SubscriptionRecord, now: number): StoreStep[] {
  const steps: StoreStep[] = [];
  let current = r;
  // Bounded: a record left alone for a long time on a fast clock renews many times; the job
  // comes back for the rest.
  for (let i = 0; i < 100; i++) {
    const next = nextStep(current, now);
    if (!next) break;
    steps.push(next);
    current = next.record;
  }
  return steps;
}

/**
 * What a tester's action does at `now` (after the clock has caught up): choose how the next
 * renewals go, fix the payment of a failed renewal, cancel or undo a cancel, refund.
 */
export function act(r: SubscriptionRecord, action: SandboxSubscriptionAction, now: number): StoreStep | undefined {
  const final = r.state === 'EXPIRED' || r.state === 'REVOKED';
  if (final) throw new BillingError('PURCHASE_STATE_INVALID', `The sandbox subscription is ${r.state}; it can no longer change.`);
  switch (action) {
    case 'refund':
      return step(r, 'REVOKED', now, { state: 'REVOKED', revoked_at: now, auto_renew: 0, retry_end: null });
    case 'cancel':
      if (r.state === 'CANCELED_ACTIVE') return undefined;
      // A failed renewal has no paid time left: canceling it ends it now.
      if (r.state !== 'ACTIVE') return step(r, 'EXPIRED', now, { state: 'EXPIRED', auto_renew: 0, retry_end: null });
      return step(r, 'CANCELED', now, { state: 'CANCELED_ACTIVE', auto_renew: 0 });
    case 'renew':
      if (r.state === 'IN_GRACE' || r.state === 'ON_HOLD') return recover(r, now);
      if (r.state === 'CANCELED_ACTIVE') return step(r, 'UNCANCELED', now, { state: 'ACTIVE', auto_renew: 1, script: 'renew' });
      return setScript(r, 'renew', now);
    case 'fail-recover':
    case 'fail-expire':
      if (r.state === 'CANCELED_ACTIVE') throw new BillingError('PURCHASE_STATE_INVALID', 'A canceled sandbox subscription does not renew; resume it first.');
      return setScript(r, action, now);
  }
}

/** Choosing the script is the tester's, not the store's: no event, only the record changes. */
function setScript(r: SubscriptionRecord, script: SandboxSubscriptionScript, now: number): StoreStep | undefined {
  if (r.script === script) return undefined;
  const record = { ...r, script, updated_at: now };
  record.next_due_at = nextDue(record);
  return { type: 'NOTE', storeType: 'SANDBOX_SCRIPT', at: now, record };
}
