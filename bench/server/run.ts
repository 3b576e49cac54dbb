import autocannon, { type Result } from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loginTokenFor } from '../../server/src/domain/login-token';

/**
 * `npm run bench:server`: the durable verify-and-record route (POST /v1/receipts: sandbox
 * signature check, binding, uniqueness, one group-committed write on SQLite with
 * the WAL synced before the answer) against a bare Fastify route, both at 50 connections on
 * loopback in the same run, each in its own child process. The LAST line is the JSON summary.
 * Targets: ratio ≥ 0.20 with p99 ≤ 20 ms. It also prints the server's CPU time per durable
 * request (from /proc), which stays comparable when other work shares the machine.
 * Profiling: BENCH_PROF=1 writes CPU profiles of each target to /tmp/cbprof; BENCH_INSTR=<file>
 * preloads a script into each target, which gets SIGUSR2 when the measured load starts.
 */
const CONNECTIONS = 50;
const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 20_000);
const NAIVE_RECEIPTS = Number(process.env.BENCH_NAIVE_RECEIPTS ?? 2_000);
const TARGET = resolve(__dirname, 'target.ts');

interface Ready {
  url: string;
  appKey?: string;
  /** The bench app's secret: the run plays the game server and makes the login token. */
  secretKey?: string;
  privateKeyPem?: string;
  packageName?: string;
}

function startTarget(args: string[]): Promise<{ child: ChildProcess; ready: Ready }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [...(process.env.BENCH_INSTR ? ['--require', process.env.BENCH_INSTR] : []), ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/cbprof'] : []), '--require', 'tsx/cjs', TARGET, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (.+)\n/.exec(out);
      if (m) ok({ child, ready: JSON.parse(m[1]!) as Ready });
    });
    child.once('exit', (code) => fail(new Error(`target exited ${code}: ${out}`)));
  });
}

async function stopTarget(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function post(url: string, path: string, body: unknown, headers: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Reserves `count` purchases through the API and signs one sandbox receipt for each, as the sandbox store would. */
async function prepareReceipts(ready: Ready, count: number): Promise<{ session: string; bodies: string[] }> {
  const headers = { 'x-app-key': ready.appKey! };
  const loginToken = loginTokenFor(ready.secretKey!, ready.appKey!, 'bench-user', Math.floor(Date.now() / 1000) + 600);
  const session = (await post(ready.url, '/v1/sessions', { market: 'sandbox', userKey: 'bench-user', loginToken }, headers)).sessionToken as string;
  const auth = { ...headers, authorization: `Bearer ${session}` };
  const key = createPrivateKey(ready.privateKeyPem!);
  const bodies: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const r = await post(ready.url, '/v1/purchases', { productId: 'gas' }, auth);
      const payload = (r.payload as { developerPayload: string }).developerPayload;
      const originalJson = JSON.stringify({
        orderId: `SBX.BENCH${i}.${randomBytes(4).toString('hex')}`,
        packageName: ready.packageName,
        productId: 'gas',
        purchaseTime: Date.now(),
        purchaseState: 0,
        purchaseToken: `sbx_${randomBytes(18).toString('base64url')}`,
        developerPayload: payload,
        quantity: 1,
      });
      const signature = sign('sha256', Buffer.from(originalJson), key).toString('base64');
      bodies[i] = JSON.stringify({ market: 'sandbox', receipt: { originalJson, signature } });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return { session, bodies };
}

async function loadReceipts(ready: Ready, session: string, bodies: string[]): Promise<Result> {
  let i = 0;
  return autocannon({
    url: ready.url,
    connections: CONNECTIONS,
    amount: bodies.length,
    // autocannon checks whether the run is over only when it takes a sample (every second by
    // default) and reports the time up to that check: 20,000 requests done in 3.2 s read as 4.01 s.
    sampleInt: 10,
    requests: [{
      method: 'POST',
      path: '/v1/receipts',
      headers: { 'content-type': 'application/json', 'x-app-key': ready.appKey!, authorization: `Bearer ${session}` },
      setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }),
    }],
  });
}

/**
 * CPU time (user + system, ms) a process has used, from /proc (Linux). The server's CPU per
 * request is the number that stays comparable when other work shares the machine.
 */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
const CLOCK_TICKS = 100;

async function measureDurable(maxBatch: number | undefined, count: number): Promise<{ perSec: number; p99: number; non2xx: number; cpuUsPerRequest: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-bench-'));
  const { child, ready } = await startTarget(['billing', join(dir, 'bench.sqlite'), ...(maxBatch ? [String(maxBatch)] : [])]);
  try {
    const warm = await prepareReceipts(ready, 500);
    await loadReceipts(ready, warm.session, warm.bodies);
    const { session, bodies } = await prepareReceipts(ready, count);
    if (process.env.BENCH_INSTR) child.kill('SIGUSR2');
    const cpuBefore = cpuMs(child.pid!);
    const result = await loadReceipts(ready, session, bodies);
    const cpuUsPerRequest = ((cpuMs(child.pid!) - cpuBefore) * 1000) / result['2xx'];
    return { perSec: result['2xx'] / result.duration, p99: result.latency.p99, non2xx: result.non2xx + result.errors, cpuUsPerRequest };
  } finally {
    await stopTarget(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureBare(): Promise<number> {
  const { child, ready } = await startTarget(['bare']);
  try {
    await autocannon({ url: `${ready.url}/bare`, connections: CONNECTIONS, duration: 2 });
    const result = await autocannon({ url: `${ready.url}/bare`, connections: CONNECTIONS, duration: 10 });
    return result['2xx'] / result.duration;
  } finally {
    await stopTarget(child);
  }
}

async function verifierComparison(): Promise<{ googleVsPeer: number | null; appleVsOfficial: number | null }> {
  if (!existsSync(join(__dirname, 'verifiers.ts'))) return { googleVsPeer: null, appleVsOfficial: null };
  try {
    const mod = (await import('./verifiers')) as { compareVerifiers?: () => Promise<{ googleVsPeer: number; appleVsOfficial: number }> };
    return mod.compareVerifiers ? await mod.compareVerifiers() : { googleVsPeer: null, appleVsOfficial: null };
  } catch (error) {
    process.stderr.write(`verifiers comparison failed: ${String(error)}\n`);
    return { googleVsPeer: null, appleVsOfficial: null };
  }
}

async function main(): Promise<void> {
  const bare = await measureBare();
  console.log(`bare Fastify GET /bare: ${bare.toFixed(0)} req/s`);
  const durable = await measureDurable(undefined, RECEIPTS);
  console.log(`durable POST /v1/receipts (group commit): ${durable.perSec.toFixed(0)} req/s, p99 ${durable.p99} ms, non-2xx ${durable.non2xx}, server CPU ${durable.cpuUsPerRequest.toFixed(0)} µs/request`);
  const naive = await measureDurable(1, NAIVE_RECEIPTS);
  console.log(`durable POST /v1/receipts (one commit per request, maxBatch=1): ${naive.perSec.toFixed(0)} req/s, p99 ${naive.p99} ms, ratio ${(naive.perSec / bare).toFixed(3)}`);
  const verifiers = await verifierComparison();
  const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
  console.log(JSON.stringify({
    durableVerifyPerSec: Math.round(durable.perSec),
    barePerSec: Math.round(bare),
    ratio: round(durable.perSec / bare),
    p99Ms: durable.p99,
    googleVsPeer: verifiers.googleVsPeer,
    appleVsOfficial: verifiers.appleVsOfficial,
  }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
