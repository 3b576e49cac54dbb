import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cpuMs, loadReceipts, prepareReceipts, startTarget, stopTarget, type Target } from './load';
import { seedSqlite } from './seed';
import type { TargetConfig } from './target';

export interface SqliteFigures {
  rows: number;
  seedSeconds: number;
  /** Server CPU per receipt with the logger at info (the shipped setting). */
  cpuUsPerReceipt: number;
  /** The same process with its log level switched to silent, in alternating slices. */
  cpuUsPerReceiptLoggerOff: number;
  perSec: number;
  p99FullMs: number;
  /** p99 with the offered load capped at half the measured throughput. */
  p99HalfMs: number;
  halfRate: number;
  non2xx: number;
}

const SLICES = 4;

async function setLogLevel(t: Target, level: string): Promise<void> {
  await fetch(`${t.ready.url}/bench/log-level/${level}`, { method: 'POST' });
}

/**
 * The durable receipt route on a SQLite file: `rows` purchases seeded first (BENCH_ROWS), then
 * `receipts` verified receipts at 50 connections, in slices that alternate the log level between
 * info and silent (ABBA order) in the same process (the logger's cost, same machine load on both sides), then
 * a run at half the measured throughput for the latency a server not at its limit shows.
 */
export async function measureSqlite(rows: number, receipts: number): Promise<SqliteFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-bench-'));
  const file = join(dir, 'bench.sqlite');
  const config: TargetConfig = { database: { engine: 'sqlite', file }, masterKey: randomBytes(32).toString('hex'), logLevel: 'info' };
  const args = ['billing', JSON.stringify(config)];
  let seedSeconds = 0;
  try {
    if (rows > 0) {
      // Migrate and create the app, stop, seed with the server down, start again.
      await stopTarget(await startTarget(args));
      const started = Date.now();
      seedSqlite(file, 'bench', rows);
      seedSeconds = (Date.now() - started) / 1000;
      console.log(`seeded ${rows.toLocaleString('en')} purchases and ${(rows * 3).toLocaleString('en')} events in ${seedSeconds.toFixed(1)} s`);
    }
    const t = await startTarget(args, join(dir, 'server.log'));
    try {
      // Warm-up: the JIT, and after a restart on a seeded table the pages a receipt touches.
      const warm = await prepareReceipts(t.ready, 3000, 'warm-user');
      await loadReceipts(t.ready, warm);
      const perSlice = Math.ceil(receipts / (SLICES * 2));
      const totals = { info: { cpu: 0, n: 0, ms: 0 }, silent: { cpu: 0, n: 0, ms: 0 } };
      let p99Full = 0;
      let non2xx = 0;
      for (let s = 0; s < SLICES * 2; s++) {
        // info, silent, silent, info, …: a drift during the run (a cooling cache, the host) weighs on both sides alike.
        const level = s % 4 === 0 || s % 4 === 3 ? 'info' : 'silent';
        const batch = await prepareReceipts(t.ready, perSlice, `user-${s}`);
        await setLogLevel(t, level);
        if (process.env.BENCH_INSTR && s === 0) t.child.kill('SIGUSR2');
        const before = cpuMs(t.child.pid!);
        const result = await loadReceipts(t.ready, batch);
        const side = totals[level];
        side.cpu += cpuMs(t.child.pid!) - before;
        side.n += result['2xx'];
        side.ms += result.duration * 1000;
        non2xx += result.non2xx + result.errors;
        if (level === 'info') p99Full = Math.max(p99Full, result.latency.p99);
      }
      await setLogLevel(t, 'info');
      const perSec = totals.info.n / (totals.info.ms / 1000);
      const halfRate = perSec / 2;
      const half = await prepareReceipts(t.ready, Math.round(halfRate * 5), 'half-user');
      const halfResult = await loadReceipts(t.ready, half, 50, halfRate);
      non2xx += halfResult.non2xx + halfResult.errors;
      return {
        rows,
        seedSeconds,
        cpuUsPerReceipt: (totals.info.cpu * 1000) / totals.info.n,
        cpuUsPerReceiptLoggerOff: (totals.silent.cpu * 1000) / totals.silent.n,
        perSec,
        p99FullMs: p99Full,
        p99HalfMs: halfResult.latency.p99,
        halfRate,
        non2xx,
      };
    } finally {
      await stopTarget(t);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
