import { expect } from 'chai';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApp } from '../../server/src/domain/apps';
import { loginTokenFor } from '../../server/src/domain/login-token';
import { defaultMarketRegistry } from '../../server/src/market-registry';
import { consoleSession } from './support/console-session';
import { forEachEngine } from './support/engines';
import { ADMIN_TOKEN, startHarness, type Harness } from './support/harness';
import { hostileJson, hostileString, operationsOf, valueFor, type Operation, type Pools } from './support/openapi-fuzz';

/**
 * Property-based fuzzing of every route in `/openapi.json` (SDK, game server, sandbox store,
 * admin, lifecycle, notifications, console API, static pages), on both engines, with valid and
 * broken auth, schema-derived and hostile parameters, queries, bodies and content types.
 * No answer may be a 5xx, except 503 STORE_UNAVAILABLE (the sandbox store's scripted `fail`
 * outcome, or a store API this closed network cannot reach: retryable by design); every error
 * has a catalog code; and afterwards the server is healthy, an app the fuzzer had no
 * credentials for is exactly as before, and it still sells.
 *
 * Seeded and printed: `FUZZ_SEED=<seed> FUZZ_REQUESTS=<n>` replays a run (CI: 20,000 per engine).
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PER_RUN = 40;
const CONTROL_APP = 'control-app';

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

forEachEngine('fuzz: every OpenAPI route and the console API, no 5xx', (engine) => {
  let h: Harness;
  let controlSecret: string;
  let consoleHeaders: Record<string, string>;
  let renewConsole: () => Promise<void>;
  const pools: Record<string, string[]> = { purchaseId: [], purchaseToken: [], paymentToken: [], userKey: ['fuzz-1', 'fuzz-2'], appKey: ['gas-station'], market: ['sandbox', 'google-play', 'app-store', 'one-store', 'test-market'], productId: ['gas', 'car_upgrade'], kind: ['undelivered', 'deadline'], file: ['index.html', 'console.js', 'config.json', 'constructor', '__proto__'] };
  const poolFns: Pools = Object.fromEntries(Object.keys(pools).map((k) => [k, () => pools[k]!]));
  const sessions: string[] = [];

  async function buy(session: string, appKey: string, outcome = 'approve') {
    const headers = { 'x-app-key': appKey, authorization: `Bearer ${session}` };
    const r = (await h.app.inject({ method: 'POST', url: '/v1/purchases', headers, payload: { productId: 'gas' } })).json();
    const store = (await h.app.inject({ method: 'POST', url: '/v1/sandbox/purchases', headers, payload: { productId: 'gas', developerPayload: r.payload.developerPayload, outcome } })).json();
    if (outcome !== 'approve') return { purchaseId: r.purchaseId as string, storeToken: store.purchase.purchaseToken as string };
    const v = (await h.app.inject({ method: 'POST', url: '/v1/receipts', headers, payload: { market: 'sandbox', receipt: store.purchase.receipt } })).json();
    return { purchaseId: r.purchaseId as string, storeToken: store.purchase.purchaseToken as string, paymentToken: v.paymentToken as string, state: v.purchase.state as string };
  }

  async function controlSnapshot(): Promise<string> {
    const app = await h.app.inject({ method: 'GET', url: `/v1/admin/apps/${CONTROL_APP}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const log = await h.app.inject({ method: 'GET', url: '/v1/users/control-user/purchases', headers: { authorization: `Bearer ${controlSecret}` } });
    expect(app.statusCode, app.body).to.equal(200);
    expect(log.statusCode, log.body).to.equal(200);
    return JSON.stringify([app.json(), log.json()]);
  }

  before(async function () {
    this.timeout(60_000);
    // No real network here: a store API call fails at once, as on a closed network (503 STORE_UNAVAILABLE).
    h = await startHarness({ ...engine(), markets: defaultMarketRegistry, fetch: async () => { throw new TypeError('fetch failed (no network in the fuzz suite)'); } });
    for (const user of ['fuzz-1', 'fuzz-2']) {
      const login = await h.login(user, {}, 'sandbox');
      sessions.push(login.sessionToken);
      const done = await buy(login.sessionToken, h.appKey);
      const pending = await buy(login.sessionToken, h.appKey, 'pending');
      pools.purchaseId!.push(done.purchaseId, pending.purchaseId);
      pools.purchaseToken!.push(done.storeToken, pending.storeToken);
      pools.paymentToken!.push(done.paymentToken!);
    }
    const control = await createApp(h.tdb.db, h.keys, { appKey: CONTROL_APP, name: 'Control', sandbox: { packageName: 'com.example.control' }, products: [{ productId: 'gas', type: 'consumable', title: 'Gas' }] }, h.clock.now);
    controlSecret = control.secretKey;
    const controlLogin = (await h.app.inject({ method: 'POST', url: '/v1/sessions', headers: { 'x-app-key': CONTROL_APP }, payload: { market: 'sandbox', userKey: 'control-user', loginToken: loginTokenFor(controlSecret, CONTROL_APP, 'control-user', Math.floor(h.clock.now / 1000) + 600) } })).json();
    expect((await buy(controlLogin.sessionToken, CONTROL_APP)).state).to.equal('VERIFIED');
    const agent = await consoleSession(h.app, h.tdb.db, h.clock.now);
    consoleHeaders = agent.headers;
    renewConsole = () => agent.renew();
  });
  after(async () => h?.close());

  it(`answers ${REQUESTS} generated requests without a 5xx and leaves the server unchanged`, async function () {
    this.timeout(Math.max(600_000, REQUESTS * 30));
    const started = performance.now();
    console.log(`      fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} FUZZ_REQUESTS=${REQUESTS}), ${engine().engine}`);
    const before = await controlSnapshot();
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const ops = operationsOf(doc);
    expect(ops.length, 'operations in /openapi.json').to.be.greaterThan(35);
    expect(ops.some((o) => o.path.startsWith('/console/api/'))).to.equal(true);

    const auth = fc.constantFrom<() => Record<string, string>>(
      () => ({}),
      () => ({ 'x-app-key': h.appKey }),
      () => ({ 'x-app-key': h.appKey, authorization: `Bearer ${sessions[0]}` }),
      () => ({ 'x-app-key': h.appKey, authorization: `Bearer ${sessions[1]}` }),
      () => ({ authorization: `Bearer ${h.secretKey}` }),
      () => ({ authorization: `Bearer ${ADMIN_TOKEN}` }),
      () => consoleHeaders,
      () => ({ cookie: consoleHeaders.cookie! }),
      () => ({ authorization: 'Bearer x', 'x-app-key': 'nope', cookie: 'cb_console=forged' }),
    );
    const contentType = fc.oneof(
      { arbitrary: fc.constant('application/json'), weight: 12 },
      { arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'garbage/\u221a', ''), weight: 1 },
    );
    const encode = (value: unknown, raw: boolean) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
      return raw ? text : encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
    };
    // The credentials each route family expects, most of the time; any other credentials otherwise.
    const rightAuth = (op: Operation): () => Record<string, string> => {
      const p = op.path;
      if (p.startsWith('/v1/admin/')) return () => ({ authorization: `Bearer ${ADMIN_TOKEN}` });
      if (p.startsWith('/console/api/')) return () => consoleHeaders;
      if (p.startsWith('/v1/lifecycle/') || p.startsWith('/v1/users/') || p.endsWith('/consume') && p.startsWith('/v1/purchases/')) return () => ({ authorization: `Bearer ${h.secretKey}` });
      if (p === '/v1/sessions' || p === '/v1/products') return () => ({ 'x-app-key': h.appKey });
      if (p.startsWith('/v1/notifications/') || !p.startsWith('/v1/')) return () => ({});
      return () => ({ 'x-app-key': h.appKey, authorization: `Bearer ${sessions[0]}` });
    };
    const toRequest = (op: Operation) =>
      fc.record({
        params: fc.record(Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, valueFor(p.schema, p.name, poolFns, 1)]))),
        query: fc.record(Object.fromEntries(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, fc.oneof(valueFor(p.schema, p.name, poolFns, 1), fc.array(hostileString, { minLength: 2, maxLength: 2 }))])), { requiredKeys: [] }),
        extraQuery: fc.option(fc.tuple(hostileString, hostileString), { freq: 8 }),
        body: op.body ? valueFor(op.body, 'body', poolFns) : op.path.startsWith('/v1/notifications') ? notificationBody : fc.option(hostileJson, { freq: 3 }),
        auth: fc.oneof({ arbitrary: fc.constant(rightAuth(op)), weight: 3 }, { arbitrary: auth, weight: 1 }),
        contentType,
        raw: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      }).map(({ params, query, extraQuery, body, auth: headersOf, contentType: type, raw }): FuzzRequest => {
        const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encode(params[name], raw));
        const search = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) search.append(k, typeof one === 'string' ? one.replace(/[\uD800-\uDFFF]/g, '\uFFFD') : JSON.stringify(one));
        if (extraQuery) search.append(extraQuery[0].replace(/[\uD800-\uDFFF]/g, ''), extraQuery[1].replace(/[\uD800-\uDFFF]/g, ''));
        const qs = search.toString();
        const headers = { ...headersOf() };
        const request: FuzzRequest = { method: op.method, url: `${path}${qs ? `?${qs}` : ''}`, headers };
        if (body !== undefined && body !== null && op.method !== 'GET' && op.method !== 'DELETE') {
          request.payload = type === 'application/json' ? JSON.stringify(body) : typeof body === 'string' ? body : JSON.stringify(body);
          if (type) headers['content-type'] = type;
        }
        return request;
      });
    // Console sign-in costs an argon2 verification (64 MiB, ~0.1 s): weighted down, still covered.
    const requestArb = fc.oneof(...ops.map((op) => ({ arbitrary: toRequest(op), weight: op.path === '/console/api/session' && op.method === 'POST' ? 1 : 8 })), { arbitrary: rawPaths, weight: 6 });

    const statuses = new Map<number, number>();
    const timeByRoute = new Map<string, number>();
    let sent = 0;
    await assertReplayable(
      fc.asyncProperty(fc.array(requestArb, { minLength: PER_RUN, maxLength: PER_RUN }), async (requests) => {
        // A generated sign-out ends the console session; the next run gets a new one.
        if ((await h.app.inject({ method: 'GET', url: '/console/api/me', headers: consoleHeaders })).statusCode === 401) await renewConsole();
        const answers = await Promise.all(requests.map(async (r) => {
          const t0 = performance.now();
          const res = await send(r);
          const key = `${r.method} ${r.url.split('?')[0]!.split('/').slice(0, 4).join('/')}`;
          timeByRoute.set(key, (timeByRoute.get(key) ?? 0) + performance.now() - t0);
          return { r, res };
        }));
        for (const { r, res } of answers) {
          if (!res) continue;
          sent++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          checkAnswer(r, res);
        }
      }),
      { seed: SEED, numRuns: Math.ceil(REQUESTS / PER_RUN), endOnFailure: true },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`      ${sent} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    const slowest = [...timeByRoute].sort((x, y) => y[1] - x[1]).slice(0, 4).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`);
    console.log(`      most time (summed over concurrent requests): ${slowest.join(', ')}`);
    expect(sent, 'requests actually sent').to.be.greaterThan(REQUESTS * 0.9);
    expect(statuses.get(200) ?? 0, 'some requests must get through').to.be.greaterThan(REQUESTS / 50);

    // The server afterwards: healthy, the control app untouched, and it still sells.
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).to.equal(200);
    expect(await controlSnapshot()).to.equal(before);
    const session = (await h.app.inject({ method: 'POST', url: '/v1/sessions', headers: { 'x-app-key': CONTROL_APP }, payload: { market: 'sandbox', userKey: 'after-fuzz', loginToken: loginTokenFor(controlSecret, CONTROL_APP, 'after-fuzz', Math.floor(h.clock.now / 1000) + 600) } })).json().sessionToken;
    expect((await buy(session, CONTROL_APP)).state).to.equal('VERIFIED');
  });

  async function send(r: FuzzRequest): Promise<LightMyRequestResponse | undefined> {
    // light-my-request (the client side) cannot send a URL that WHATWG URL refuses; skip those.
    if (!URL.canParse(r.url, 'http://127.0.0.1')) return undefined;
    const options: InjectOptions = { method: r.method as InjectOptions['method'], url: r.url, headers: r.headers };
    if (r.payload !== undefined) options.payload = r.payload;
    return h.app.inject(options);
  }
});

/** fast-check's report holds every request of the failing run (megabytes): show the failing one. */
async function assertReplayable<T>(property: fc.IAsyncProperty<T>, params: fc.Parameters<T>): Promise<void> {
  try {
    await fc.assert(property, params);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw new Error(`fuzz failed (replay: FUZZ_SEED=${SEED} FUZZ_REQUESTS=${REQUESTS}): ${cause instanceof Error ? cause.message : String(error).slice(0, 2000)}`);
  }
}

