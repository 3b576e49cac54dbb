import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../app';
import { loadConfig } from '../config/load';
import type { ServerConfig } from '../config/schema';
import { syncConfigApps } from '../config/sync-apps';
import { ServerKeys } from '../domain/keys';
import { defaultMarketRegistry } from '../market-registry';
import { REDACT_PATHS } from '../plugins/redact';
import { migrate } from '../storage/migrate';
import { openDatabase } from '../storage/open';
import type { Database } from '../storage/types';

export interface Runtime {
  config: ServerConfig;
  db: Database;
  keys: ServerKeys;
}

/** Opens the configured database, applies migrations and syncs the config file's apps. */
export async function openRuntime(configFile: string): Promise<Runtime> {
  const config = loadConfig(configFile);
  return openRuntimeFrom(config);
}

export async function openRuntimeFrom(config: ServerConfig): Promise<Runtime> {
  const db = await openDatabase(config.database);
  await migrate(db);
  const keys = ServerKeys.fromBase64(config.secrets.masterKey);
  await syncConfigApps(db, keys, config.apps ?? [], Date.now());
  return { config, db, keys };
}

/** What the config file says about the server, as buildApp options (start, demo, and tests of init's config). */
export function appOptionsFrom(rt: Runtime): BuildAppOptions {
  const { config } = rt;
  return {
    db: rt.db,
    keys: rt.keys,
    markets: defaultMarketRegistry,
    adminToken: config.secrets.adminToken,
    logger: { level: config.server?.logLevel ?? 'info', redact: REDACT_PATHS },
    bodyLimitBytes: config.limits?.bodyLimitBytes,
    rateLimitPerMinute: config.limits?.rateLimitPerMinute,
    sessionTtlMs: (config.sessionTtlSeconds ?? 86400) * 1000,
    reservationTtlMs: (config.reservationTtlSeconds ?? 3600) * 1000,
    trustProxy: config.server?.trustProxy,
    corsOrigins: config.server?.corsOrigins,
  };
}

/** Builds the server from a runtime, listens, and closes everything on SIGINT/SIGTERM. */
export async function serve(rt: Runtime, onListening?: (url: string, app: FastifyInstance) => Promise<void> | void): Promise<FastifyInstance> {
  const { config } = rt;
  const app = await buildApp(appOptionsFrom(rt));
  const url = await app.listen({ host: config.server?.host ?? '127.0.0.1', port: config.server?.port ?? 8080 });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await rt.db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await onListening?.(url, app);
  return app;
}
