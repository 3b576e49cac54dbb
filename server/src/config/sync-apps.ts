import { SANDBOX_MARKET, checkMarketSetting, createApp, identityPolicy, newSandboxConfig } from '../domain/apps';
import { hashSecret, type ServerKeys } from '../domain/keys';
import { findAppMarket, setDataKey, updateAppSettings, upsertAppMarket } from '../storage/repos/apps';
import { upsertProduct } from '../storage/repos/products';
import type { Database } from '../storage/types';
import type { AppConfig } from './schema';

/**
 * Makes the database match the apps of the config file: creates missing apps, updates name,
 * player-identity policy, secret, data key, markets and products. Sandbox keys are generated once and
 * kept (regenerating them would invalidate every sandbox receipt already issued).
 */
export async function syncConfigApps(db: Database, keys: ServerKeys, apps: readonly AppConfig[], now: number): Promise<void> {
  for (const a of apps) {
    const identity = { sandboxOnly: a.sandboxOnly, loginToken: a.loginToken, legacySignatureUntil: a.legacyUserSignatureUntil ? Date.parse(a.legacyUserSignatureUntil) : null };
    const policy = identityPolicy(identity);
    for (const [market, m] of Object.entries(a.markets ?? {})) {
      checkMarketSetting({ app_key: a.appKey, sandbox_only: policy.sandboxOnly ? 1 : 0 }, market, m.enabled, m.config);
    }
    await createApp(db, keys, { appKey: a.appKey, name: a.name, secretKey: a.secretKey, ...identity }, now);
    const sandboxExisting = a.sandbox ? await findAppMarket(db, a.appKey, SANDBOX_MARKET) : undefined;
    await db.write(async (tx) => {
      await updateAppSettings(tx, a.appKey, { name: a.name, identity: policy }, now);
      await tx.run('UPDATE apps SET secret_hash = ?, secret_sealed = ? WHERE app_key = ? AND secret_hash <> ?', [
        hashSecret(a.secretKey),
        keys.sealText(a.secretKey),
        a.appKey,
        hashSecret(a.secretKey),
      ]);
      if (a.dataKey) await setDataKey(tx, a.appKey, a.dataKey, now);
      if (a.sandbox) {
        const old = sandboxExisting ? (JSON.parse(sandboxExisting.config) as { packageName?: string }) : undefined;
        const config = old && old.packageName === a.sandbox.packageName ? old : newSandboxConfig(a.sandbox.packageName);
        await upsertAppMarket(tx, a.appKey, SANDBOX_MARKET, true, config, now);
      }
      for (const [market, m] of Object.entries(a.markets ?? {})) await upsertAppMarket(tx, a.appKey, market, m.enabled, m.config, now);
      for (const p of a.products ?? []) await upsertProduct(tx, a.appKey, p, now);
    });
  }
}
