import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { loginTokenFor } from '../../server/src/domain/login-token';
import { startTarget } from '../server/load';
import type { TargetConfig } from '../server/target';
import { serverSide, slowJobs } from './server-side';
import { Window, percentile } from './window';

/**
 * `npm run bench:soak`: the billing server on SQLite (a child process, every lifecycle job on)
 * under a steady open-loop load of purchase flows (reserve → sandbox store purchase → receipt
 * verification → consume, four requests) at half its measured capacity, for SOAK_MINUTES
 * (default 30). Per window (SOAK_WINDOW_S, default 60 s): flows, errors, p50/p99/max flow
 * latency, the longest stall (no request finished while some were in flight), requests in
 * flight, and the server's RSS, WAL and database size. The LAST line is the JSON summary.
 * Targets (issue #20): no stall over 1 s, every window's p99 within 2× the first window's.
 *   SOAK_MINUTES=5 SOAK_RATE=200 npm run bench:soak   (SOAK_RATE in flows/s skips the capacity probe)
 */
const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const WINDOW_S = Number(process.env.SOAK_WINDOW_S ?? 60);
const PROBE_S = Number(process.env.SOAK_PROBE_S ?? 20);
/** Load before the first window counts (connections, JIT, caches), so window 1 is a fair baseline. */
const WARMUP_S = Number(process.env.SOAK_WARMUP_S ?? 30);
const USERS = 64;
const MAX_IN_FLIGHT_FLOWS = 5_000;

