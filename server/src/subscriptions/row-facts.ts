import type { SubscriptionRow } from '../storage/repos/subscriptions';
import type { SubscriptionFacts } from './state-machine';
import type { SubscriptionSnapshot, SubscriptionState } from './types';

/** What the state machine compares, as a stored subscription row holds it. */
export function factsOfRow(row: SubscriptionRow): SubscriptionFacts {
  return {
    state: row.state as SubscriptionState,
    periodStartMs: row.period_start,
    periodEndMs: row.period_end,
    periodEndEstimated: row.period_end_estimated === 1,
    graceEndMs: row.grace_end ?? undefined,
    resumesAtMs: row.resumes_at ?? undefined,
    autoRenew: row.auto_renew === 1,
    revokedAtMs: row.revoked_at ?? undefined,
    marketProductId: row.market_product_id,
    renewsIntoMarketProductId: row.renews_into_product_id ?? undefined,
    priceConsent: row.price_consent ?? undefined,
    offerKind: row.offer ? (JSON.parse(row.offer) as { kind?: string }).kind : undefined,
  };
}

/**
 * A stored subscription as a snapshot with the given facts (the row's own, or what an event implies
 * on top of them), true at `asOfMs` by `source`: how the server re-applies its own decisions
 * (the re-check's expiry, an authenticated event without a store statement).
 */
export function snapshotOfRow(row: SubscriptionRow, facts: SubscriptionFacts, asOfMs: number, source: SubscriptionSnapshot['source']): SubscriptionSnapshot {
  return {
    market: row.market,
    chainKey: row.chain_key,
    marketProductId: facts.marketProductId,
    state: facts.state,
    periodStartMs: facts.periodStartMs,
    periodEndMs: facts.periodEndMs,
    periodEndEstimated: facts.periodEndEstimated,
    graceEndMs: facts.graceEndMs,
    resumesAtMs: facts.resumesAtMs,
    autoRenew: facts.autoRenew,
    renewsIntoMarketProductId: facts.renewsIntoMarketProductId,
    offer: row.offer ? JSON.parse(row.offer) : undefined,
    priceConsent: facts.priceConsent as SubscriptionSnapshot['priceConsent'],
    environment: row.environment as SubscriptionSnapshot['environment'],
    test: row.test === 1,
    asOfMs,
    source,
    binding: {},
  };
}
