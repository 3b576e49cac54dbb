import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/src/app';
import { createAccount } from '../../../server/src/console/accounts';
import { DEMO_PRODUCTS } from '../../../server/src/cli/demo';
import { consoleFeature } from '../../../server/src/console/feature';
import { DEFAULT_DEMO_DIST, demoFeature } from '../../../server/src/demo';
import { createApp } from '../../../server/src/domain/apps';
import { ServerKeys } from '../../../server/src/domain/keys';
import { lifecycleFeature } from '../../../server/src/lifecycle/feature';
import { defaultMarketRegistry } from '../../../server/src/market-registry';
import { migrate } from '../../../server/src/storage/migrate';
import { openDatabase } from '../../../server/src/storage/open';
import type { Database } from '../../../server/src/storage/types';

export const DEMO_APP_KEY = 'gas-station-demo';

/** The real billing server with the demo feature, on 127.0.0.1 and a temp SQLite file. */
export interface DemoServer {
  url: string;
  db: Database;
  app: FastifyInstance;
  /** The demo app's secret key (the game server's side: login tokens, consume). */
  appSecret: string;
  /** Creates a support-console account and returns its password. */
  consoleAccount(email: string): Promise<string>;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** Adds the support console feature (the browser test looks the purchases up there). */
  withConsole?: boolean;
  /**
   * Drives the server's clock (the sandbox store's accelerated subscription clock runs on it) and
   * adds the lifecycle feature with its jobs stopped: the test runs them with `app.lifecycle.scheduler.tick()`.
   */
  clock?: { now: number };
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-demo-'));
  const db = await openDatabase({ engine: 'sqlite', file: join(dir, 'demo.sqlite') });
  await migrate(db);
  const keys = new ServerKeys(randomBytes(32));
  const created = await createApp(db, keys, {
    appKey: DEMO_APP_KEY,
    name: 'Gas Station demo',
    sandbox: { packageName: 'com.example.gasstation' },
    // As `common-billing demo` makes it: sandbox-only, no game server to issue login tokens.
    sandboxOnly: true,
    loginToken: 'off',
    // The catalog `common-billing demo` creates (gas, car_upgrade, premium_pass).
    products: DEMO_PRODUCTS,
  }, options.clock?.now ?? Date.now());
  const clock = options.clock;
  const features = [
    ...(options.withConsole ? [consoleFeature()] : []),
    ...(clock ? [lifecycleFeature({ runJobs: false })] : []),
    demoFeature({ appKey: DEMO_APP_KEY }),
  ];
  const app = await buildApp({ db, keys, markets: defaultMarketRegistry, features, rateLimitPerMinute: 0, ...(clock ? { now: () => clock.now } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  return {
    appSecret: created.secretKey,
    url: `http://127.0.0.1:${address.port}`,
    db,
    app,
    async consoleAccount(email) {
      const password = randomBytes(12).toString('base64url');
      await createAccount(db, { email, password, role: 'support' }, Date.now());
      return password;
    },
    async close() {
      // Clients (the SDK's fetch) keep connections alive; the test is over, so cut them.
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const DEMO_SOURCES = ['demo', 'assets/samples/gas-station', 'assets/common-billing/core', 'assets/common-billing/markets'];

/** The console UI bundle (rollup/console.mjs), built when missing. */
export function ensureConsoleBuilt(): void {
  const root = resolve(__dirname, '..', '..', '..');
  if (existsSync(join(root, 'dist', 'console', 'console.js'))) return;
  execFileSync(process.execPath, ['node_modules/@rollup/wasm-node/dist/bin/rollup', '-c', 'rollup/console.mjs'], { cwd: root, stdio: 'ignore' });
}

/**
 * The browser test plays the bundle `npm run build` makes (rollup/demo.mjs). When it is
 * missing or older than its sources (a spec run without a build), it is built here first.
 */
export function ensureDemoBuilt(): void {
  const bundle = join(DEFAULT_DEMO_DIST, 'demo.js');
  if (existsSync(bundle) && newestSource() <= statSync(bundle).mtimeMs) return;
  const root = resolve(__dirname, '..', '..', '..');
  execFileSync(process.execPath, ['node_modules/@rollup/wasm-node/dist/bin/rollup', '-c', 'rollup/demo.mjs'], { cwd: root, stdio: 'ignore' });
}

function newestSource(): number {
  const root = resolve(__dirname, '..', '..', '..');
  let newest = 0;
  const walk = (path: string): void => {
    const info = statSync(path);
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) walk(join(path, name));
    } else newest = Math.max(newest, info.mtimeMs);
  };
  for (const dir of DEMO_SOURCES) walk(join(root, dir));
  return newest;
}
