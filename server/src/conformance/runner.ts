import { HttpClient } from './http-client';
import { SCENARIOS } from './scenarios';
import { StoreSimulators } from './stores';
import { TargetApp } from './target-app';
import type { ConformanceReport, Requirement, RunContext, Scenario, ScenarioResult } from './types';
import { WebhookReceiver } from './webhook-receiver';

export interface ConformanceOptions {
  url: string;
  adminToken: string;
  /** The host name or address under which the target reaches this command (webhook receiver, simulators). */
  simulatorHost?: string;
  /** The local address the command's receivers listen on (default: all interfaces when simulatorHost is set). */
  bindHost?: string;
  /** Per-market settings of the studio's production apps, laid over the simulators' keys (`--app-config`). */
  marketSettings?: Record<string, Record<string, unknown>>;
  /** Only these scenario ids (default: all). */
  only?: string[];
  jobWaitMs?: number;
  scenarios?: readonly Scenario[];
  onStart?(total: number): void;
  onProgress?(done: number, total: number, current: ScenarioResult): void;
}

const WHY_NOT: Record<Requirement, string> = {
  'simulator-host': 'needs --simulator-host (the target must reach this command)',
  'test-clock': 'needs a target with a test clock (none offers one)',
};

/**
 * Runs the scenarios against a target server: creates the temporary app, runs each scenario
 * (one failing never stops the others), retires the app, and reports. A scenario whose
 * requirement is not met is "not run", never passed.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const startedAt = new Date().toISOString();
  const scenarios = (options.scenarios ?? SCENARIOS).filter((s) => !options.only?.length || options.only.includes(s.id));
  const app = new TargetApp(new HttpClient(options.url), options.adminToken, options.marketSettings);
  const stores = new StoreSimulators(app);
  const met = new Set<Requirement>();
  let receiver: WebhookReceiver | undefined;
  if (options.simulatorHost) {
    receiver = await WebhookReceiver.start(options.bindHost ?? '0.0.0.0', options.simulatorHost);
    met.add('simulator-host');
  }
  const ctx: RunContext = { app, stores, receiver, jobWaitMs: options.jobWaitMs ?? 180_000 };
  const results: ScenarioResult[] = [];
  options.onStart?.(scenarios.length);
  try {
    await app.create();
    for (const scenario of scenarios) {
      const result = await runOne(scenario, ctx, met);
      results.push(result);
      options.onProgress?.(results.length, scenarios.length, result);
    }
  } finally {
    await app.retire().catch(() => undefined);
    await receiver?.close();
    await stores.close();
  }
  return {
    target: options.url,
    startedAt,
    finishedAt: new Date().toISOString(),
    passed: results.filter((r) => r.verdict === 'pass').length,
    failed: results.filter((r) => r.verdict === 'fail').length,
    notRun: results.filter((r) => r.verdict === 'not run').length,
    results,
  };
}

async function runOne(scenario: Scenario, ctx: RunContext, met: Set<Requirement>): Promise<ScenarioResult> {
  const base = { id: scenario.id, title: scenario.title, market: scenario.market, expected: scenario.expected, guards: scenario.guards };
  const missing = (scenario.requires ?? []).filter((r) => !met.has(r));
  if (missing.length > 0 || !scenario.run) {
    const note = missing.map((r) => WHY_NOT[r]).join('; ') || 'not implemented';
    return { ...base, observed: '-', verdict: 'not run', note, ms: 0 };
  }
  const started = Date.now();
  try {
    const { observed, pass } = await scenario.run(ctx);
    return { ...base, observed, verdict: pass ? 'pass' : 'fail', ms: Date.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, observed: `stopped: ${message}`, verdict: 'fail', note: message, ms: Date.now() - started };
  }
}
