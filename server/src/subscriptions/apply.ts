import { createHash } from 'node:crypto';
import {
  findSubscriptionByChain,
  insertSubscription,
  insertSubscriptionEvent,
  insertSubscriptionPeriod,
  revokeSubscriptionPeriods,
  updateSubscriptionIf,
  type SubscriptionChange,
  type SubscriptionRow,
} from '../storage/repos/subscriptions';
import type { SqlExecutor } from '../storage/types';
import type { SubscriptionCatalog, SubscriptionProduct } from './catalog';
import { factsOfRow } from './row-facts';
import { classifyChange, nextCheckAt, type SubscriptionFacts, type TimelineEventType } from './state-machine';
import type { SubscriptionEventType, SubscriptionSnapshot, SubscriptionState } from './types';

/** What brought a snapshot: it names the timeline entry (and its deterministic id). */
export interface ApplyCause {
  source: 'receipt' | 'notification' | 'recheck' | 'store-script' | 'console';
  /** The store notification (market, id): one timeline entry per notification and subscription. */
  notificationId?: string;
  /** The store event the notification named (kept on the timeline; the change itself decides the type). */
  event?: SubscriptionEventType;
  storeType?: string;
  eventTimeMs?: number;
  /** Why, in words, when the server decided (the re-check's own expiry). */
  reason?: string;
}

export interface ApplyInput {
  appKey: string;
  snapshot: SubscriptionSnapshot;
  cause: ApplyCause;
  /** The app's subscription products for the snapshot's market (catalog-lookup.ts). */
  catalog: SubscriptionCatalog;
  /** Who owns it when it opens now (a receipt): absent = only an existing row changes (a notification). */
  owner?: { userKey: string; purchaseId: string | null };
  now: number;
}

export type ApplyResult =
  | { outcome: 'opened' | 'changed' | 'unchanged' | 'stale'; subscription: SubscriptionRow; events: string[] }
  /** No row for the chain and nothing to open it with (an unknown chain, a product not in the catalog). */
  | { outcome: 'unmatched'; reason: 'unknown-chain' | 'unknown-product' }
  /** The chain belongs to another user or app (a receipt: RECEIPT_ALREADY_USED). */
  | { outcome: 'other-owner'; subscription: SubscriptionRow };

const MAX_ATTEMPTS = 8;

/**
 * The one writer of `subscriptions`: applies what the store says (a snapshot) and the event that
 * brought it, inside the caller's write transaction. A snapshot older than the newest applied
 * (`store_as_of`) changes no state (a late RENEWED after EXPIRED keeps the later truth), though a
 * charge it names is still recorded as a period. Every change is a compare-and-set on `revision`:
 * two instances applying the same snapshot change the row once, the other re-reads and finds it
 * done. Timeline ids are derived from the cause, so a replay inserts nothing.
 */
export async function applySnapshot(tx: SqlExecutor, input: ApplyInput): Promise<ApplyResult> {
  const s = input.snapshot;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const row = await findSubscriptionByChain(tx, s.market, s.chainKey);
    if (!row) {
      const opened = await open(tx, input);
      if (opened === 'raced') continue;
      return opened;
    }
    if (row.app_key !== input.appKey || (input.owner && input.owner.userKey !== row.user_key)) return { outcome: 'other-owner', subscription: row };
    const product = input.catalog.get(s.marketProductId);
    await recordPeriod(tx, row, s, product ?? productOf(row, input.catalog), input.now);
    if (s.asOfMs < row.store_as_of) return { outcome: 'stale', subscription: row, events: await note(tx, row, input, 'stale') };
    const before = factsOfRow(row);
    const after = factsOfSnapshot(s, row);
    const type = classifyChange(before, after);
    const change = changeFor(row, s, product, after, input.now);
    if (!type && s.asOfMs === row.store_as_of && sameChange(row, change)) {
      return { outcome: 'unchanged', subscription: row, events: await note(tx, row, input, 'unchanged') };
    }
    if (!(await updateSubscriptionIf(tx, row.subscription_id, row.revision, change, input.now))) continue;
    const updated: SubscriptionRow = { ...row, ...change, revision: row.revision + 1, updated_at: input.now };
    const events: string[] = [];
    if (type) {
      const id = await addEvent(tx, updated, input, type, row.state, updated.state, timelineDetail(input, before, after));
      if (id) events.push(id);
    } else {
      events.push(...(await note(tx, updated, input, 'confirmed')));
    }
    if (updated.state === 'REVOKED' && row.state !== 'REVOKED') await revokeSubscriptionPeriods(tx, row.subscription_id, updated.revoked_at ?? input.now);
    if (s.replacesChainKey) events.push(...(await closeReplaced(tx, updated, s.replacesChainKey, input)));
    return { outcome: 'changed', subscription: updated, events };
  }
  throw new Error(`Subscription ${s.market}/${s.chainKey}: ${MAX_ATTEMPTS} concurrent changes in a row; giving up (the caller retries).`);
}

