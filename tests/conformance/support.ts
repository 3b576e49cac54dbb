import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/src/app';
import { ServerKeys } from '../../server/src/domain/keys';
import { consoleFeature } from '../../server/src/console/feature';
import { lifecycleFeature } from '../../server/src/lifecycle/feature';
import type { LifecycleOptions } from '../../server/src/lifecycle/options';
import { defaultMarketRegistry } from '../../server/src/market-registry';
import type { EngineName } from '../../server/src/storage/types';
import { freshDatabase } from '../server/support/engines';

export const ADMIN_TOKEN = `conformance-admin-${randomBytes(12).toString('hex')}`;

export interface LocalTarget {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Webhook jobs every ~200 ms instead of 15 s, so the webhook scenario takes seconds. */
export const FAST_JOBS: Partial<LifecycleOptions> = {
  tickMs: 100,
  intervals: { webhooks: 200, watchdog: 600_000, voidedPoll: 3_600_000, pendingRecheck: 900_000, expireReservations: 900_000 },
  webhooks: { timeoutMs: 5_000, maxAttempts: 12, baseBackoffMs: 300, maxBackoffMs: 2_000, batch: 50, lookbackMs: 7 * 86_400_000 },
};

/**
 * A billing server as `common-billing demo` runs it (real markets, lifecycle and console
 * features, wall clock, admin token), on a fresh database, listening on 127.0.0.1:0.
 * `lifecycle` overrides weaken or speed up its config.
 */
export async function startLocalTarget(engine: { engine: EngineName; pgUrl?: string }, lifecycle: Partial<LifecycleOptions> = FAST_JOBS): Promise<LocalTarget> {
  const tdb = await freshDatabase(engine.engine, engine.pgUrl);
  const app = await buildApp({
    db: tdb.db,
    keys: new ServerKeys(randomBytes(32)),
    markets: defaultMarketRegistry,
    adminToken: ADMIN_TOKEN,
    rateLimitPerMinute: 0,
    features: [lifecycleFeature({ ...FAST_JOBS, ...lifecycle }), consoleFeature()],
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    async close() {
      await app.close();
      await tdb.drop();
    },
  };
}
