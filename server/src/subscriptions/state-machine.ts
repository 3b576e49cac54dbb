import { GRANTING_STATES } from '../../../assets/common-billing/protocol/entitlements';
import { addPeriod, type Period } from './period';
import type { SubscriptionEventType, SubscriptionState } from './types';

/**
 * The pure rules of the subscription core: what an event without a store snapshot implies,
 * which timeline event a change is, and when to look at a subscription again. No I/O, no clock:
 * every time is passed in (tests/server/subscriptions/state-machine.spec.ts drives them as tables).
 */

/** The part of a subscription the rules look at. */
export interface SubscriptionFacts {
  state: SubscriptionState;
  periodStartMs: number;
  periodEndMs: number;
  periodEndEstimated: boolean;
  graceEndMs?: number;
  resumesAtMs?: number;
  autoRenew: boolean;
  revokedAtMs?: number;
  marketProductId: string;
  renewsIntoMarketProductId?: string;
  priceConsent?: string;
  offerKind?: string;
}

/** Timeline types beyond the store's events: opened, closed by a replacement, a change with no store event named, the server's own expiry. */
export type TimelineEventType = SubscriptionEventType | 'STARTED' | 'REPLACED' | 'STATE_CHANGED' | 'UPDATED';

export const FINAL_STATES: readonly SubscriptionState[] = ['EXPIRED', 'REVOKED'];

export function isGranting(state: string): boolean {
  return (GRANTING_STATES as readonly string[]).includes(state);
}

/** A renewal's period: from the end of the last one, moved on whole periods until it covers `atMs`. */
function periodCovering(fromMs: number, atMs: number, period: Period): { periodStartMs: number; periodEndMs: number } {
  let start = fromMs;
  let end = addPeriod(start, period);
  // Bounded: a row years behind (a store silent for long) catches up in at most 1,000 steps.
  for (let i = 0; i < 1000 && end <= atMs; i++) {
    start = end;
    end = addPeriod(start, period);
  }
  return { periodStartMs: start, periodEndMs: end };
}

/** How long before a period's end a store charges the renewal, at most (App Store: up to a day; margin doubled). */
export const RENEWAL_LEAD_MS = 2 * 86_400_000;

/**
 * The state an authenticated store notification implies when it carries no snapshot and the
 * market has no subscription API configured: the event alone, applied to what we know. Periods
 * then come from the catalog (`period`) and are marked estimated. Undefined = the event changes
 * no state (a timeline note: PAUSE_SCHEDULED, PRICE_CHANGE, OFFER_REDEEMED, CHANGED, EXTENDED
 * without a new end, NOTE).
 */
export function impliedState(event: SubscriptionEventType, row: SubscriptionFacts, at: { eventTimeMs: number; period: Period }): SubscriptionFacts | undefined {
  const t = at.eventTimeMs;
  const base: SubscriptionFacts = { ...row };
  const renewed = (from: number): SubscriptionFacts => ({
    ...base,
    state: 'ACTIVE',
    ...periodCovering(from, t, at.period),
    periodEndEstimated: true,
    graceEndMs: undefined,
    resumesAtMs: undefined,
    revokedAtMs: undefined,
    autoRenew: true,
  });
  switch (event) {
    case 'PURCHASED':
      // A resubscribe of a chain we know (an ended one comes back; a live one is unchanged).
      return FINAL_STATES.includes(row.state) || row.periodEndMs <= t ? renewed(t) : undefined;
    case 'RENEWED':
      // A renewal charges near the period's end; one from long before it is one already counted
      // (the store sent the news twice under two ids), so it changes nothing.
      return t >= row.periodEndMs - RENEWAL_LEAD_MS ? renewed(row.periodEndMs) : undefined;
    case 'RECOVERED':
      // From grace the period keeps its anchor; after a hold the store restarts it at the recovery.
      return renewed(row.state === 'IN_GRACE' ? row.periodEndMs : t);
    case 'RESUMED':
      return row.state === 'PAUSED' || row.state === 'ON_HOLD' ? renewed(t) : row.state === 'ACTIVE' ? undefined : { ...base, state: 'ACTIVE', autoRenew: true };
    case 'GRACE_STARTED':
      return FINAL_STATES.includes(row.state) ? undefined : { ...base, state: 'IN_GRACE', autoRenew: true };
    case 'ON_HOLD':
      return FINAL_STATES.includes(row.state) ? undefined : { ...base, state: 'ON_HOLD', autoRenew: true, graceEndMs: undefined };
    case 'PAUSED':
      return FINAL_STATES.includes(row.state) ? undefined : { ...base, state: 'PAUSED' };
    case 'CANCELED':
      if (FINAL_STATES.includes(row.state)) return undefined;
      // Still paid to the period end; in grace / hold / pause the state stays, only renewal stops.
      return { ...base, state: row.state === 'ACTIVE' ? 'CANCELED_ACTIVE' : row.state, autoRenew: false };
    case 'UNCANCELED':
      if (FINAL_STATES.includes(row.state)) return undefined;
      return { ...base, state: row.state === 'CANCELED_ACTIVE' ? 'ACTIVE' : row.state, autoRenew: true };
    case 'EXPIRED':
      return row.state === 'EXPIRED' || row.state === 'REVOKED' ? undefined : { ...base, state: 'EXPIRED', autoRenew: false, graceEndMs: undefined };
    case 'REVOKED':
      return row.state === 'REVOKED' ? undefined : { ...base, state: 'REVOKED', autoRenew: false, revokedAtMs: t };
    case 'REFUND_REVERSED':
      if (row.state !== 'REVOKED') return undefined;
      return { ...base, state: row.periodEndMs > t ? (row.autoRenew ? 'ACTIVE' : 'CANCELED_ACTIVE') : 'EXPIRED', revokedAtMs: undefined };
    case 'PAUSE_SCHEDULED':
    case 'CHANGED':
    case 'PRICE_CHANGE':
    case 'OFFER_REDEEMED':
    case 'EXTENDED':
    case 'NOTE':
      return undefined;
  }
}

