import { expect } from 'chai';
import { parsePeriod } from '../../../server/src/subscriptions/period';
import { classifyChange, EXPIRY_MARGIN_MS, impliedState, nextCheckAt, RECHECK_BEFORE_END_MS, RECHECK_RETRY_MS, UNKNOWN_END_MS, type SubscriptionFacts } from '../../../server/src/subscriptions/state-machine';
import type { SubscriptionEventType, SubscriptionState } from '../../../server/src/subscriptions/types';

const DAY = 86_400_000;
const JAN1 = Date.UTC(2026, 0, 1);
const FEB1 = Date.UTC(2026, 1, 1);
const MAR1 = Date.UTC(2026, 2, 1);
const month = parsePeriod('P1M')!;

function row(state: SubscriptionState, extra: Partial<SubscriptionFacts> = {}): SubscriptionFacts {
  return { state, periodStartMs: JAN1, periodEndMs: FEB1, periodEndEstimated: false, autoRenew: state !== 'CANCELED_ACTIVE', marketProductId: 'vip_month', ...extra };
}

/** [event, state before, event time, expected: undefined = no state change, else the fields that change]. */
const TABLE: Array<[SubscriptionEventType, SubscriptionState, number, Partial<SubscriptionFacts> | undefined]> = [
  ['RENEWED', 'ACTIVE', FEB1 - DAY, { state: 'ACTIVE', periodStartMs: FEB1, periodEndMs: MAR1, periodEndEstimated: true }],
  ['RENEWED', 'ACTIVE', FEB1 - 5 * DAY, undefined], // long before the end: a renewal already counted, sent again
  ['RENEWED', 'IN_GRACE', FEB1 + 2 * DAY, { state: 'ACTIVE', periodStartMs: FEB1, periodEndMs: MAR1, periodEndEstimated: true }],
  // Later truth by event time: a renewal months after the end catches the period up to the event.
  ['RENEWED', 'EXPIRED', Date.UTC(2026, 3, 10), { state: 'ACTIVE', periodStartMs: Date.UTC(2026, 3, 1), periodEndMs: Date.UTC(2026, 4, 1), periodEndEstimated: true }],
  ['RECOVERED', 'IN_GRACE', FEB1 + 3 * DAY, { state: 'ACTIVE', periodStartMs: FEB1, periodEndMs: MAR1 }],
  ['RECOVERED', 'ON_HOLD', Date.UTC(2026, 1, 20), { state: 'ACTIVE', periodStartMs: Date.UTC(2026, 1, 20), periodEndMs: Date.UTC(2026, 2, 20) }],
  ['GRACE_STARTED', 'ACTIVE', FEB1, { state: 'IN_GRACE', autoRenew: true }],
  ['GRACE_STARTED', 'EXPIRED', FEB1, undefined],
  ['ON_HOLD', 'IN_GRACE', FEB1 + 7 * DAY, { state: 'ON_HOLD' }],
  ['ON_HOLD', 'REVOKED', FEB1, undefined],
  ['PAUSED', 'ACTIVE', FEB1, { state: 'PAUSED' }],
  ['PAUSE_SCHEDULED', 'ACTIVE', JAN1 + DAY, undefined],
  ['RESUMED', 'PAUSED', Date.UTC(2026, 2, 5), { state: 'ACTIVE', periodStartMs: Date.UTC(2026, 2, 5), periodEndMs: Date.UTC(2026, 3, 5) }],
  ['RESUMED', 'ACTIVE', JAN1 + DAY, undefined],
  ['CANCELED', 'ACTIVE', JAN1 + DAY, { state: 'CANCELED_ACTIVE', autoRenew: false, periodEndMs: FEB1 }],
  ['CANCELED', 'IN_GRACE', FEB1 + DAY, { state: 'IN_GRACE', autoRenew: false }],
  ['CANCELED', 'EXPIRED', FEB1 + DAY, undefined],
  ['UNCANCELED', 'CANCELED_ACTIVE', JAN1 + 2 * DAY, { state: 'ACTIVE', autoRenew: true, periodEndMs: FEB1 }],
  ['UNCANCELED', 'EXPIRED', FEB1 + DAY, undefined],
  ['EXPIRED', 'CANCELED_ACTIVE', FEB1, { state: 'EXPIRED', autoRenew: false }],
  ['EXPIRED', 'ON_HOLD', MAR1, { state: 'EXPIRED' }],
  ['EXPIRED', 'EXPIRED', MAR1, undefined],
  ['EXPIRED', 'REVOKED', MAR1, undefined],
  ['REVOKED', 'ACTIVE', JAN1 + 5 * DAY, { state: 'REVOKED', autoRenew: false, revokedAtMs: JAN1 + 5 * DAY }],
  ['REVOKED', 'EXPIRED', MAR1, { state: 'REVOKED', revokedAtMs: MAR1 }],
  ['REVOKED', 'REVOKED', MAR1, undefined],
  ['REFUND_REVERSED', 'REVOKED', JAN1 + 6 * DAY, { state: 'ACTIVE', revokedAtMs: undefined }],
  ['REFUND_REVERSED', 'REVOKED', MAR1, { state: 'EXPIRED', revokedAtMs: undefined }],
  ['REFUND_REVERSED', 'ACTIVE', MAR1, undefined],
  ['PURCHASED', 'EXPIRED', Date.UTC(2026, 2, 10), { state: 'ACTIVE', periodStartMs: Date.UTC(2026, 2, 10), periodEndMs: Date.UTC(2026, 3, 10) }],
  ['PURCHASED', 'ACTIVE', JAN1 + DAY, undefined],
  ['CHANGED', 'ACTIVE', JAN1 + DAY, undefined],
  ['PRICE_CHANGE', 'ACTIVE', JAN1 + DAY, undefined],
  ['OFFER_REDEEMED', 'ACTIVE', JAN1 + DAY, undefined],
  ['EXTENDED', 'ACTIVE', JAN1 + DAY, undefined],
  ['NOTE', 'ACTIVE', JAN1 + DAY, undefined],
];

