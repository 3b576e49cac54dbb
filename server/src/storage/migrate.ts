import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, EngineName } from './types';

export const MIGRATIONS_DIR = join(__dirname, 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{3})_([a-z0-9_-]+?)(?:\.(sqlite|postgres))?\.sql$/;

/**
 * Every `NNN_name.sql` in number order; `NNN_name.sqlite.sql` / `NNN_name.postgres.sql` are
 * engine-specific variants of one migration (see README.md). Duplicate numbers are an error so
 * that two engineers cannot silently take the same slot.
 */
export function listMigrations(engine: EngineName, dir = MIGRATIONS_DIR): Migration[] {
  const byVersion = new Map<number, Migration>();
  for (const file of readdirSync(dir).sort()) {
    const m = FILE.exec(file);
    if (!m) continue;
    const [, num, name, only] = m;
    if (only && only !== engine) continue;
    const version = Number(num);
    const existing = byVersion.get(version);
    if (existing) throw new Error(`Two migrations share number ${num}: ${existing.name} and ${name}`);
    byVersion.set(version, { version, name: name!, sql: readFileSync(join(dir, file), 'utf8') });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/** Applies every migration not yet recorded, each in its own transaction. Returns the versions applied. */
export async function migrate(db: Database, dir = MIGRATIONS_DIR, now = Date.now): Promise<number[]> {
  const migrations = listMigrations(db.engine, dir);
  return db.withMigrationLock(async () => {
    await db.execScript(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const applied = new Set((await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      const record = `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, '${m.name}', ${now()})`;
      await db.execScript(`${m.sql}\n;\n${record};`);
      done.push(m.version);
    }
    return done;
  });
}
