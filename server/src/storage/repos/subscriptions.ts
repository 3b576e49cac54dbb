import type { SqlExecutor, SqlValue } from '../types';

/** A `subscriptions` row (migration 400). Times are epoch ms; booleans 0/1. */
export interface SubscriptionRow {
  subscription_id: string;
  app_key: string;
  user_key: string;
  entitlement_group: string;
  product_id: string;
  market: string;
  market_product_id: string;
  chain_key: string;
  replaces_chain_key: string | null;
  replaced_by: string | null;
  state: string;
  period_start: number;
  period_end: number;
  period_end_estimated: number;
  grace_end: number | null;
  resumes_at: number | null;
  auto_renew: number;
  renews_into_product_id: string | null;
  offer: string | null;
  price_consent: string | null;
  environment: string;
  test: number;
  verified_by: string;
  store_as_of: number;
  next_check_at: number | null;
  purchase_id: string | null;
  revoked_at: number | null;
  revision: number;
  created_at: number;
  updated_at: number;
}

/** The columns a snapshot (or the re-check job) may change; the rest are fixed when the row opens. */
export type SubscriptionChange = Pick<
  SubscriptionRow,
  | 'product_id'
  | 'market_product_id'
  | 'entitlement_group'
  | 'state'
  | 'period_start'
  | 'period_end'
  | 'period_end_estimated'
  | 'grace_end'
  | 'resumes_at'
  | 'auto_renew'
  | 'renews_into_product_id'
  | 'offer'
  | 'price_consent'
  | 'environment'
  | 'test'
  | 'verified_by'
  | 'store_as_of'
  | 'next_check_at'
  | 'revoked_at'
  | 'replaced_by'
>;

export const SUBSCRIPTION_CHANGE_COLUMNS: ReadonlyArray<keyof SubscriptionChange> = [
  'product_id', 'market_product_id', 'entitlement_group', 'state', 'period_start', 'period_end', 'period_end_estimated', 'grace_end',
  'resumes_at', 'auto_renew', 'renews_into_product_id', 'offer', 'price_consent', 'environment', 'test', 'verified_by', 'store_as_of',
  'next_check_at', 'revoked_at', 'replaced_by',
];

const NUMERIC: ReadonlySet<string> = new Set([
  'period_start', 'period_end', 'period_end_estimated', 'grace_end', 'resumes_at', 'auto_renew', 'test', 'store_as_of', 'next_check_at',
  'revoked_at', 'revision', 'created_at', 'updated_at',
]);

/** PostgreSQL returns BIGINT as strings: one shape on both engines. */
function normalize(row: SubscriptionRow | undefined): SubscriptionRow | undefined {
  if (!row) return undefined;
  const out = { ...row } as Record<string, unknown>;
  for (const k of NUMERIC) if (out[k] !== null && out[k] !== undefined) out[k] = Number(out[k]);
  return out as unknown as SubscriptionRow;
}

export async function findSubscription(db: SqlExecutor, subscriptionId: string): Promise<SubscriptionRow | undefined> {
  return normalize(await db.get<SubscriptionRow>('SELECT * FROM subscriptions WHERE subscription_id = ?', [subscriptionId]));
}

export async function findSubscriptionByChain(db: SqlExecutor, market: string, chainKey: string): Promise<SubscriptionRow | undefined> {
  return normalize(await db.get<SubscriptionRow>('SELECT * FROM subscriptions WHERE market = ? AND chain_key = ?', [market, chainKey]));
}

export async function listUserSubscriptions(db: SqlExecutor, appKey: string, userKey: string): Promise<SubscriptionRow[]> {
  const rows = await db.all<SubscriptionRow>(
    'SELECT * FROM subscriptions WHERE app_key = ? AND user_key = ? ORDER BY created_at, subscription_id LIMIT 1000',
    [appKey, userKey],
  );
  return rows.map((r) => normalize(r)!);
}

/** Rows the re-check job should read again, oldest due first (index subscriptions_due). */
export async function dueSubscriptions(db: SqlExecutor, now: number, limit: number): Promise<SubscriptionRow[]> {
  const rows = await db.all<SubscriptionRow>(
    `SELECT * FROM subscriptions WHERE state IN ('ACTIVE', 'CANCELED_ACTIVE', 'IN_GRACE', 'ON_HOLD', 'PAUSED')
       AND next_check_at IS NOT NULL AND next_check_at <= ? ORDER BY next_check_at LIMIT ?`,
    [now, limit],
  );
  return rows.map((r) => normalize(r)!);
}

/** Inserts a new row; false when the chain already has one (another writer was first). */
export async function insertSubscription(tx: SqlExecutor, row: SubscriptionRow): Promise<boolean> {
  const cols = Object.keys(row) as Array<keyof SubscriptionRow>;
  const result = await tx.run(
    `INSERT INTO subscriptions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (market, chain_key) DO NOTHING`,
    cols.map((c) => row[c] as SqlValue),
  );
  return result.changes === 1;
}

/**
 * Compare-and-set: changes the row only if nobody changed it since `revision` was read. Two
 * instances applying the same change: PostgreSQL re-checks the WHERE after the first commits,
 * the second changes nothing and re-reads. Never an application lock.
 */
