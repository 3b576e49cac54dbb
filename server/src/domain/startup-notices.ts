import { Value } from 'typebox/value';
import { listAppMarkets, listApps } from '../storage/repos/apps';
import type { SqlExecutor } from '../storage/types';
import type { MarketRegistry } from './market-services';

/**
 * What each enabled app market wants the operator to know about its configuration (a weaker
 * mode, such as Google Play without the Developer API), for the log at start.
 */
export async function startupNotices(db: SqlExecutor, registry: MarketRegistry): Promise<{ appKey: string; market: string; notice: string }[]> {
  const notices: { appKey: string; market: string; notice: string }[] = [];
  for (const app of await listApps(db)) {
    for (const row of await listAppMarkets(db, app.app_key)) {
      const module = registry.get(row.market);
      if (!Number(row.enabled) || !module?.notices) continue;
      let config: unknown;
      try {
        config = JSON.parse(row.config);
      } catch {
        continue; // an unreadable config fails closed at the first request; nothing to say here
      }
      if (!Value.Check(module.configSchema, config)) continue;
      for (const notice of module.notices(config)) notices.push({ appKey: app.app_key, market: row.market, notice });
    }
  }
  return notices;
}