/** The deterministic id of a subscription (one per market chain): replays and racing instances agree on it. */
export function subscriptionIdFor(market: string, chainKey: string): string {
  return `sub_${createHash('sha256').update(`${market}\n${chainKey}`).digest('hex').slice(0, 32)}`;
}

async function open(tx: SqlExecutor, input: ApplyInput): Promise<ApplyResult | 'raced'> {
  const s = input.snapshot;
  const product = input.catalog.get(s.marketProductId);
  // An upgrade the store announces before the device sends its receipt: the new chain belongs to the old one's player.
  const replaced = s.replacesChainKey ? await findSubscriptionByChain(tx, s.market, s.replacesChainKey) : undefined;
  const owner = input.owner ?? (replaced && replaced.app_key === input.appKey ? { userKey: replaced.user_key, purchaseId: null } : undefined);
  if (!owner) return { outcome: 'unmatched', reason: 'unknown-chain' };
  if (!product) return { outcome: 'unmatched', reason: 'unknown-product' };
  const after = factsOfSnapshot(s, undefined);
  const row: SubscriptionRow = {
    subscription_id: subscriptionIdFor(s.market, s.chainKey),
    app_key: input.appKey,
    user_key: owner.userKey,
    market: s.market,
    chain_key: s.chainKey,
    replaces_chain_key: s.replacesChainKey ?? null,
    ...changeFor(undefined, s, product, after, input.now),
    purchase_id: owner.purchaseId,
    revision: 0,
    created_at: input.now,
    updated_at: input.now,
  };
  if (!(await insertSubscription(tx, row))) return 'raced';
  const events: string[] = [];
  const id = await addEvent(tx, row, input, 'STARTED', null, row.state, timelineDetail(input, undefined, after));
  if (id) events.push(id);
  await recordPeriod(tx, row, s, product, input.now);
  if (s.replacesChainKey) events.push(...(await closeReplaced(tx, row, s.replacesChainKey, input)));
  return { outcome: 'opened', subscription: row, events };
}

/** Google-style replacement: the old chain ends (EXPIRED, `replaced_by` set) exactly once. */
async function closeReplaced(tx: SqlExecutor, successor: SubscriptionRow, oldChainKey: string, input: ApplyInput): Promise<string[]> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const old = await findSubscriptionByChain(tx, successor.market, oldChainKey);
    if (!old || old.replaced_by || old.app_key !== successor.app_key || old.subscription_id === successor.subscription_id) return [];
    const state: SubscriptionState = old.state === 'REVOKED' ? 'REVOKED' : 'EXPIRED';
    const change: SubscriptionChange = { ...changeOfRow(old), state, auto_renew: 0, next_check_at: null, replaced_by: successor.subscription_id };
    if (!(await updateSubscriptionIf(tx, old.subscription_id, old.revision, change, input.now))) continue;
    const closed = { ...old, ...change, revision: old.revision + 1 };
    const id = await insertEvent(tx, closed, {
      eventId: eventId(old.subscription_id, 'REPLACED'),
      type: 'REPLACED',
      input,
      from: old.state,
      to: state,
      detail: { replacedBy: successor.subscription_id, chainKey: successor.chain_key },
    });
    return id ? [id] : [];
  }
  throw new Error(`Subscription ${successor.market}/${oldChainKey}: could not close it after ${MAX_ATTEMPTS} concurrent changes.`);
}

