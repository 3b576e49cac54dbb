import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServerConfig } from '../config/schema';
import { createApp } from '../domain/apps';
import { DEMO_APP_KEY, FEATURES } from '../features';
import { updateAppSettings } from '../storage/repos/apps';
import { upsertProduct, type ProductDefinition } from '../storage/repos/products';
import { openRuntimeFrom, serve } from './runtime';

export const DEMO_PRODUCTS: ProductDefinition[] = [
  { productId: 'gas', type: 'consumable', title: 'Gas (10 L)', price: { amountMicros: 990_000, currency: 'USD' } },
  { productId: 'car_upgrade', type: 'non-consumable', title: 'Car upgrade', price: { amountMicros: 2_990_000, currency: 'USD' } },
  // A monthly VIP pass (issue #16). On the sandbox store a month lasts a minute (the sandbox market's
  // default subscriptionClock: period 60 s, grace 30 s, hold 30 s), so the demo shows its whole life.
  { productId: 'premium_pass', type: 'subscription', title: 'Premium pass (double gas)', price: { amountMicros: 4_990_000, currency: 'USD' }, subscription: { group: 'vip', period: 'P1M' } },
];

interface DemoSecrets {
  masterKey: string;
  adminToken: string;
  appSecret?: string;
}

/** Secrets of the local demo, kept next to its database so restarts keep sessions and keys valid. */
function demoSecrets(dataDir: string): DemoSecrets {
  const file = join(dataDir, 'demo-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoSecrets;
  const secrets = { masterKey: randomBytes(32).toString('base64'), adminToken: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** `common-billing demo`: migrate, start on ./data/demo.sqlite, create the demo app, seed features, print URLs. */
export async function runDemo(options: { port: number; host: string; dataDir?: string }): Promise<void> {
  const dataDir = resolve(options.dataDir ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const secrets = demoSecrets(dataDir);
  const config: ServerConfig = {
    // The Cocos Creator preview serves the game from port 7456: let it reach the demo server.
    server: { host: options.host, port: options.port, logLevel: 'warn', corsOrigins: ['http://localhost:7456', 'http://127.0.0.1:7456'] },
    database: { engine: 'sqlite', file: join(dataDir, 'demo.sqlite') },
    secrets: { masterKey: secrets.masterKey, adminToken: secrets.adminToken },
    limits: { rateLimitPerMinute: 6000 },
  };
  const rt = await openRuntimeFrom(config);
  // The demo has no game server to vouch for its players: it is sandbox-only (no real store can be
  // enabled) with login tokens off, the one case where that is allowed. Set again on every start,
  // so a demo database from before login tokens keeps working.
  const identity = { sandboxOnly: true, loginToken: 'off' } as const;
  const created = await createApp(rt.db, rt.keys, { appKey: DEMO_APP_KEY, name: 'Gas Station (demo)', sandbox: { packageName: 'com.example.gasstation' }, ...identity }, Date.now());
  if (created.created) writeFileSync(join(dataDir, 'demo-secrets.json'), JSON.stringify({ ...secrets, appSecret: created.secretKey }, null, 2), { mode: 0o600 });
  await rt.db.write(async (tx) => {
    await updateAppSettings(tx, DEMO_APP_KEY, { identity: { sandboxOnly: true, loginTokenRequired: false } }, Date.now());
    for (const p of DEMO_PRODUCTS) await upsertProduct(tx, DEMO_APP_KEY, p, Date.now());
  });
  await serve(rt, async (url, app) => {
    for (const feature of FEATURES) {
      await feature.seedDemo?.({ billing: app.billing, log: app.log, appKey: DEMO_APP_KEY, appSecret: created.created ? created.secretKey : secrets.appSecret, baseUrl: url });
    }
    const lines = [
      `Common Billing demo is running on ${url}`,
      `  API document : ${url}/openapi.json`,
      `  demo game    : ${url}/demo`,
      `  console      : ${url}/console`,
      `  health       : ${url}/healthz   metrics: ${url}/metrics`,
      `  demo app key : ${DEMO_APP_KEY} (sandbox-only, no login token; products gas, car_upgrade, premium_pass)`,
      `  secrets      : ${join(dataDir, 'demo-secrets.json')} (admin token, app secret)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
