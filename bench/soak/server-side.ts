import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * What the soak asks of the server besides its answers (bench/soak/run.ts): the metrics it
 * exposes and the bench target's counters once per window, and its log at the end.
 */
/** What the server says of itself between windows: its event loop's worst delay, GC, and the checkpointer's holds. */
export interface ServerSide { loopMaxMs: number; gcMs: number; syncs: number; syncsOver100Ms: number; syncMs: number; finals: number; holdMsTotal: number; holdMsMax: number; checkpointMsMax: number }

export async function serverSide(base: string): Promise<ServerSide> {
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) => metrics.split('\n').filter((l) => l.startsWith(name)).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
  const stats = (await (await fetch(`${base}/bench/stats`)).json()) as { checkpoint?: Omit<ServerSide, 'loopMaxMs' | 'gcMs' | 'syncs' | 'syncsOver100Ms' | 'syncMs'> };
  const c = stats.checkpoint ?? { finals: 0, holdMsTotal: 0, holdMsMax: 0, checkpointMsMax: 0 };
  // prom-client resets the event-loop histogram at every scrape: its max is this window's.
  const syncs = value('billing_group_commit_sync_seconds_count');
  return {
    loopMaxMs: value('nodejs_eventloop_lag_max_seconds') * 1000,
    gcMs: value('nodejs_gc_duration_seconds_sum') * 1000,
    // Every answer waits for the WAL sync after its commit: a slow disk sync stalls them all.
    syncs,
    syncsOver100Ms: syncs - value('billing_group_commit_sync_seconds_bucket{le="0.1"}'),
    syncMs: value('billing_group_commit_sync_seconds_sum') * 1000,
    ...c,
  };
}

/**
 * Lifecycle job runs that took at least `ms`, from the server log (one 'lifecycle job ran' line per
 * run), read line by line: 30 minutes of access lines are far more than one string may hold.
 */
export async function slowJobs(logFile: string, since: number, ms: number): Promise<string[]> {
  const slow: string[] = [];
  for await (const line of createInterface({ input: createReadStream(logFile, 'utf8'), crlfDelay: Infinity })) {
    if (!line.includes('lifecycle job ran')) continue;
    const entry = JSON.parse(line) as { time: number; job: string; ms: number };
    if (entry.ms >= ms) slow.push(`minute ${((entry.time - since) / 60_000).toFixed(2)}: ${entry.job} ${entry.ms} ms`);
  }
  return slow;
}
