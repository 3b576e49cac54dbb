import type { StoreSimulators } from './stores';
import type { TargetApp } from './target-app';
import type { WebhookReceiver } from './webhook-receiver';

/** What a scenario needs beyond the public API; without it the scenario is "not run", never passed. */
export type Requirement =
  /** The target server can reach the command's store simulators (`--simulator-host`). */
  | 'simulator-host'
  /** The target lets the test move its clock (none does today: the 3-day deadline is days long). */
  | 'test-clock';

/** What a scenario runs with. */
export interface RunContext {
  app: TargetApp;
  /** The bundled store simulators, started on first use. */
  stores: StoreSimulators;
  /** The command's webhook receiver, reachable by the target (only with `--simulator-host`). */
  receiver?: WebhookReceiver;
  /** How long to wait for the target's background jobs (webhook retries), in ms. */
  jobWaitMs: number;
}

export type Verdict = 'pass' | 'fail' | 'not run';

export interface Observation {
  /** What was seen, in the words of the expectation (an error code, a state, a count). */
  observed: string;
  pass: boolean;
}

/** One failure a studio loses money on, checked through the public HTTP API. */
export interface Scenario {
  id: string;
  title: string;
  market: string;
  /** What the scenario does, in one or two sentences. */
  description: string;
  /** The failure it guards against, and where this project documents or tests it. */
  guards: string;
  expected: string;
  requires?: Requirement[];
  /** Absent while a requirement no target meets today (a test clock) stands. */
  run?(ctx: RunContext): Promise<Observation>;
}

export interface ScenarioResult {
  id: string;
  title: string;
  market: string;
  expected: string;
  observed: string;
  verdict: Verdict;
  /** Why it was not run, or the error that stopped it. */
  note?: string;
  guards: string;
  ms: number;
}

export interface ConformanceReport {
  target: string;
  startedAt: string;
  finishedAt: string;
  passed: number;
  failed: number;
  notRun: number;
  results: ScenarioResult[];
}
