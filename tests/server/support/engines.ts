import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../../server/src/storage/migrate';
import { openDatabase } from '../../../server/src/storage/open';
import type { Database, EngineName } from '../../../server/src/storage/types';
import { requirePostgres } from '../../support/environment';

export interface TestDatabase {
  db: Database;
  /** How to open the same database again (e.g. from a child process). */
  config: { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };
  drop(): Promise<void>;
}

/** A fresh, migrated database: a temp SQLite file, or a throw-away PostgreSQL schema. */
export async function freshDatabase(engine: EngineName, pgUrl?: string): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cb-test-'));
    const config = { engine: 'sqlite' as const, file: join(dir, 'billing.sqlite') };
    const db = await openDatabase(config);
    await migrate(db);
    return { db, config, drop: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${pgUrl}${pgUrl!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const config = { engine: 'postgres' as const, url };
  const db = await openDatabase(config);
  await migrate(db);
  return {
    db,
    config,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** A fresh database holding one bare app, `a` (for tests of the storage layer that need an app row). */
export async function freshDatabaseWithApp(engine: { engine: EngineName; pgUrl?: string }): Promise<TestDatabase> {
  const t = await freshDatabase(engine.engine, engine.pgUrl);
  await t.db.write((tx) => tx.run("INSERT INTO apps (app_key, name, secret_hash, secret_sealed, created_at, updated_at) VALUES ('a', 'A', 'h', 's', 0, 0)"));
  return t;
}

/** Runs a suite once per engine; the PostgreSQL run skips locally (fails under CI) without TEST_DATABASE_URL. */
export function forEachEngine(title: string, body: (engine: () => { engine: EngineName; pgUrl?: string }) => void): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    describe(`${title} [${engine}]`, function () {
      let pgUrl: string | undefined;
      before(function () {
        if (engine === 'postgres') pgUrl = requirePostgres(this);
      });
      body(() => ({ engine, pgUrl }));
    });
  }
}