export async function updateSubscriptionIf(tx: SqlExecutor, subscriptionId: string, revision: number, change: SubscriptionChange, now: number): Promise<boolean> {
  const sets = SUBSCRIPTION_CHANGE_COLUMNS.map((c) => `${c} = ?`).join(', ');
  const result = await tx.run(
    `UPDATE subscriptions SET ${sets}, revision = revision + 1, updated_at = ? WHERE subscription_id = ? AND revision = ?`,
    [...SUBSCRIPTION_CHANGE_COLUMNS.map((c) => change[c] as SqlValue), now, subscriptionId, revision],
  );
  return result.changes === 1;
}

/** Moves only the re-check time (no state change, no revision bump: it is bookkeeping). */
export async function setNextCheck(tx: SqlExecutor, subscriptionId: string, revision: number, nextCheckAt: number | null): Promise<boolean> {
  const result = await tx.run('UPDATE subscriptions SET next_check_at = ? WHERE subscription_id = ? AND revision = ?', [nextCheckAt, subscriptionId, revision]);
  return result.changes === 1;
}

export interface SubscriptionEventRow {
  event_id: string;
  subscription_id: string;
  app_key: string;
  at: number;
  event_time: number | null;
  type: string;
  source: string;
  notification_id: string | null;
  from_state: string | null;
  to_state: string | null;
  revision: number;
  detail: string | null;
}

/** Inserts a timeline row; false when its (deterministic) id is already there: a replay. */
export async function insertSubscriptionEvent(tx: SqlExecutor, e: SubscriptionEventRow): Promise<boolean> {
  const result = await tx.run(
    `INSERT INTO subscription_events (event_id, subscription_id, app_key, at, event_time, type, source, notification_id, from_state, to_state, revision, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    [e.event_id, e.subscription_id, e.app_key, e.at, e.event_time, e.type, e.source, e.notification_id, e.from_state, e.to_state, e.revision, e.detail],
  );
  return result.changes === 1;
}

export async function listSubscriptionEvents(db: SqlExecutor, subscriptionId: string): Promise<SubscriptionEventRow[]> {
  const rows = await db.all<SubscriptionEventRow>('SELECT * FROM subscription_events WHERE subscription_id = ? ORDER BY at, revision, event_id', [subscriptionId]);
  return rows.map((r) => ({ ...r, at: Number(r.at), revision: Number(r.revision), event_time: r.event_time === null ? null : Number(r.event_time) }));
}

export interface SubscriptionPeriodRow {
  period_id: string;
  market: string;
  period_transaction_id: string;
  subscription_id: string;
  app_key: string;
  product_id: string;
  period_start: number;
  period_end: number;
  price_micros: number | null;
  currency: string | null;
  estimated: number;
  test: number;
  offer_kind: string | null;
  revoked_at: number | null;
  created_at: number;
}

/** One row per charge; false when the store transaction is already recorded. */
export async function insertSubscriptionPeriod(tx: SqlExecutor, p: SubscriptionPeriodRow): Promise<boolean> {
  const result = await tx.run(
    `INSERT INTO subscription_periods (period_id, market, period_transaction_id, subscription_id, app_key, product_id, period_start, period_end,
       price_micros, currency, estimated, test, offer_kind, revoked_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (market, period_transaction_id) DO NOTHING`,
    [p.period_id, p.market, p.period_transaction_id, p.subscription_id, p.app_key, p.product_id, p.period_start, p.period_end,
      p.price_micros, p.currency, p.estimated, p.test, p.offer_kind, p.revoked_at, p.created_at],
  );
  return result.changes === 1;
}

/** Marks the subscription's periods revoked from `at` on (a refund takes back the charge of the period in force). */
export async function revokeSubscriptionPeriods(tx: SqlExecutor, subscriptionId: string, at: number): Promise<void> {
  await tx.run('UPDATE subscription_periods SET revoked_at = ? WHERE subscription_id = ? AND revoked_at IS NULL AND period_end > ?', [at, subscriptionId, at]);
}

export async function listSubscriptionPeriods(db: SqlExecutor, subscriptionId: string): Promise<SubscriptionPeriodRow[]> {
  const rows = await db.all<SubscriptionPeriodRow>('SELECT * FROM subscription_periods WHERE subscription_id = ? ORDER BY period_start, period_id', [subscriptionId]);
  return rows.map((r) => ({
    ...r,
    period_start: Number(r.period_start),
    period_end: Number(r.period_end),
    price_micros: r.price_micros === null ? null : Number(r.price_micros),
    revoked_at: r.revoked_at === null ? null : Number(r.revoked_at),
    created_at: Number(r.created_at),
  }));
}

/** Names the purchase that started a subscription a store notification opened (only while it has none). */
export async function attachPurchase(tx: SqlExecutor, row: SubscriptionRow, purchaseId: string): Promise<SubscriptionRow> {
  await tx.run('UPDATE subscriptions SET purchase_id = ? WHERE subscription_id = ? AND purchase_id IS NULL', [purchaseId, row.subscription_id]);
  return (await findSubscription(tx, row.subscription_id)) ?? row;
}
