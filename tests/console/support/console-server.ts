import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/src/app';
import { createAccount } from '../../../server/src/console/accounts';
import type { ConsoleRole } from '../../../server/src/console/api-schemas';
import { consoleFeature, type ConsoleFeatureOptions } from '../../../server/src/console/feature';
import { createApp } from '../../../server/src/domain/apps';
import { ServerKeys } from '../../../server/src/domain/keys';
import { registryOf } from '../../../server/src/domain/market-services';
import type { Database, EngineName } from '../../../server/src/storage/types';
import { freshConsoleDatabase } from './database';

export const CONSOLE_DIST = resolve(__dirname, '..', '..', '..', 'dist', 'console');
export const APP_KEY = 'gas-station';
export const ROLES: readonly ConsoleRole[] = ['viewer', 'support', 'admin'];

export interface ConsoleServer {
  app: FastifyInstance;
  db: Database;
  keys: ServerKeys;
  clock: { now: number };
  baseUrl: string;
  /** Creates an account and returns its password. */
  account(email: string, role: ConsoleRole): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real billing server (core routes + the console feature) on a fresh database, listening
 * on 127.0.0.1 with a random port, with one app whose products have prices.
 */
export async function startConsoleServer(engine: EngineName, pgUrl?: string, options: ConsoleFeatureOptions = {}): Promise<ConsoleServer> {
  const tdb = await freshConsoleDatabase(engine, pgUrl);
  const keys = new ServerKeys(randomBytes(32));
  const clock = { now: Date.UTC(2026, 5, 15, 12) };
  await createApp(tdb.db, keys, {
    appKey: APP_KEY,
    name: 'Gas Station',
    products: [
      { productId: 'gas', type: 'consumable', title: 'Gas', price: { amountMicros: 1_200_000_000, currency: 'KRW' } },
      { productId: 'car_upgrade', type: 'non-consumable', title: 'Car upgrade', price: { amountMicros: 4_990_000, currency: 'USD' } },
      { productId: 'coins_1000', type: 'consumable', title: 'Coins', price: { amountMicros: 5_500_000_000, currency: 'KRW' } },
      { productId: 'premium_pass', type: 'subscription', title: 'Premium pass', price: { amountMicros: 4_990_000, currency: 'USD' }, subscription: { group: 'vip', period: 'P1M' } },
    ],
  }, clock.now);
  const app = await buildApp({
    db: tdb.db,
    keys,
    markets: registryOf([]),
    now: () => clock.now,
    rateLimitPerMinute: 0,
    forceCloseConnections: true,
    features: [consoleFeature({ distDir: CONSOLE_DIST, markets: () => ['google-play', 'one-store', 'app-store', 'sandbox'], ...options })],
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    db: tdb.db,
    keys,
    clock,
    baseUrl: `http://127.0.0.1:${port}`,
    async account(email, role) {
      const password = `pw-${randomBytes(9).toString('base64url')}`;
      await createAccount(tdb.db, { email, password, role }, clock.now);
      return password;
    },
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}
