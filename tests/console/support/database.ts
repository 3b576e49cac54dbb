import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../../server/src/storage/migrate';
import { openDatabase } from '../../../server/src/storage/open';
import type { Database, EngineName } from '../../../server/src/storage/types';

export interface ConsoleTestDatabase {
  db: Database;
  drop(): Promise<void>;
}

/** A fresh database with every migration (core + console): a temp SQLite file or a throw-away PostgreSQL schema. */
export async function freshConsoleDatabase(engine: EngineName, pgUrl?: string): Promise<ConsoleTestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cb-console-'));
    const db = await openDatabase({ engine: 'sqlite', file: join(dir, 'billing.sqlite') });
    await migrate(db);
    return { db, drop: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  if (!pgUrl) throw new Error('PostgreSQL URL required');
  const schema = `console_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const db = await openDatabase({ engine: 'postgres', url });
  await migrate(db);
  return {
    db,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
