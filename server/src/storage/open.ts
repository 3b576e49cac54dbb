import { openPostgres } from './postgres';
import { openSqlite } from './sqlite';
import type { Database } from './types';

export type DatabaseConfig = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string; poolSize?: number };

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.engine === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url, config.poolSize);
}
