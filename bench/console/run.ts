import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ServerKeys } from '../../server/src/domain/keys';
import { migrate } from '../../server/src/storage/migrate';
import { openDatabase, type DatabaseConfig } from '../../server/src/storage/open';
import type { Database, EngineName } from '../../server/src/storage/types';
import { loadDataset, type DatasetShape } from './dataset';
import { consoleQueries } from './queries';

/**
 * Console search on a generated purchase log (default 1,000,000 rows) on SQLite and PostgreSQL:
 * p50/p95 of each common query. Usage: `npm run bench:console [-- --purchases N --engines sqlite,postgres --runs N]`.
 * PostgreSQL uses BENCH_DATABASE_URL or TEST_DATABASE_URL (a throw-away schema, dropped after).
 */
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const shape: DatasetShape = { purchases: Number(arg('purchases', '1000000')), users: 0, days: 180, end: Date.UTC(2026, 10, 1), seed: 20261121 };
shape.users = Math.max(10, Math.floor(shape.purchases / 10));
const engines = arg('engines', 'sqlite,postgres').split(',') as EngineName[];
const runs = Number(arg('runs', '60'));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function openFresh(engine: EngineName): Promise<{ db: Database; drop(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cb-bench-console-'));
    const db = await openDatabase({ engine: 'sqlite', file: join(dir, 'bench.sqlite') });
    return { db, drop: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const schema = `bench_console_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const config: DatabaseConfig = { engine: 'postgres', url: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}` };
  const db = await openDatabase(config);
  return {
    db,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

async function benchEngine(engine: EngineName): Promise<Record<string, { p50: number; p95: number }>> {
  const { db, drop } = await openFresh(engine);
  try {
    await migrate(db);
    // Loading only: SQLite's default 2 MB page cache makes a million random-key index inserts
    // I/O-bound. The measured queries run on the reader connection with default settings.
    if (engine === 'sqlite') await db.run('PRAGMA cache_size = -262144');
    const started = performance.now();
    const sample = await loadDataset(db, new ServerKeys(randomBytes(32)), shape, (done) => {
      if (done % 100_000 === 0) process.stderr.write(`${engine}: ${done} purchases loaded (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    });
    // PostgreSQL: VACUUM as autovacuum would, so index-only scans see a settled visibility map.
    await db.run(engine === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
    process.stderr.write(`${engine}: loaded ${shape.purchases} purchases in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    const results: Record<string, { p50: number; p95: number }> = {};
    for (const [name, query] of Object.entries(consoleQueries(db, shape.end))) {
      await query(sample[0]!); // warm the statement cache
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const p = sample[(i * 7919) % sample.length]!;
        const t0 = performance.now();
        await query(p);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      results[name] = { p50: Number(percentile(times, 50).toFixed(2)), p95: Number(percentile(times, 95).toFixed(2)) };
      process.stderr.write(`${engine}: ${name.padEnd(32)} p50 ${results[name]!.p50} ms  p95 ${results[name]!.p95} ms\n`);
    }
    return results;
  } finally {
    await drop();
  }
}

async function main(): Promise<void> {
  const all: Record<string, unknown> = { purchases: shape.purchases, users: shape.users, days: shape.days, runs };
  for (const engine of engines) all[engine] = await benchEngine(engine);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(join('bench/results', `console-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), `${JSON.stringify(all, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(all)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
