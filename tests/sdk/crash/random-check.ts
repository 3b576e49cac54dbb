import { randomInt } from 'node:crypto';
import type { CrashWorkers } from './worker-pool';

export interface RandomCheckOptions {
  runs: number;
  /** Worker w checks its share with seed `seed + w`. */
  seed: number;
  /** With the seed of a failed worker: replay that counterexample only (on one worker). */
  path?: string;
}

/** CRASH_MODEL_RUNS (default 10,000), CRASH_MODEL_SEED (default random) and CRASH_MODEL_PATH (replay). */
export function randomCheckOptionsFromEnv(): RandomCheckOptions {
  const seed = process.env.CRASH_MODEL_SEED;
  return {
    runs: Number(process.env.CRASH_MODEL_RUNS ?? 10_000),
    seed: seed === undefined ? randomInt(2 ** 31 - 1024) : Number(seed),
    path: process.env.CRASH_MODEL_PATH || undefined,
  };
}

/**
 * Splits the random schedules over the workers, each a fast-check run with its own seed, and
 * returns one line per worker (seed, count, time). The first counterexample fails the check
 * with fast-check's report and the command that replays it; the other workers are stopped by
 * the pool's close.
 */
export async function checkRandomSchedules(workers: CrashWorkers, o: RandomCheckOptions): Promise<string[]> {
  const shares = o.path ? [o.runs] : Array.from({ length: workers.size }, (_, w) => Math.floor(o.runs / workers.size) + (w < o.runs % workers.size ? 1 : 0));
  const done = await Promise.all(
    shares.map(async (runs, w) => {
      if (runs === 0) return undefined;
      const seed = o.seed + w;
      const result = await workers.run(w, { kind: 'random', runs, seed, path: o.path });
      if (result.kind !== 'random') throw new Error('crash worker answered a random job with another kind');
      if (result.failure) {
        throw new Error(`crash worker ${w} (seed ${seed}): ${result.failure}\n` +
          `Replay: CRASH_MODEL_SEED=${seed} CRASH_MODEL_PATH=<path above> MOCHA_SPEC=tests/sdk/crash-model.spec.ts npx mocha --grep 'random schedules'`);
      }
      return { w, ...result };
    }),
  );
  const finished = done.filter((r) => r !== undefined);
  const checked = finished.reduce((sum, r) => sum + r.numRuns, 0);
  if (!o.path && checked !== o.runs) throw new Error(`the workers checked ${checked} random schedules, not ${o.runs}`);
  return finished.map((r) => `worker ${r.w}: seed ${r.seed}, ${r.numRuns} schedules in ${(r.ms / 1000).toFixed(1)} s (${(r.ms / Math.max(1, r.numRuns)).toFixed(1)} ms each)`);
}
