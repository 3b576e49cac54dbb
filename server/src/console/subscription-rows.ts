import type { EntitlementState } from '../../../assets/common-billing/protocol/entitlements';
import type { Environment } from '../../../assets/common-billing/protocol/common';
import type { SubscriptionEventEntry, SubscriptionPeriodEntry, SubscriptionRow } from './subscription-schemas';
import { isoOrNull } from './purchase-rows';

/** The `subscriptions` columns every console view of a subscription selects (the core's table, migration 400). */
export const SUBSCRIPTION_COLUMNS = `s.subscription_id, s.app_key, s.user_key, s.entitlement_group, s.product_id, s.market, s.market_product_id,
  s.chain_key, s.replaces_chain_key, s.replaced_by, s.state, s.period_start, s.period_end, s.period_end_estimated, s.auto_renew, s.offer,
  s.verified_by, s.purchase_id, s.environment, s.test, s.updated_at`;

export interface SubscriptionDbRow {
  subscription_id: string;
  app_key: string;
  user_key: string | null;
  entitlement_group: string;
  product_id: string;
  market: string;
  market_product_id: string;
  chain_key: string;
  replaces_chain_key: string | null;
  replaced_by: string | null;
  state: string;
  period_start: number | string | null;
  period_end: number | string | null;
  period_end_estimated: number | string | null;
  auto_renew: number | string;
  offer: string | null;
  verified_by: string;
  purchase_id: string | null;
  environment: string | null;
  test: number | string;
  updated_at: number | string | null;
}

const ms = (v: number | string | null): number | null => (v === null || v === undefined ? null : Number(v));

/** A JSON column as an object; anything else (a bare value, a parse error) is shown as text, never thrown. */
export function jsonObject(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { text };
  }
}

export function toSubscriptionRow(r: SubscriptionDbRow): SubscriptionRow {
  return {
    subscriptionId: r.subscription_id,
    appKey: r.app_key,
    userKey: r.user_key,
    entitlementGroup: r.entitlement_group,
    productId: r.product_id,
    market: r.market,
    marketProductId: r.market_product_id,
    chainKey: r.chain_key,
    replacesChainKey: r.replaces_chain_key,
    replacedBy: r.replaced_by,
    state: r.state as EntitlementState,
    periodStart: isoOrNull(ms(r.period_start)),
    periodEnd: isoOrNull(ms(r.period_end)),
    periodEndEstimated: Boolean(Number(r.period_end_estimated ?? 0)),
    autoRenew: Boolean(Number(r.auto_renew)),
    offer: jsonObject(r.offer),
    verifiedBy: r.verified_by,
    purchaseId: r.purchase_id,
    environment: r.environment as Environment | null,
    test: Boolean(Number(r.test)),
    updatedAt: isoOrNull(ms(r.updated_at)),
  };
}

export interface PeriodDbRow {
  period_transaction_id: string | null;
  period_start: number | string;
  period_end: number | string | null;
  price_micros: number | string | null;
  currency: string | null;
  estimated: number | string;
  test: number | string;
  revoked_at: number | string | null;
}

export function toPeriodEntry(r: PeriodDbRow): SubscriptionPeriodEntry {
  return {
    transactionId: r.period_transaction_id,
    start: isoOrNull(ms(r.period_start)) ?? '',
    end: isoOrNull(ms(r.period_end)),
    amountMicros: ms(r.price_micros),
    currency: r.currency,
    estimated: Boolean(Number(r.estimated)),
    test: Boolean(Number(r.test)),
    revokedAt: isoOrNull(ms(r.revoked_at)),
  };
}

export interface EventDbRow {
  at: number | string;
  event_time: number | string | null;
  type: string;
  source: string | null;
  from_state: string | null;
  to_state: string | null;
  detail: string | null;
}

export function toEventEntry(r: EventDbRow): SubscriptionEventEntry {
  const details = jsonObject(r.detail);
  return {
    at: isoOrNull(ms(r.at)) ?? '',
    eventTime: isoOrNull(ms(r.event_time)),
    type: r.type,
    source: r.source,
    fromState: r.from_state,
    toState: r.to_state,
    ...(details ? { details } : {}),
  };
}
