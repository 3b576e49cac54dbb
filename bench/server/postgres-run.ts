import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CONNECTIONS, cpuMs, getJson, loadReceipts, prepareReceipts, startTarget, stopTarget, type Receipts, type Target } from './load';
import { seedPostgres } from './seed';
import type { TargetConfig } from './target';

export interface PostgresFigures {
  processes: number;
  /** CPU of the server process(es) per receipt. */
  nodeCpuUs: number;
  /** CPU of the PostgreSQL backends serving them per receipt (background writer, WAL writer and checkpointer not included). */
  dbCpuUs: number;
  /** Network writes to PostgreSQL per receipt, each answered by one (the writers pipeline a batch's statements). */
  roundTrips: number;
  /** Statements sent per receipt (BEGIN/COMMIT of a group commit shared by its batch). */
  statements: number;
  perSec: number;
  p99Ms: number;
  non2xx: number;
  /** Rows VERIFIED after the run; equals the receipts answered 200 when record-once holds. */
  verifiedRows: number;
  answered: number;
}

/**
 * CPU of the backends whose application_name is ours, sampled every 200 ms from /proc (pool
 * connections may come and go during the run; one first seen mid-run counts from zero).
 */
class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  constructor(private readonly monitor: pg.Client, private readonly appName: string) {}

  async start(): Promise<void> {
    await this.sample(false);
    this.timer = setInterval(() => void this.sample(true), 200);
  }

  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.sample(true);
    let total = 0;
    for (const [pid, last] of this.last) total += last - (this.first.get(pid) ?? 0);
    return total;
  }

  private async sample(running: boolean): Promise<void> {
    const { rows } = await this.monitor.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [this.appName]);
    for (const { pid } of rows) {
      const cpu = cpuMs(pid);
      if (Number.isNaN(cpu)) continue;
      if (!this.first.has(pid)) this.first.set(pid, running ? 0 : cpu);
      this.last.set(pid, cpu);
    }
  }
}

/** The durable receipt route on PostgreSQL with `processes` server processes on one database (a throw-away schema). */
export async function measurePostgres(baseUrl: string, processes: number, receipts: number, seedRows: number): Promise<PostgresFigures> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const appName = `cb-${schema}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}&application_name=${appName}`;
  const dir = mkdtempSync(join(tmpdir(), 'cb-bench-pg-'));
  const config: TargetConfig = { database: { engine: 'postgres', url }, masterKey: randomBytes(32).toString('hex'), logLevel: 'info' };
  const targets: Target[] = [];
  try {
    if (seedRows > 0) {
      await stopTarget(await startTarget(['billing', JSON.stringify(config)]));
      const started = Date.now();
      await seedPostgres(url, 'bench', seedRows);
      console.log(`postgres: seeded ${seedRows.toLocaleString('en')} purchases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    for (let i = 0; i < processes; i++) targets.push(await startTarget(['billing', JSON.stringify(config)], join(dir, `server-${i}.log`)));
    const warm = await prepareReceipts(targets[0]!.ready, 500, 'warm-user');
    await Promise.all(targets.map((t, i) => loadReceipts(t.ready, { session: warm.session, bodies: warm.bodies.filter((_, k) => k % processes === i) })));
    const all = await prepareReceipts(targets[0]!.ready, receipts);
    const shares: Receipts[] = targets.map((_, i) => ({ session: all.session, bodies: all.bodies.filter((_, k) => k % processes === i) }));
    const verifiedBefore = await verifiedCount(admin, schema);
    const statsBefore = await Promise.all(targets.map((t) => getJson<{ queries: number; networkWrites: number }>(`${t.ready.url}/bench/stats`)));
    const backends = new BackendCpu(admin, appName);
    await backends.start();
    const cpuBefore = targets.map((t) => cpuMs(t.child.pid!));
    const started = process.hrtime.bigint();
    const results = await Promise.all(targets.map((t, i) => loadReceipts(t.ready, shares[i]!, Math.ceil(CONNECTIONS / processes))));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const nodeCpu = targets.reduce((sum, t, i) => sum + cpuMs(t.child.pid!) - cpuBefore[i]!, 0);
    const dbCpu = await backends.stop();
    const statsAfter = await Promise.all(targets.map((t) => getJson<{ queries: number; networkWrites: number }>(`${t.ready.url}/bench/stats`)));
    const answered = results.reduce((n, r) => n + r['2xx'], 0);
    // The stats requests themselves are not statements; the difference is the receipts' own.
    const queries = statsAfter.reduce((n, s, i) => n + s.queries - statsBefore[i]!.queries, 0);
    const writes = statsAfter.reduce((n, s, i) => n + s.networkWrites - statsBefore[i]!.networkWrites, 0);
    return {
      processes,
      nodeCpuUs: (nodeCpu * 1000) / answered,
      dbCpuUs: (dbCpu * 1000) / answered,
      roundTrips: writes / answered,
      statements: queries / answered,
      perSec: answered / seconds,
      p99Ms: Math.max(...results.map((r) => r.latency.p99)),
      non2xx: results.reduce((n, r) => n + r.non2xx + r.errors, 0),
      verifiedRows: (await verifiedCount(admin, schema)) - verifiedBefore,
      answered,
    };
  } finally {
    for (const t of targets) await stopTarget(t);
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function verifiedCount(client: pg.Client, schema: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.purchases WHERE state = 'VERIFIED'`);
  return Number(rows[0]!.n);
}
