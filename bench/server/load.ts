import autocannon, { type Result } from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { openSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loginTokenFor } from '../../server/src/domain/login-token';

/** The load side of bench:server: target processes, receipts signed as the sandbox store would, autocannon, /proc CPU. */
export const CONNECTIONS = 50;
const TARGET = resolve(__dirname, 'target.ts');

export interface Ready {
  url: string;
  appKey?: string;
  /** The bench app's secret: the run plays the game server and makes the login token. */
  secretKey?: string;
  privateKeyPem?: string;
  packageName?: string;
}

export interface Target {
  child: ChildProcess;
  ready: Ready;
}

/** Starts target.ts with `args`; its stdout (the server log) goes to `logFile`, READY comes on fd 3. */
export function startTarget(args: string[], logFile = '/dev/null'): Promise<Target> {
  return new Promise((ok, fail) => {
    const instr = process.env.BENCH_INSTR ? ['--require', process.env.BENCH_INSTR] : [];
    const prof = process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/cbprof'] : [];
    const child = spawn(process.execPath, [...instr, ...prof, '--require', 'tsx/cjs', TARGET, ...args], {
      stdio: ['ignore', openSync(logFile, 'a'), 'inherit', 'pipe'],
    });
    let out = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (.+)\n/.exec(out);
      if (m) ok({ child, ready: JSON.parse(m[1]!) as Ready });
    });
    child.once('exit', (code) => fail(new Error(`target exited ${code}: ${out}`)));
  });
}

export async function stopTarget(t: Target): Promise<void> {
  if (t.child.exitCode !== null) return;
  const exited = new Promise((r) => t.child.once('exit', r));
  t.child.kill('SIGTERM');
  await exited;
}

async function post(url: string, path: string, body: unknown, headers: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

export async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

export interface Receipts {
  session: string;
  bodies: string[];
}

/** Reserves `count` purchases through the API and signs one sandbox receipt for each, as the sandbox store would. */
export async function prepareReceipts(ready: Ready, count: number, userKey = 'bench-user'): Promise<Receipts> {
  const headers = { 'x-app-key': ready.appKey! };
  const loginToken = loginTokenFor(ready.secretKey!, ready.appKey!, userKey, Math.floor(Date.now() / 1000) + 600);
  const session = (await post(ready.url, '/v1/sessions', { market: 'sandbox', userKey, loginToken }, headers)).sessionToken as string;
  const auth = { ...headers, authorization: `Bearer ${session}` };
  const key = createPrivateKey(ready.privateKeyPem!);
  const bodies: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const r = await post(ready.url, '/v1/purchases', { productId: 'gas' }, auth);
      const originalJson = JSON.stringify({
        orderId: `SBX.BENCH${i}.${randomBytes(6).toString('hex')}`,
        packageName: ready.packageName,
        productId: 'gas',
        purchaseTime: Date.now(),
        purchaseState: 0,
        purchaseToken: `sbx_${randomBytes(18).toString('base64url')}`,
        developerPayload: (r.payload as { developerPayload: string }).developerPayload,
        quantity: 1,
      });
      const signature = sign('sha256', Buffer.from(originalJson), key).toString('base64');
      bodies[i] = JSON.stringify({ market: 'sandbox', receipt: { originalJson, signature } });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return { session, bodies };
}

/** Posts every body once; `ratePerSec` caps the offered load (for latency at a given fraction of capacity). */
export function loadReceipts(ready: Ready, r: Receipts, connections = CONNECTIONS, ratePerSec?: number): Promise<Result> {
  let i = 0;
  return autocannon({
    url: ready.url,
    connections,
    amount: r.bodies.length,
    ...(ratePerSec ? { overallRate: Math.max(1, Math.round(ratePerSec)) } : {}),
    // autocannon notices that a fixed-amount run is over only when it samples (every second by default).
    sampleInt: 10,
    requests: [{
      method: 'POST',
      path: '/v1/receipts',
      headers: { 'content-type': 'application/json', 'x-app-key': ready.appKey!, authorization: `Bearer ${r.session}` },
      setupRequest: (req) => ({ ...req, body: r.bodies[i++ % r.bodies.length] }),
    }],
  });
}

/** CPU time (user + system, ms) a process has used, from /proc (Linux): comparable on a shared machine. */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
const CLOCK_TICKS = 100;

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
