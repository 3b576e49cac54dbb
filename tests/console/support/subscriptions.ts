import { createHash } from 'node:crypto';
import {
  insertSubscription, insertSubscriptionEvent, insertSubscriptionPeriod, type SubscriptionRow,
} from '../../../server/src/storage/repos/subscriptions';
import type { Database } from '../../../server/src/storage/types';
import { applySnapshot, type ApplyCause } from '../../../server/src/subscriptions/apply';
import { loadSubscriptionCatalog } from '../../../server/src/subscriptions/catalog-lookup';
import type { SubscriptionSnapshot } from '../../../server/src/subscriptions/types';
import { APP_KEY } from './console-server';

export interface SeedPeriod {
  transactionId: string;
  start: number;
  end: number;
  priceMicros?: number | null;
  currency?: string | null;
  estimated?: boolean;
  test?: boolean;
  revokedAt?: number;
}

export interface SeedEvent {
  at: number;
  eventTime?: number;
  type: string;
  source?: string;
  from?: string | null;
  to?: string | null;
  detail?: Record<string, unknown>;
}

export interface SeedSubscription {
  userKey: string;
  market: string;
  chainKey: string;
  state: string;
  productId?: string;
  group?: string;
  replacesChainKey?: string;
  replacedBy?: string;
  environment?: 'production' | 'sandbox';
  test?: boolean;
  autoRenew?: boolean;
  purchaseId?: string;
  revokedAt?: number;
  periods: SeedPeriod[];
  events: SeedEvent[];
}

const idOf = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

/**
 * A subscription with its charges and timeline, written with the subscription core's own repository
 * functions (the rows the core writes when it applies a store snapshot). The period in force is the
 * last one given.
 */
export async function seedSubscription(db: Database, s: SeedSubscription): Promise<string> {
  const subscriptionId = idOf(s.market, s.chainKey);
  const current = s.periods[s.periods.length - 1]!;
  const first = s.periods[0]!;
  const productId = s.productId ?? 'premium_pass';
  const row: SubscriptionRow = {
    subscription_id: subscriptionId,
    app_key: APP_KEY,
    user_key: s.userKey,
    entitlement_group: s.group ?? 'vip',
    product_id: productId,
    market: s.market,
    market_product_id: `market.${productId}`,
    chain_key: s.chainKey,
    replaces_chain_key: s.replacesChainKey ?? null,
    replaced_by: s.replacedBy ?? null,
    state: s.state,
    period_start: current.start,
    period_end: current.end,
    period_end_estimated: current.estimated ? 1 : 0,
    grace_end: null,
    resumes_at: null,
    auto_renew: s.autoRenew === false ? 0 : 1,
    renews_into_product_id: null,
    offer: null,
    price_consent: null,
    environment: s.environment ?? 'production',
    test: s.test ? 1 : 0,
    verified_by: 'signed',
    store_as_of: s.events.length ? s.events[s.events.length - 1]!.at : first.start,
    next_check_at: null,
    purchase_id: s.purchaseId ?? null,
    revoked_at: s.revokedAt ?? null,
    revision: s.events.length,
    created_at: first.start,
    updated_at: s.events.length ? s.events[s.events.length - 1]!.at : first.start,
  };
  await db.write(async (tx) => {
    await insertSubscription(tx, row);
    for (const p of s.periods) {
      await insertSubscriptionPeriod(tx, {
        period_id: idOf(s.market, p.transactionId),
        market: s.market,
        period_transaction_id: p.transactionId,
        subscription_id: subscriptionId,
        app_key: APP_KEY,
        product_id: productId,
        period_start: p.start,
        period_end: p.end,
        price_micros: p.priceMicros === undefined ? 4_990_000 : p.priceMicros,
        currency: p.currency === undefined ? 'USD' : p.currency,
        estimated: p.estimated ? 1 : 0,
        test: p.test || s.test ? 1 : 0,
        offer_kind: null,
        revoked_at: p.revokedAt ?? null,
        created_at: p.start,
      });
    }
    for (const [i, e] of s.events.entries()) {
      await insertSubscriptionEvent(tx, {
        event_id: idOf(subscriptionId, String(i), e.type),
        subscription_id: subscriptionId,
        app_key: APP_KEY,
        at: e.at,
        event_time: e.eventTime ?? e.at,
        type: e.type,
        source: e.source ?? 'notification',
        notification_id: null,
        from_state: e.from ?? null,
        to_state: e.to ?? null,
        revision: i + 1,
        detail: e.detail ? JSON.stringify(e.detail) : null,
      });
    }
  });
  return subscriptionId;
}

/** One store statement about a subscription, as a market folder hands it to the core, and when the server saw it. */
export interface StoreStatement {
  at: number;
  snapshot: Omit<SubscriptionSnapshot, 'asOfMs' | 'binding' | 'environment' | 'test' | 'source'> & Partial<SubscriptionSnapshot>;
  cause: ApplyCause;
}

/**
 * Applies store statements in order through the subscription core's own writer (`applySnapshot`),
 * so the rows, periods and timeline are exactly those production writes; the owner opens it.
 */
export async function applyStoreStatements(db: Database, owner: { userKey: string; purchaseId?: string }, statements: StoreStatement[]): Promise<string> {
  let subscriptionId = '';
  for (const st of statements) {
    const catalog = await loadSubscriptionCatalog(db, APP_KEY, st.snapshot.market);
    const snapshot: SubscriptionSnapshot = { asOfMs: st.at, binding: {}, environment: 'production', test: false, source: 'signed', ...st.snapshot };
    const result = await db.write((tx) => applySnapshot(tx, {
      appKey: APP_KEY, snapshot, cause: st.cause, catalog, owner: { userKey: owner.userKey, purchaseId: owner.purchaseId ?? null }, now: st.at,
    }));
    if (!('subscription' in result)) throw new Error(`the core did not apply the statement: ${JSON.stringify(result)}`);
    subscriptionId = result.subscription.subscription_id;
  }
  return subscriptionId;
}