describe('subscription state machine: impliedState (an authenticated notification without a snapshot)', () => {
  for (const [event, from, at, expected] of TABLE) {
    it(`${event} on ${from} at ${new Date(at).toISOString().slice(0, 10)} → ${expected ? expected.state : 'no change'}`, () => {
      const before = row(from, from === 'REVOKED' ? { revokedAtMs: JAN1 + DAY } : {});
      const after = impliedState(event, before, { eventTimeMs: at, period: month });
      if (!expected) return expect(after).to.equal(undefined);
      expect(after).to.not.equal(undefined);
      for (const [k, v] of Object.entries(expected)) expect(after![k as keyof SubscriptionFacts], k).to.deep.equal(v);
    });
  }

  it('covers every event type the contract names', () => {
    const named: SubscriptionEventType[] = ['PURCHASED', 'RENEWED', 'RECOVERED', 'GRACE_STARTED', 'ON_HOLD', 'PAUSED', 'PAUSE_SCHEDULED', 'RESUMED', 'CANCELED',
      'UNCANCELED', 'EXPIRED', 'REVOKED', 'REFUND_REVERSED', 'CHANGED', 'PRICE_CHANGE', 'OFFER_REDEEMED', 'EXTENDED', 'NOTE'];
    expect(new Set(TABLE.map((t) => t[0]))).to.deep.equal(new Set(named));
  });
});

