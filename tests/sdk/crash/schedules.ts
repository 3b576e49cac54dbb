import fc from 'fast-check';

export type ConsumeModel = 'build-in' | 'server';

/** One crash schedule: how many purchases run at once, the boundary each life dies at, and who consumes. */
export interface Schedule {
  purchases: number;
  crashes: number[];
  model: ConsumeModel;
}

/** Up to four crashes (one per life) anywhere in the first 121 boundaries, 1-3 purchases, either consume model. */
export function randomSchedule(): fc.Arbitrary<Schedule> {
  return fc.record({
    purchases: fc.integer({ min: 1, max: 3 }),
    crashes: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 4 }),
    model: fc.constantFrom<ConsumeModel>('build-in', 'server'),
  });
}

/** Every single crash point of a flow with `boundaries` step boundaries. */
export function singleCrashes(purchases: number, model: ConsumeModel, boundaries: number): Schedule[] {
  return Array.from({ length: boundaries }, (_, crashAt) => ({ purchases, crashes: [crashAt], model }));
}

/** Every pair of crash points: die at `first`, restart, die again at `second`. */
export function doubleCrashes(purchases: number, model: ConsumeModel, boundaries: number): Schedule[] {
  return Array.from({ length: boundaries * boundaries }, (_, i) => ({ purchases, crashes: [Math.floor(i / boundaries), i % boundaries], model }));
}
