import type { SqlExecutor } from '../types';

export interface AppRow {
  app_key: string;
  name: string;
  secret_hash: string;
  secret_sealed: string;
  require_user_signature: number;
  /** 1 = a game-server login token is required (always, unless sandbox_only = 1 switched it off). */
  login_token_required: number;
  /** 1 = only the sandbox market may be enabled; only such an app may switch login tokens off. */
  sandbox_only: number;
  /** Epoch ms until which the old static user signature is still accepted; NULL = never. */
  legacy_signature_until: number | null;
  data_key: string | null;
  created_at: number;
  updated_at: number;
}

export interface AppMarketRow {
  app_key: string;
  market: string;
  enabled: number;
  config: string;
  updated_at: number;
}

export async function findApp(db: SqlExecutor, appKey: string): Promise<AppRow | undefined> {
  return db.get<AppRow>('SELECT * FROM apps WHERE app_key = ?', [appKey]);
}

export async function findAppBySecretHash(db: SqlExecutor, secretHash: string): Promise<AppRow | undefined> {
  return db.get<AppRow>('SELECT * FROM apps WHERE secret_hash = ?', [secretHash]);
}

export async function listApps(db: SqlExecutor): Promise<AppRow[]> {
  return db.all<AppRow>('SELECT * FROM apps ORDER BY app_key');
}

export async function insertApp(
  tx: SqlExecutor,
  app: { appKey: string; name: string; secretHash: string; secretSealed: string; identity: PlayerIdentityPolicy; now: number },
): Promise<boolean> {
  const r = await tx.run(
    `INSERT INTO apps (app_key, name, secret_hash, secret_sealed, login_token_required, sandbox_only, legacy_signature_until, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (app_key) DO NOTHING`,
    [app.appKey, app.name, app.secretHash, app.secretSealed, app.identity.loginTokenRequired ? 1 : 0, app.identity.sandboxOnly ? 1 : 0,
      app.identity.legacySignatureUntil ?? null, app.now, app.now],
  );
  return r.changes === 1;
}

/** How an app's players prove who they are (see domain/login-token.ts). */
export interface PlayerIdentityPolicy {
  loginTokenRequired: boolean;
  sandboxOnly: boolean;
  legacySignatureUntil?: number | null;
}

export async function updateAppSettings(tx: SqlExecutor, appKey: string, s: { name?: string; identity?: PlayerIdentityPolicy }, now: number) {
  if (s.name !== undefined) await tx.run('UPDATE apps SET name = ?, updated_at = ? WHERE app_key = ?', [s.name, now, appKey]);
  if (s.identity !== undefined) {
    await tx.run('UPDATE apps SET login_token_required = ?, sandbox_only = ?, legacy_signature_until = ?, updated_at = ? WHERE app_key = ?', [
      s.identity.loginTokenRequired ? 1 : 0, s.identity.sandboxOnly ? 1 : 0, s.identity.legacySignatureUntil ?? null, now, appKey,
    ]);
  }
}

export async function setDataKey(tx: SqlExecutor, appKey: string, dataKey: string | null, now: number): Promise<boolean> {
  return (await tx.run('UPDATE apps SET data_key = ?, updated_at = ? WHERE app_key = ?', [dataKey, now, appKey])).changes === 1;
}

export async function findAppMarket(db: SqlExecutor, appKey: string, market: string): Promise<AppMarketRow | undefined> {
  return db.get<AppMarketRow>('SELECT * FROM app_markets WHERE app_key = ? AND market = ?', [appKey, market]);
}

export async function listAppMarkets(db: SqlExecutor, appKey: string): Promise<AppMarketRow[]> {
  return db.all<AppMarketRow>('SELECT * FROM app_markets WHERE app_key = ? ORDER BY market', [appKey]);
}

export async function upsertAppMarket(tx: SqlExecutor, appKey: string, market: string, enabled: boolean, config: unknown, now: number) {
  await tx.run(
    `INSERT INTO app_markets (app_key, market, enabled, config, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (app_key, market) DO UPDATE SET enabled = excluded.enabled, config = excluded.config, updated_at = excluded.updated_at`,
    [appKey, market, enabled ? 1 : 0, JSON.stringify(config), now],
  );
}
