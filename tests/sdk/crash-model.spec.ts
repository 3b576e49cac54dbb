import fc from 'fast-check';
import { sandboxMarket } from '../../server/src/markets/sandbox';
import { startHarness, type Harness } from '../server/support/harness';
import { addOil, checkSchedule } from './crash/crash-check';

/**
 * The crash model check (DESIGN.md §3): the process dies at every step boundary of the
 * purchase flow — a fresh SDK instance then starts over the same storage, the same billing
 * server and the same store — for 1, 2 and 3 concurrent purchases, with repeated crashes.
 * Invariants: no paid purchase lost, none consumed twice, every one delivered.
 */
describe('crash model: a crash at any step boundary loses nothing and doubles nothing', function () {
  this.timeout(240_000);
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ engine: 'sqlite', extraMarkets: [sandboxMarket] });
    await addOil(harness);
  });
  after(async () => harness?.close());

  for (const purchases of [1, 2, 3]) {
    it(`exhaustive single crash over every boundary, ${purchases} concurrent purchase(s)`, async () => {
      const { boundaries } = await checkSchedule(harness, purchases, []);
      console.log(`      (${boundaries[0]} step boundaries)`);
      for (let crashAt = 0; crashAt < boundaries[0]!; crashAt++) await checkSchedule(harness, purchases, [crashAt]);
    });
  }

  it('double crash (crash, restart, crash again) for one purchase: every first boundary × every 9th second one', async () => {
    const { boundaries } = await checkSchedule(harness, 1, []);
    const n = boundaries[0]!;
    for (let first = 0; first < n; first++) {
      for (let second = first % 9; second < n; second += 9) await checkSchedule(harness, 1, [first, second]);
    }
  });

  it(`random schedules: 1–3 purchases, up to 4 crashes each (fast-check, CRASH_RANDOM_RUNS=${process.env.CRASH_RANDOM_RUNS ?? 300})`, async () => {
    const runs = Number(process.env.CRASH_RANDOM_RUNS ?? 300);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 4 }), async (purchases, crashes) => {
        await checkSchedule(harness, purchases, crashes);
      }),
      { numRuns: runs },
    );
  });
});