describe('subscription state machine: classifyChange (which timeline event a change is)', () => {
  const cases: Array<[string, SubscriptionFacts | undefined, SubscriptionFacts, string | undefined]> = [
    ['opened', undefined, row('ACTIVE'), 'STARTED'],
    ['renewed', row('ACTIVE'), row('ACTIVE', { periodStartMs: FEB1, periodEndMs: MAR1 }), 'RENEWED'],
    ['grace', row('ACTIVE'), row('IN_GRACE'), 'GRACE_STARTED'],
    ['hold', row('IN_GRACE'), row('ON_HOLD'), 'ON_HOLD'],
    ['recovered', row('IN_GRACE'), row('ACTIVE', { periodStartMs: FEB1, periodEndMs: MAR1 }), 'RECOVERED'],
    ['paused', row('ACTIVE'), row('PAUSED'), 'PAUSED'],
    ['resumed', row('PAUSED'), row('ACTIVE'), 'RESUMED'],
    ['canceled', row('ACTIVE'), row('CANCELED_ACTIVE'), 'CANCELED'],
    ['uncanceled', row('CANCELED_ACTIVE'), row('ACTIVE'), 'UNCANCELED'],
    ['expired', row('CANCELED_ACTIVE'), row('EXPIRED'), 'EXPIRED'],
    ['revoked', row('ACTIVE'), row('REVOKED'), 'REVOKED'],
    ['refund reversed', row('REVOKED'), row('ACTIVE'), 'REFUND_REVERSED'],
    ['resubscribed', row('EXPIRED'), row('ACTIVE', { periodStartMs: MAR1, periodEndMs: MAR1 + 31 * DAY }), 'PURCHASED'],
    ['extended (same start, later end)', row('ACTIVE'), row('ACTIVE', { periodEndMs: FEB1 + 5 * DAY }), 'EXTENDED'],
    ['end moved earlier', row('ACTIVE'), row('ACTIVE', { periodEndMs: FEB1 - DAY }), 'EXTENDED'],
    ['crossgrade', row('ACTIVE'), row('ACTIVE', { marketProductId: 'vip_year' }), 'CHANGED'],
    // An immediate upgrade opens a new, prorated period: a change of plan, not an extension.
    ['upgrade with a new period', row('ACTIVE'), row('ACTIVE', { marketProductId: 'vip_premium', periodStartMs: FEB1 - 10 * DAY, periodEndMs: FEB1 + 20 * DAY }), 'CHANGED'],
    ['downgrade at renewal', row('ACTIVE'), row('ACTIVE', { renewsIntoMarketProductId: 'vip_week' }), 'CHANGED'],
    ['price consent', row('ACTIVE'), row('ACTIVE', { priceConsent: 'pending' }), 'PRICE_CHANGE'],
    ['offer', row('ACTIVE'), row('ACTIVE', { offerKind: 'promotional' }), 'OFFER_REDEEMED'],
    ['grace end known', row('IN_GRACE'), row('IN_GRACE', { graceEndMs: FEB1 + 16 * DAY }), 'UPDATED'],
    ['nothing', row('ACTIVE'), row('ACTIVE'), undefined],
  ];
  for (const [name, before, after, expected] of cases) it(`${name} → ${expected ?? 'nothing'}`, () => expect(classifyChange(before, after)).to.equal(expected));
});

describe('subscription state machine: nextCheckAt', () => {
  const cases: Array<[string, Parameters<typeof nextCheckAt>[0], number, number | null]> = [
    ['an hour before the period ends', { state: 'ACTIVE', periodEndMs: FEB1 }, JAN1, FEB1 - RECHECK_BEFORE_END_MS],
    ['just after the end, once the hour before passed', { state: 'CANCELED_ACTIVE', periodEndMs: FEB1 }, FEB1 - 30 * 60_000, FEB1 + EXPIRY_MARGIN_MS],
    ['hourly once past the end and still undecided', { state: 'ACTIVE', periodEndMs: FEB1 }, FEB1 + DAY, FEB1 + DAY + RECHECK_RETRY_MS],
    ['at grace end', { state: 'IN_GRACE', periodEndMs: FEB1, graceEndMs: FEB1 + 16 * DAY }, FEB1, FEB1 + 16 * DAY - RECHECK_BEFORE_END_MS],
    ['grace without an end: the longest grace', { state: 'IN_GRACE', periodEndMs: FEB1 }, FEB1, FEB1 + UNKNOWN_END_MS.IN_GRACE - RECHECK_BEFORE_END_MS],
    ['hold without an end: the longest hold', { state: 'ON_HOLD', periodEndMs: FEB1 }, FEB1, FEB1 + UNKNOWN_END_MS.ON_HOLD - RECHECK_BEFORE_END_MS],
    ['paused: at the resume', { state: 'PAUSED', periodEndMs: FEB1, resumesAtMs: MAR1 }, FEB1, MAR1 - RECHECK_BEFORE_END_MS],
    ['never once expired', { state: 'EXPIRED', periodEndMs: FEB1 }, JAN1, null],
    ['never once revoked', { state: 'REVOKED', periodEndMs: FEB1 }, JAN1, null],
  ];
  for (const [name, facts, now, expected] of cases) it(name, () => expect(nextCheckAt(facts, now)).to.equal(expected));
});