async function recordPeriod(tx: SqlExecutor, row: SubscriptionRow, s: SubscriptionSnapshot, product: SubscriptionProduct | undefined, now: number): Promise<void> {
  if (!s.periodTransactionId) return;
  const price = s.charged ? { micros: s.charged.priceMicros, currency: s.charged.currency, estimated: 0 } : product?.price ? { micros: product.price.amountMicros, currency: product.price.currency, estimated: 1 } : { micros: null, currency: null, estimated: 1 };
  await insertSubscriptionPeriod(tx, {
    period_id: `per_${createHash('sha256').update(`${s.market}\n${s.periodTransactionId}`).digest('hex').slice(0, 32)}`,
    market: s.market,
    period_transaction_id: s.periodTransactionId,
    subscription_id: row.subscription_id,
    app_key: row.app_key,
    product_id: product?.productId ?? row.product_id,
    period_start: s.periodStartMs,
    period_end: s.periodEndMs,
    price_micros: price.micros,
    currency: price.currency,
    estimated: price.estimated,
    test: s.test ? 1 : 0,
    offer_kind: s.offer?.kind ?? null,
    revoked_at: s.state === 'REVOKED' ? s.asOfMs : null,
    created_at: now,
  });
}

function productOf(row: SubscriptionRow, catalog: SubscriptionCatalog): SubscriptionProduct | undefined {
  for (const p of catalog.values()) if (p.productId === row.product_id) return p;
  return undefined;
}

function factsOfSnapshot(s: SubscriptionSnapshot, row: SubscriptionRow | undefined): SubscriptionFacts {
  return {
    state: s.state,
    periodStartMs: s.periodStartMs,
    periodEndMs: s.periodEndMs,
    periodEndEstimated: s.periodEndEstimated === true,
    graceEndMs: s.graceEndMs,
    resumesAtMs: s.resumesAtMs,
    autoRenew: s.autoRenew,
    revokedAtMs: s.state === 'REVOKED' ? row?.revoked_at ?? s.asOfMs : undefined,
    marketProductId: s.marketProductId,
    renewsIntoMarketProductId: s.renewsIntoMarketProductId,
    priceConsent: s.priceConsent,
    offerKind: s.offer?.kind,
  };
}

function changeOfRow(row: SubscriptionRow): SubscriptionChange {
  const { product_id, market_product_id, entitlement_group, state, period_start, period_end, period_end_estimated, grace_end, resumes_at, auto_renew,
    renews_into_product_id, offer, price_consent, environment, test, verified_by, store_as_of, next_check_at, revoked_at, replaced_by } = row;
  return { product_id, market_product_id, entitlement_group, state, period_start, period_end, period_end_estimated, grace_end, resumes_at, auto_renew,
    renews_into_product_id, offer, price_consent, environment, test, verified_by, store_as_of, next_check_at, revoked_at, replaced_by };
}

function changeFor(row: SubscriptionRow | undefined, s: SubscriptionSnapshot, product: SubscriptionProduct | undefined, after: SubscriptionFacts, now: number): SubscriptionChange {
  return {
    product_id: product?.productId ?? row?.product_id ?? '',
    market_product_id: s.marketProductId,
    entitlement_group: product?.group ?? row?.entitlement_group ?? '',
    state: s.state,
    period_start: s.periodStartMs,
    period_end: s.periodEndMs,
    period_end_estimated: s.periodEndEstimated ? 1 : 0,
    grace_end: s.graceEndMs ?? null,
    resumes_at: s.resumesAtMs ?? null,
    auto_renew: s.autoRenew ? 1 : 0,
    renews_into_product_id: s.renewsIntoMarketProductId ?? null,
    offer: s.offer ? JSON.stringify(s.offer) : null,
    price_consent: s.priceConsent ?? null,
    environment: s.environment,
    test: s.test ? 1 : 0,
    verified_by: s.source,
    store_as_of: Math.max(s.asOfMs, row?.store_as_of ?? 0),
    next_check_at: nextCheckAt(after, now),
    revoked_at: after.revokedAtMs ?? null,
    replaced_by: row?.replaced_by ?? null,
  };
}

