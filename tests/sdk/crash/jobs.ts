import fc from 'fast-check';
import { checkSchedule, type Backend } from './crash-check';
import { randomSchedule, type Schedule } from './schedules';

/** Work for one crash worker: a fixed list of schedules, or a share of the random ones. */
export type CrashJob =
  | { kind: 'schedules'; schedules: Schedule[] }
  /** `path` (with the seed of a failed run) replays that run's counterexample only. */
  | { kind: 'random'; runs: number; seed: number; path?: string };

export type CrashJobResult =
  /** Step boundaries of every life of every schedule, in order. */
  | { kind: 'schedules'; boundaries: number[][] }
  /** `failure` is fast-check's report (counterexample, seed, path, error) when a schedule broke an invariant. */
  | { kind: 'random'; numRuns: number; seed: number; ms: number; failure?: string };

/** Runs a job against the worker's server; a fixed schedule that breaks an invariant throws, naming the schedule. */
export async function runJob(backend: Backend, job: CrashJob): Promise<CrashJobResult> {
  if (job.kind === 'schedules') {
    const boundaries: number[][] = [];
    for (const s of job.schedules) {
      try {
        boundaries.push((await checkSchedule(backend, s.purchases, s.crashes, s.model)).boundaries);
      } catch (error) {
        throw new Error(`schedule ${JSON.stringify(s)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    return { kind: 'schedules', boundaries };
  }
  const started = performance.now();
  const property = fc.asyncProperty(randomSchedule(), async (s) => void (await checkSchedule(backend, s.purchases, s.crashes, s.model)));
  // The report crosses the thread as text, so the failed assertion goes into it (not only as a cause).
  const details = await fc.check(property, { numRuns: job.runs, seed: job.seed, path: job.path, includeErrorInReport: true });
  const ms = Math.round(performance.now() - started);
  return { kind: 'random', numRuns: details.numRuns, seed: job.seed, ms, failure: details.failed ? fc.defaultReportMessage(details) : undefined };
}
