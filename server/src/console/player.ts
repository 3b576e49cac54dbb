import { loadEntitlements } from '../domain/entitlements';
import type { SqlExecutor } from '../storage/types';
import type { PlayerEntitlements, SubscriptionTimeline } from './subscription-schemas';
import { SUBSCRIPTION_COLUMNS, toEventEntry, toPeriodEntry, toSubscriptionRow, type EventDbRow, type PeriodDbRow, type SubscriptionDbRow } from './subscription-rows';

/** A player keeps few subscriptions; the bounds only keep one odd player from filling a page. */
const MAX_SUBSCRIPTIONS = 50;
const MAX_ROWS_PER_TIMELINE = 500;

/** One subscription with its charges (oldest first) and its store events in the order they were applied. */
export async function loadTimeline(db: SqlExecutor, row: SubscriptionDbRow): Promise<SubscriptionTimeline> {
  const [periods, events] = await Promise.all([
    db.all<PeriodDbRow>(
      `SELECT period_transaction_id, period_start, period_end, price_micros, currency, estimated, test, revoked_at
       FROM subscription_periods WHERE subscription_id = ? ORDER BY period_start, period_id LIMIT ?`,
      [row.subscription_id, MAX_ROWS_PER_TIMELINE],
    ),
    db.all<EventDbRow>(
      `SELECT at, event_time, type, source, from_state, to_state, detail
       FROM subscription_events WHERE subscription_id = ? ORDER BY at, revision, event_id LIMIT ?`,
      [row.subscription_id, MAX_ROWS_PER_TIMELINE],
    ),
  ]);
  return { subscription: toSubscriptionRow(row), periods: periods.map(toPeriodEntry), events: events.map(toEventEntry) };
}

/**
 * What the game would be told about this player now (the core's `loadEntitlements`, so support
 * sees exactly the game's answer), and every subscription of the player with its timeline,
 * newest first.
 */
export async function loadPlayer(db: SqlExecutor, appKey: string, userKey: string, now: number): Promise<PlayerEntitlements> {
  const [answer, rows] = await Promise.all([
    loadEntitlements(db, appKey, userKey, now),
    db.all<SubscriptionDbRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions s WHERE s.app_key = ? AND s.user_key = ?
       ORDER BY s.created_at DESC, s.subscription_id DESC LIMIT ?`,
      [appKey, userKey, MAX_SUBSCRIPTIONS],
    ),
  ]);
  const subscriptions = await Promise.all(rows.map((row) => loadTimeline(db, row)));
  return { appKey, userKey, asOf: answer.asOf, entitlements: answer.entitlements, subscriptions };
}
