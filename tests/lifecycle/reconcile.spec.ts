import { expect } from 'chai';
import { reconcile, type ReconcileInput } from '../../server/src/lifecycle/reconcile';
import { LifecycleHarness, startStoreSimulators, type StoreSimulators } from './support/harness';

/** The decision table behind notifications and polls, on real rows (SQLite), with the store's answer as data. */
describe('reconcile: the store decides [sqlite]', () => {
  let h: LifecycleHarness;
  let stores: StoreSimulators;
  before(async () => {
    stores = await startStoreSimulators();
    h = await LifecycleHarness.start({ engine: 'sqlite', stores });
  });
  after(async () => {
    await h.close();
    await stores.close();
  });

  const status = (state: 'PURCHASED' | 'PENDING' | 'CANCELED' | 'REFUNDED', raw: Record<string, unknown> = {}) =>
    ({ state, acknowledged: false, consumed: false, test: false, raw });
  const base: Omit<ReconcileInput, 'signal'> = { signed: false, kind: 'TEST', reason: 'test', at: 1, source: 'notification' };

  async function run(purchaseId: string, input: ReconcileInput): Promise<string> {
    await h.db.write(async (tx) => reconcile(tx, await h.purchase(purchaseId), input, h.clock.now));
    return (await h.purchase(purchaseId)).state;
  }

  const cases: [string, { pending?: boolean }, ReconcileInput, string][] = [
    ['unsigned "completed" without a store API grants nothing', { pending: true }, { ...base, signal: 'completed' }, 'PENDING'],
    ['signed "completed" without a store API completes', { pending: true }, { ...base, signal: 'completed', signed: true }, 'VERIFIED'],
    ['"completed" while the store still says PENDING waits', { pending: true }, { ...base, signal: 'completed', store: status('PENDING') }, 'PENDING'],
    ['"voided" the store contradicts (PURCHASED) changes nothing', {}, { ...base, signal: 'voided', store: status('PURCHASED') }, 'VERIFIED'],
    // Issue #13: a notification alone never revokes; the voided list or Apple's signed statement may.
    ['an unsigned "voided" notification without a store API keeps the purchase (queued for a person)', {}, { ...base, signal: 'voided' }, 'VERIFIED'],
    ['"voided" from the voided-purchases list revokes without a store API', {}, { ...base, signal: 'voided', source: 'voided-poll' }, 'REVOKED'],
    ['a signed "voided" (Apple JWS) revokes without a store API', {}, { ...base, signal: 'voided', signed: true }, 'REVOKED'],
    ['a partial refund with quantity left keeps the purchase', {}, { ...base, signal: 'partial-refund', store: status('PURCHASED', { refundableQuantity: 1 }) }, 'VERIFIED'],
    ['the last partial refund (nothing refundable) revokes', {}, { ...base, signal: 'partial-refund', store: status('PURCHASED', { refundableQuantity: 0 }) }, 'REVOKED'],
    ['"canceled" on a pending purchase the store cancelled cancels it', { pending: true }, { ...base, signal: 'canceled', store: status('CANCELED') }, 'CANCELED'],
    ['"refund-reversed" on a purchase that is not revoked changes nothing', {}, { ...base, signal: 'refund-reversed', signed: true }, 'VERIFIED'],
  ];
  for (const [title, buy, input, expected] of cases) {
    it(title, async () => {
      const b = await h.buy('google-play', `u-${Math.random().toString(36).slice(2, 8)}`, buy);
      expect(await run(b.purchaseId, input)).to.equal(expected);
    });
  }
});
