import type { SandboxStoreSubscription } from '../../../../assets/common-billing/protocol/sandbox';
import type { SubscriptionSnapshot } from '../../subscriptions/types';
import { SANDBOX_MARKET_ID } from './config';
import type { SubscriptionRecord } from './subscription-clock';

/**
 * The sandbox store's subscription record as the subscription core's snapshot: what the store
 * says the subscription is at `asOfMs`. The order id numbers its charges the way Google Play
 * does (`SBX.X` for the first, `SBX.X..0`, `SBX.X..1` for the renewals).
 */
export function snapshotOf(r: SubscriptionRecord, asOfMs: number, source: SubscriptionSnapshot['source']): SubscriptionSnapshot {
  const retrying = r.state === 'IN_GRACE' || r.state === 'ON_HOLD';
  return {
    market: SANDBOX_MARKET_ID,
    chainKey: r.purchase_token,
    marketProductId: r.product_id,
    state: r.state,
    periodStartMs: Number(r.period_start),
    periodEndMs: Number(r.period_end),
    ...(retrying && r.retry_end !== null ? { graceEndMs: Number(r.retry_end) } : {}),
    autoRenew: Boolean(Number(r.auto_renew)) && r.state !== 'EXPIRED' && r.state !== 'REVOKED',
    periodTransactionId: periodOrderId(r.order_id, Number(r.renewals)),
    environment: 'sandbox',
    test: true,
    asOfMs,
    source,
    binding: { developerPayload: r.developer_payload },
    raw: { script: r.script, renewals: Number(r.renewals), periodMs: Number(r.period_ms), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at) },
  };
}

export function periodOrderId(orderId: string, renewals: number): string {
  return renewals === 0 ? orderId : `${orderId}..${renewals - 1}`;
}

/** The back office's view of a record, with the store's clock. */
export function storeView(r: SubscriptionRecord, now: number): SandboxStoreSubscription {
  return {
    purchaseToken: r.purchase_token,
    productId: r.product_id,
    state: r.state,
    script: r.script,
    autoRenew: Boolean(Number(r.auto_renew)),
    periodStart: Number(r.period_start),
    periodEnd: Number(r.period_end),
    retryEnd: r.retry_end === null ? null : Number(r.retry_end),
    renewals: Number(r.renewals),
    periodMs: Number(r.period_ms),
    now,
  };
}

/** Numbers come back from PostgreSQL's BIGINT as strings: one place turns a row into numbers. */
export function recordFromRow(row: SubscriptionRecord): SubscriptionRecord {
  const n = (v: unknown) => Number(v);
  return {
    ...row,
    auto_renew: n(row.auto_renew),
    period_ms: n(row.period_ms),
    grace_ms: n(row.grace_ms),
    hold_ms: n(row.hold_ms),
    period_start: n(row.period_start),
    period_end: n(row.period_end),
    retry_end: row.retry_end === null ? null : n(row.retry_end),
    renewals: n(row.renewals),
    revoked_at: row.revoked_at === null ? null : n(row.revoked_at),
    next_due_at: row.next_due_at === null ? null : n(row.next_due_at),
    event_seq: n(row.event_seq),
    created_at: n(row.created_at),
    updated_at: n(row.updated_at),
  };
}