/** True when the change would write what the row already holds (the re-check time aside). */
function sameChange(row: SubscriptionRow, change: SubscriptionChange): boolean {
  return Object.entries(change).every(([k, v]) => k === 'next_check_at' || row[k as keyof SubscriptionRow] === v);
}

function timelineDetail(input: ApplyInput, before: SubscriptionFacts | undefined, after: SubscriptionFacts): Record<string, unknown> {
  return {
    ...(input.cause.event ? { storeEvent: input.cause.event } : {}),
    ...(input.cause.storeType ? { storeType: input.cause.storeType } : {}),
    ...(input.cause.reason ? { reason: input.cause.reason } : {}),
    verifiedBy: input.snapshot.source,
    periodStart: after.periodStartMs,
    periodEnd: after.periodEndMs,
    ...(after.periodEndEstimated ? { periodEndEstimated: true } : {}),
    ...(before && before.periodEndMs !== after.periodEndMs ? { previousPeriodEnd: before.periodEndMs } : {}),
    ...(before && before.marketProductId !== after.marketProductId ? { previousProduct: before.marketProductId } : {}),
    autoRenew: after.autoRenew,
    ...(input.snapshot.periodTransactionId ? { periodTransactionId: input.snapshot.periodTransactionId } : {}),
  };
}

/** A store notification that changed nothing still shows on the timeline, once (NOTE, no webhook). */
async function note(tx: SqlExecutor, row: SubscriptionRow, input: ApplyInput, why: 'stale' | 'unchanged' | 'confirmed'): Promise<string[]> {
  if (!input.cause.notificationId) return [];
  // Already on the timeline (the event that opened it came with this very notification).
  const seen = await tx.get('SELECT 1 AS seen FROM subscription_events WHERE subscription_id = ? AND notification_id = ?', [row.subscription_id, input.cause.notificationId]);
  if (seen) return [];
  const id = await addEvent(tx, row, input, 'NOTE', row.state, row.state, { why, ...(input.cause.event ? { storeEvent: input.cause.event } : {}), ...(input.cause.storeType ? { storeType: input.cause.storeType } : {}), storeAsOf: input.snapshot.asOfMs });
  return id ? [id] : [];
}

async function addEvent(tx: SqlExecutor, row: SubscriptionRow, input: ApplyInput, type: TimelineEventType, from: string | null, to: string, detail: Record<string, unknown>): Promise<string | undefined> {
  const c = input.cause;
  const key = type === 'STARTED'
    ? 'STARTED'
    : c.notificationId
      ? `n:${c.notificationId}`
      : `${c.source}:${type}:${input.snapshot.asOfMs}:${to}:${row.period_end}:${input.snapshot.periodTransactionId ?? ''}`;
  return insertEvent(tx, row, { eventId: eventId(row.subscription_id, key), type, input, from, to, detail });
}

async function insertEvent(
  tx: SqlExecutor,
  row: SubscriptionRow,
  e: { eventId: string; type: TimelineEventType; input: ApplyInput; from: string | null; to: string; detail: Record<string, unknown> },
): Promise<string | undefined> {
  const c = e.input.cause;
  const inserted = await insertSubscriptionEvent(tx, {
    event_id: e.eventId,
    subscription_id: row.subscription_id,
    app_key: row.app_key,
    at: e.input.now,
    event_time: c.eventTimeMs ?? e.input.snapshot.asOfMs,
    type: e.type,
    source: c.source,
    notification_id: c.notificationId ?? null,
    from_state: e.from,
    to_state: e.to,
    revision: row.revision,
    detail: JSON.stringify(e.detail),
  });
  return inserted ? e.eventId : undefined;
}

function eventId(subscriptionId: string, key: string): string {
  return `sev_${createHash('sha256').update(`${subscriptionId}\n${key}`).digest('hex').slice(0, 32)}`;
}