/** The console or demo page itself before `npm run build`: 503 "not built", whatever was asked. */
function notBuiltPage(r: FuzzRequest, res: LightMyRequestResponse): boolean {
  // As the server sees it: WHATWG URL parsing folds `/console/.` into `/console/`.
  const path = new URL(r.url, 'http://127.0.0.1').pathname;
  return res.statusCode === 503 && String(res.headers['content-type']).startsWith('text/html') && /^\/(console|demo)\/(|index\.html|console\.(js|css)(\.map)?|demo\.js(\.map)?|[\w.-]+\.(js|css|map|png|json))$/.test(path);
}

function checkAnswer(r: FuzzRequest, res: LightMyRequestResponse): void {
  const where = `${r.method} ${r.url.slice(0, 200)} ${JSON.stringify(r.headers).slice(0, 120)} ${String(r.payload).slice(0, 300)}`;
  if (notBuiltPage(r, res)) return;
  if (res.statusCode >= 500) {
    const code = safeJson(res.body)?.error?.code;
    if (!(res.statusCode === 503 && code === 'STORE_UNAVAILABLE')) throw new Error(`${where}\n→ ${res.statusCode} ${res.body.slice(0, 300)}`);
  }
  if (res.statusCode >= 400 && r.method !== 'HEAD') {
    const code = safeJson(res.body)?.error?.code;
    if (typeof code !== 'string') throw new Error(`error without a catalog code: ${where}\n→ ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
}

function safeJson(text: string): { error?: { code?: unknown } } | undefined {
  try {
    return JSON.parse(text) as { error?: { code?: unknown } };
  } catch {
    return undefined;
  }
}

/** Shapes each store really sends, and near misses (the parsers see these). */
const notificationBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ message: fc.record({ data: fc.oneof(fc.base64String(), hostileString), messageId: fc.string(), attributes: fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }) }, { requiredKeys: [] }), subscription: fc.string() }, { requiredKeys: [] }),
  fc.record({ signedPayload: fc.oneof(fc.string(), hostileString, fc.constant('eyJhbGciOiJFUzI1NiJ9.e30.sig')) }),
  fc.record({ msgVersion: fc.constantFrom('3.0.0', '3.1.0D'), packageName: fc.string(), clientId: fc.string(), purchaseId: fc.string(), purchaseState: fc.constantFrom('COMPLETED', 'CANCELED', 'X'), purchaseTimeMillis: fc.oneof(fc.integer(), fc.double(), fc.string()), signature: fc.base64String() }, { requiredKeys: [] }),
  hostileJson,
);

/** Paths no schema describes: unknown routes, methods, traversal, and object-property names. */
const rawPaths: fc.Arbitrary<FuzzRequest> = fc.tuple(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  fc.constantFrom('', '/console', '/demo', '/v1', '/v1/admin/apps', '/console/api', '/v1/sandbox/purchases'),
  fc.oneof(hostileString, fc.constantFrom('constructor', '__proto__', 'toString', '..%2f..%2fetc%2fpasswd', '%E0%A4%A', 'index.html')),
).map(([method, prefix, tail]) => ({ method, url: `${prefix}/${/^[\x21-\x7e]*$/.test(tail) ? tail : encodeURIComponent(tail.replace(/[\uD800-\uDFFF]/g, ''))}`, headers: {} }));
