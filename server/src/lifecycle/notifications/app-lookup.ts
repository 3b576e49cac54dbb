import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { SqlExecutor } from '../../storage/types';

export interface AppMarketConfig {
  appKey: string;
  config: Record<string, unknown>;
}

/**
 * The apps that enabled `market` with a configuration whose `field` equals `value` (package
 * name, bundle id, client id). Notifications carry no app key: the store's own identifier of
 * the app is the only link, and a notification for an identifier nobody configured is foreign.
 */
export async function appsByStoreIdentifier(db: SqlExecutor, market: string, fields: readonly string[], value: string): Promise<AppMarketConfig[]> {
  const rows = await db.all<{ app_key: string; config: string }>('SELECT app_key, config FROM app_markets WHERE market = ? AND enabled = 1 ORDER BY app_key', [market]);
  const found: AppMarketConfig[] = [];
  for (const row of rows) {
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(row.config) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (fields.some((f) => fieldAt(config, f) === value)) found.push({ appKey: row.app_key, config });
  }
  if (found.length === 0) throw new BillingError('NOTIFICATION_APP_UNKNOWN', undefined, { details: { market } });
  return found;
}

/** `a.b` reads a nested field (ONE store keeps its clientId under serverApi). */
function fieldAt(config: Record<string, unknown>, path: string): unknown {
  let value: unknown = config;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}
