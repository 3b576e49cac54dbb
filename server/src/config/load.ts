import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Value } from 'typebox/value';
import type { DatabaseConfig } from '../storage/open';
import { ServerConfig } from './schema';

export const DEFAULT_CONFIG_FILE = 'common-billing.json';

export function configPath(explicit?: string): string {
  return resolve(explicit ?? process.env.COMMON_BILLING_CONFIG ?? DEFAULT_CONFIG_FILE);
}

/** Reads and validates the config file; a bad file stops the server with a precise message. */
export function loadConfig(file: string): ServerConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the config file ${file}: ${(error as Error).message}. Run "common-billing init" to create one.`);
  }
  if (!Value.Check(ServerConfig, raw)) {
    const first = [...Value.Errors(ServerConfig, raw)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new Error(`Invalid config file ${file}:\n  ${first.join('\n  ')}`);
  }
  const config = raw;
  // A relative SQLite path is relative to the config file, not to wherever the command runs.
  if (config.database.engine === 'sqlite' && !isAbsolute(config.database.file)) {
    config.database = { ...config.database, file: resolve(dirname(file), config.database.file) };
  }
  // COMMON_BILLING_DATABASE_URL switches any config to PostgreSQL (containers, several instances).
  const url = process.env.COMMON_BILLING_DATABASE_URL;
  if (url) config.database = { engine: 'postgres', url };
  return config;
}

export function databaseConfig(config: ServerConfig): DatabaseConfig {
  return config.database;
}

export function newConfig(database: ServerConfig['database']): ServerConfig {
  return {
    server: { host: '127.0.0.1', port: 8080, logLevel: 'info' },
    database,
    secrets: { masterKey: randomBytes(32).toString('base64'), adminToken: randomBytes(24).toString('base64url') },
    limits: { bodyLimitBytes: 65536, rateLimitPerMinute: 1200 },
    sessionTtlSeconds: 86400,
    reservationTtlSeconds: 3600,
    apps: [],
  };
}