/** The timeline event a change from `before` to `after` is (`before` undefined: the subscription opens). */
export function classifyChange(before: SubscriptionFacts | undefined, after: SubscriptionFacts): TimelineEventType | undefined {
  if (!before) return 'STARTED';
  const from = before.state;
  const to = after.state;
  if (to !== from) {
    if (to === 'REVOKED') return 'REVOKED';
    if (to === 'EXPIRED') return 'EXPIRED';
    if (to === 'IN_GRACE') return 'GRACE_STARTED';
    if (to === 'ON_HOLD') return 'ON_HOLD';
    if (to === 'PAUSED') return 'PAUSED';
    if (from === 'REVOKED') return 'REFUND_REVERSED';
    if (from === 'IN_GRACE' || from === 'ON_HOLD') return 'RECOVERED';
    if (from === 'PAUSED') return 'RESUMED';
    if (from === 'ACTIVE' && to === 'CANCELED_ACTIVE') return 'CANCELED';
    if (from === 'CANCELED_ACTIVE' && to === 'ACTIVE' && after.periodEndMs === before.periodEndMs) return 'UNCANCELED';
    if (from === 'EXPIRED') return 'PURCHASED';
    if (after.periodEndMs > before.periodEndMs) return 'RENEWED';
    return 'STATE_CHANGED';
  }
  if (after.periodEndMs > before.periodEndMs && after.periodStartMs >= before.periodEndMs - 1) return 'RENEWED';
  // A product change before a moved end: an immediate upgrade starts a new, prorated period (Apple),
  // which is a change of plan for the game (entitlement.changed), not an extension.
  if (after.marketProductId !== before.marketProductId || after.renewsIntoMarketProductId !== before.renewsIntoMarketProductId) return 'CHANGED';
  if (after.periodEndMs !== before.periodEndMs) return 'EXTENDED';
  if (after.priceConsent !== before.priceConsent) return 'PRICE_CHANGE';
  if (after.autoRenew !== before.autoRenew) return after.autoRenew ? 'UNCANCELED' : 'CANCELED';
  if (after.offerKind !== before.offerKind) return 'OFFER_REDEEMED';
  if (after.graceEndMs !== before.graceEndMs || after.resumesAtMs !== before.resumesAtMs || after.periodEndEstimated !== before.periodEndEstimated) return 'UPDATED';
  return undefined;
}

/** How long before a period ends the re-check reads it, and how long after an end passes before the server expires it on its own. */
export const RECHECK_BEFORE_END_MS = 60 * 60_000;
export const EXPIRY_MARGIN_MS = 10 * 60_000;
/** Re-read at this pace once due and still undecided (the store API failed, or a hold with no end given). */
export const RECHECK_RETRY_MS = 60 * 60_000;

/**
 * How long a state with no end the store named lasts at most, from the period end: the longest
 * grace, account hold and pause the stores offer (grace up to 30 days; hold up to 60 days after
 * the period; a pause up to 3 months). Past it, without a store signal, the server expires it.
 */
export const UNKNOWN_END_MS = { IN_GRACE: 30 * 86_400_000, ON_HOLD: 60 * 86_400_000, PAUSED: 92 * 86_400_000 } as const;

/** When a subscription ends by itself if no store signal comes: the period's end, grace's end, the pause's end. Null for a final state. */
export function naturalEndMs(facts: Pick<SubscriptionFacts, 'state' | 'periodEndMs' | 'graceEndMs' | 'resumesAtMs'>): number | null {
  switch (facts.state) {
    case 'ACTIVE':
    case 'CANCELED_ACTIVE':
      return facts.periodEndMs;
    case 'IN_GRACE':
      return facts.graceEndMs ?? facts.periodEndMs + UNKNOWN_END_MS.IN_GRACE;
    case 'ON_HOLD':
      return facts.graceEndMs ?? facts.periodEndMs + UNKNOWN_END_MS.ON_HOLD;
    case 'PAUSED':
      return facts.resumesAtMs ?? facts.periodEndMs + UNKNOWN_END_MS.PAUSED;
    case 'EXPIRED':
    case 'REVOKED':
      return null;
  }
}

/**
 * When to look at a subscription again: an hour before the moment it would change by itself
 * (naturalEndMs), then again just after it, then hourly while still undecided. Never for a final state.
 */
export function nextCheckAt(facts: Pick<SubscriptionFacts, 'state' | 'periodEndMs' | 'graceEndMs' | 'resumesAtMs'>, nowMs: number): number | null {
  const target = naturalEndMs(facts);
  if (target === null) return null;
  if (nowMs < target - RECHECK_BEFORE_END_MS) return target - RECHECK_BEFORE_END_MS;
  if (nowMs < target + EXPIRY_MARGIN_MS) return target + EXPIRY_MARGIN_MS;
  return nowMs + RECHECK_RETRY_MS;
}
