import { expect } from 'chai';
import fc from 'fast-check';
import type { SandboxSubscriptionAction } from '../../assets/common-billing/protocol/sandbox';
import { act, advance, nextDue, type SubscriptionRecord } from '../../server/src/markets/sandbox/subscription-clock';

/** The sandbox store's subscription clock as pure rules (no database, no wall clock). */
const T0 = Date.UTC(2026, 0, 1);
const PERIOD = 60_000;
const GRACE = 30_000;
const HOLD = 20_000;

function record(change: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  const r: SubscriptionRecord = {
    purchase_token: 'sbx_1', order_id: 'SBX.1', app_key: 'app', user_key: 'u', product_id: 'premium_pass', developer_payload: 'p',
    state: 'ACTIVE', script: 'renew', auto_renew: 1, period_ms: PERIOD, grace_ms: GRACE, hold_ms: HOLD,
    period_start: T0, period_end: T0 + PERIOD, retry_end: null, renewals: 0, revoked_at: null, next_due_at: null,
    event_seq: 0, created_at: T0, updated_at: T0, ...change,
  };
  r.next_due_at = nextDue(r);
  return r;
}
const kinds = (r: SubscriptionRecord, now: number) => advance(r, now).map((s) => [s.type, s.at - T0]);

describe('sandbox store: the subscription clock (pure rules)', () => {
  it('renew: one RENEWED per period end, each at its end, none before', () => {
    expect(kinds(record(), T0 + PERIOD - 1)).to.deep.equal([]);
    expect(kinds(record(), T0 + 3 * PERIOD + 5)).to.deep.equal([['RENEWED', PERIOD], ['RENEWED', 2 * PERIOD], ['RENEWED', 3 * PERIOD]]);
    expect(advance(record(), T0 + 2 * PERIOD).at(-1)!.record).to.include({ renewals: 2, period_start: T0 + 2 * PERIOD, period_end: T0 + 3 * PERIOD });
  });

  it('fail-recover: grace at the end, recovery halfway into grace with a new period, then normal renewals', () => {
    const steps = advance(record({ script: 'fail-recover' }), T0 + PERIOD + GRACE / 2 + PERIOD);
    expect(steps.map((s) => [s.type, s.at - T0, s.record.state])).to.deep.equal([
      ['GRACE_STARTED', PERIOD, 'IN_GRACE'],
      ['RECOVERED', PERIOD + GRACE / 2, 'ACTIVE'],
      ['RENEWED', PERIOD + GRACE / 2 + PERIOD, 'ACTIVE'],
    ]);
    expect(steps[0]!.record.retry_end).to.equal(T0 + PERIOD + GRACE);
  });

  it('fail-expire: grace, hold at grace end, expired at hold end; nothing after', () => {
    expect(kinds(record({ script: 'fail-expire' }), T0 + 100 * PERIOD)).to.deep.equal([
      ['GRACE_STARTED', PERIOD], ['ON_HOLD', PERIOD + GRACE], ['EXPIRED', PERIOD + GRACE + HOLD],
    ]);
  });

  it('cancel runs to the period end, then expires; renew before the end undoes the cancel', () => {
    const canceled = act(record(), 'cancel', T0 + 10)!;
    expect(canceled).to.deep.include({ type: 'CANCELED' });
    expect(canceled.record).to.include({ state: 'CANCELED_ACTIVE', auto_renew: 0 });
    expect(kinds(canceled.record, T0 + 10 * PERIOD)).to.deep.equal([['EXPIRED', PERIOD]]);
    const resumed = act(canceled.record, 'renew', T0 + 20)!;
    expect(resumed.type).to.equal('UNCANCELED');
    expect(kinds(resumed.record, T0 + PERIOD)).to.deep.equal([['RENEWED', PERIOD]]);
  });

  it('refund revokes now from any live state; a final record refuses every action', () => {
    const inGrace = advance(record({ script: 'fail-expire' }), T0 + PERIOD + 1).at(-1)!.record;
    const refunded = act(inGrace, 'refund', T0 + PERIOD + 2)!;
    expect(refunded.record).to.include({ state: 'REVOKED', revoked_at: T0 + PERIOD + 2, next_due_at: null });
    expect(() => act(refunded.record, 'renew', T0 + PERIOD + 3)).to.throw(/REVOKED/);
  });

  it('renew on a failed renewal is the payment fixed now: RECOVERED with a new period', () => {
    const onHold = advance(record({ script: 'fail-expire' }), T0 + PERIOD + GRACE + 1).at(-1)!.record;
    expect(onHold.state).to.equal('ON_HOLD');
    const fixed = act(onHold, 'renew', T0 + PERIOD + GRACE + 5)!;
    expect(fixed.type).to.equal('RECOVERED');
    expect(fixed.record).to.include({ state: 'ACTIVE', script: 'renew', period_end: T0 + PERIOD + GRACE + 5 + PERIOD });
  });

  it('any script and actions: steps come in time order, never after `now`, and catching up twice adds nothing', () => {
    const actions: SandboxSubscriptionAction[] = ['renew', 'fail-recover', 'fail-expire', 'cancel', 'refund'];
    fc.assert(fc.property(
      fc.array(fc.record({ dt: fc.integer({ min: 0, max: 3 * PERIOD }), action: fc.constantFrom(...actions) }), { maxLength: 8 }),
      (plan) => {
        let r = record();
        let now = T0;
        for (const { dt, action } of plan) {
          now += dt;
          const steps = advance(r, now);
          for (let i = 1; i < steps.length; i++) expect(steps[i]!.at).to.be.at.least(steps[i - 1]!.at);
          for (const s of steps) expect(s.at).to.be.at.most(now);
          r = steps.at(-1)?.record ?? r;
          expect(advance(r, now)).to.deep.equal([]);
          if (r.state === 'EXPIRED' || r.state === 'REVOKED') break;
          try {
            r = act(r, action, now)?.record ?? r;
          } catch (error) {
            expect(String(error)).to.match(/resume it first/);
          }
        }
      },
    ));
  });
});
