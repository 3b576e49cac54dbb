import { openPostgres } from './postgres';
import { openSqlite } from './sqlite';
import type { Database } from './types';

/** `maxBatch`: most writes per group commit (default 512; 1 = one commit per request, for comparison). */
export type DatabaseConfig = { engine: 'sqlite'; file: string; maxBatch?: number } | { engine: 'postgres'; url: string; poolSize?: number; maxBatch?: number };

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.engine === 'sqlite' ? openSqlite(config.file, { maxBatch: config.maxBatch }) : openPostgres(config.url, config.poolSize, config.maxBatch);
}