/** The fields of the answers this client reads. */
interface Answer {
  sessionToken?: string;
  purchaseId?: string;
  paymentToken?: string;
  payload?: { developerPayload: string };
  purchase?: { purchaseId: string; receipt: unknown };
  error?: { code: string; retryable: boolean; details?: { reason?: string } };
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let base = '';
let appKey = '';

function call(method: string, path: string, body: unknown, auth?: string): Promise<{ status: number; json: Answer }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((ok, fail) => {
    const req = request(`${base}${path}`, {
      method,
      agent,
      headers: { 'x-app-key': appKey, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          ok({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Answer });
        } catch (error) {
          fail(error as Error);
        }
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(payload);
  });
}

/** Request accounting shared by the probe and the soak: completions, stalls, in-flight. */
class Tracker {
  inFlight = 0;
  lastFinish = performance.now();
  window = new Window();
  async request<T>(run: () => Promise<T>): Promise<T> {
    if (this.inFlight === 0) this.lastFinish = performance.now();
    this.inFlight++;
    this.window.maxInFlight = Math.max(this.window.maxInFlight, this.inFlight);
    try {
      return await run();
    } finally {
      const now = performance.now();
      // Time since the last request finished, while requests were waiting: the server stood still.
      this.window.longestStallMs = Math.max(this.window.longestStallMs, now - this.lastFinish);
      this.lastFinish = now;
      this.inFlight--;
    }
  }
}

async function flow(t: Tracker, session: string): Promise<void> {
  const started = performance.now();
  const step = async (method: string, path: string, body: unknown) => {
    const r = await t.request(() => call(method, path, body, session));
    t.window.requests++;
    if (r.status !== 200) throw new Error(`${path} → ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
    return r.json;
  };
  try {
    const reserved = await step('POST', '/v1/purchases', { productId: 'gas' });
    const bought = await step('POST', '/v1/sandbox/purchases', { productId: 'gas', developerPayload: reserved.payload!.developerPayload, outcome: 'approve' });
    const verified = await step('POST', '/v1/receipts', { market: 'sandbox', receipt: bought.purchase!.receipt });
    await step('POST', `/v1/purchases/${reserved.purchaseId}/consume`, { paymentToken: verified.paymentToken });
    t.window.flowLatencies.push(performance.now() - started);
  } catch (error) {
    t.window.errors++;
    if (t.window.errors <= 3) process.stderr.write(`flow failed: ${String(error)}\n`);
  }
}

/** The bench target (bench/server/target.ts) on a SQLite file, with the shipped logger at info. */
async function startSoakTarget(file: string, logFile: string): Promise<{ child: ChildProcess; url: string; appKey: string; secretKey: string }> {
  const config: TargetConfig = { database: { engine: 'sqlite', file }, masterKey: randomBytes(32).toString('hex'), logLevel: 'info' };
  const { child, ready } = await startTarget(['billing', JSON.stringify(config)], logFile);
  return { child, url: ready.url, appKey: ready.appKey!, secretKey: ready.secretKey! };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const sizeMb = (file: string) => (statSync(file, { throwIfNoEntry: false })?.size ?? 0) / 1_048_576;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Closed loop, 32 flows at a time, for PROBE_S seconds: what the server sustains. */
async function probeCapacity(sessions: string[]): Promise<number> {
  const t = new Tracker();
  const until = performance.now() + PROBE_S * 1000;
  let flows = 0;
  await Promise.all(Array.from({ length: 32 }, async (_, i) => {
    while (performance.now() < until) {
      await flow(t, sessions[i % sessions.length]!);
      flows++;
    }
  }));
  return flows / PROBE_S;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-soak-'));
  const file = join(dir, 'billing.sqlite');
  const logFile = join(dir, 'server.log');
  const target = await startSoakTarget(file, logFile);
  base = target.url;
  appKey = target.appKey;
  const pid = target.child.pid!;
  try {
    const sessions: string[] = [];
    for (let i = 0; i < USERS; i++) {
      // The soak plays the game server too: each player logs in with its login token.
      const loginToken = loginTokenFor(target.secretKey, appKey, `soak-${i}`, Math.floor(Date.now() / 1000) + 600);
      sessions.push((await call('POST', '/v1/sessions', { market: 'sandbox', userKey: `soak-${i}`, loginToken })).json.sessionToken as string);
    }
    const capacity = process.env.SOAK_RATE ? undefined : await probeCapacity(sessions);
    const rate = Number(process.env.SOAK_RATE ?? Math.max(1, Math.round(capacity! / 2)));
    console.log(`soak: ${MINUTES} min at ${rate} flows/s${capacity ? ` (half of the measured ${capacity.toFixed(0)} flows/s)` : ''} after ${WARMUP_S} s of warm-up, windows of ${WINDOW_S} s, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log('window | flows | errors | p50 ms | p99 ms | max ms | longest stall ms | max in flight | RSS MB | WAL MB | DB MB | load | event loop max ms | client loop max ms | GC ms | syncs | syncs > 100 ms | mean sync ms | checkpoint holds | held ms | longest hold ms (run) | longest checkpoint ms (run)');

    const t = new Tracker();
    // This process's own event loop: a stall it causes (GC, CPU starved) is not the server's.
    const clientLoop = monitorEventLoopDelay({ resolution: 5 });
    clientLoop.enable();
    const windows: Array<ReturnType<Window['summary']> & { rssMb: number; walMb: number; dbMb: number; load: number; loopMaxMs: number }> = [];
    let side = await serverSide(base);
    const wallStarted = Date.now();
    const started = performance.now();
    const measuredFrom = started + WARMUP_S * 1000;
    const end = measuredFrom + MINUTES * 60_000;
    let launched = 0;
    let running = 0;
    let nextWindow = measuredFrom + WINDOW_S * 1000;
    let warm = WARMUP_S <= 0;
    let userTurn = 0;
    const closeWindow = async () => {
      const summary = t.window.summary();
      t.window = new Window();
      const now = await serverSide(base);
      const w = { ...summary, rssMb: rssMb(pid), walMb: sizeMb(`${file}-wal`), dbMb: sizeMb(file), load: loadavg()[0]!, loopMaxMs: now.loopMaxMs };
      windows.push(w);
      console.log([windows.length, w.flows, w.errors, w.p50.toFixed(1), w.p99.toFixed(1), w.max.toFixed(0), w.longestStallMs.toFixed(0), w.maxInFlight, w.rssMb.toFixed(0), w.walMb.toFixed(1), w.dbMb.toFixed(0), w.load.toFixed(1),
        now.loopMaxMs.toFixed(0), (clientLoop.max / 1e6).toFixed(0), (now.gcMs - side.gcMs).toFixed(0), now.syncs - side.syncs, now.syncsOver100Ms - side.syncsOver100Ms, ((now.syncMs - side.syncMs) / Math.max(1, now.syncs - side.syncs)).toFixed(1), now.finals - side.finals, (now.holdMsTotal - side.holdMsTotal).toFixed(0), now.holdMsMax.toFixed(0), now.checkpointMsMax.toFixed(0)].join(' | '));
      side = now;
      clientLoop.reset();
    };
    while (performance.now() < end) {
      const now = performance.now();
      // Open loop: flows start on schedule whether or not earlier ones finished (a stall shows as queueing).
      const due = Math.floor(((now - started) / 1000) * rate) - launched;
      for (let i = 0; i < due && running < MAX_IN_FLIGHT_FLOWS; i++) {
        launched++;
        running++;
        void flow(t, sessions[userTurn++ % sessions.length]!).finally(() => running--);
      }
      if (!warm && now >= measuredFrom) {
        warm = true;
        t.window = new Window();
        side = await serverSide(base);
      }
      if (now >= nextWindow) {
        await closeWindow();
        nextWindow += WINDOW_S * 1000;
      }
      await pause(5);
    }
    while (running > 0) await pause(20);
    // The last window ends with the run (its flows finished after the loop stopped launching).
    if (windows.length < Math.ceil((MINUTES * 60) / WINDOW_S)) await closeWindow();
    const slow = await slowJobs(logFile, wallStarted + WARMUP_S * 1000, 50);
    console.log(`lifecycle job runs of 50 ms or more: ${slow.length ? slow.join('; ') : 'none'}`);
    const first = windows[0]?.p99 ?? 0;
    const summary = {
      minutes: MINUTES,
      windowSeconds: WINDOW_S,
      rate,
      capacity: capacity === undefined ? null : Math.round(capacity),
      flows: windows.reduce((n, w) => n + w.flows, 0),
      errors: windows.reduce((n, w) => n + w.errors, 0),
      longestStallMs: Math.round(Math.max(0, ...windows.map((w) => w.longestStallMs))),
      p99ByWindow: windows.map((w) => Number(w.p99.toFixed(1))),
      p99WorstOverFirst: first > 0 ? Number((Math.max(...windows.map((w) => w.p99)) / first).toFixed(2)) : null,
      rssMb: windows.map((w) => Math.round(w.rssMb)),
      walMb: windows.map((w) => Number(w.walMb.toFixed(1))),
      dbMb: windows.map((w) => Math.round(w.dbMb)),
      p99MedianOfWindowsMs: Number(percentile(windows.map((w) => w.p99), 0.5).toFixed(1)),
      eventLoopMaxMs: windows.map((w) => Math.round(w.loopMaxMs)),
    };
    const ok = summary.longestStallMs < 1000 && (summary.p99WorstOverFirst ?? 0) <= 2 && summary.errors === 0;
    console.log(`targets: longest stall < 1000 ms, p99 ≤ 2× the first window's, 0 errors → ${ok ? 'met' : 'MISSED'}`);
    console.log(JSON.stringify(summary));
  } finally {
    target.child.kill('SIGTERM');
    await new Promise((r) => target.child.once('exit', r));
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
