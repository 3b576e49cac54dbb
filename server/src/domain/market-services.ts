import { Value } from 'typebox/value';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { MarketContext, MarketModule, MarketService } from '../markets/types';
import { configCache, type ConfigCheck } from '../storage/repos/config-cache';
import type { Database } from '../storage/types';

/** The markets the server knows: `server/src/markets/registry.ts` in production, anything in tests. */
export interface MarketRegistry {
  get(id: string): MarketModule | undefined;
  keys(): Iterable<string>;
}

export function registryOf(modules: readonly MarketModule[]): MarketRegistry {
  return new Map(modules.map((m) => [m.id, m]));
}

/**
 * Turns an app's stored market configuration into a verifier, once per configuration version.
 * Fails closed: an unknown market, a disabled one, or a configuration the market's schema
 * rejects never yields a verifier.
 */
export class MarketServices {
  private readonly cache = new Map<string, MarketService>();

  constructor(
    private readonly registry: MarketRegistry,
    private readonly ctx: MarketContext,
  ) {}

  module(market: string): MarketModule {
    const mod = this.registry.get(market);
    if (!mod) throw new BillingError('UNKNOWN_MARKET', undefined, { details: { market } });
    return mod;
  }

  /** Throws unless the market is known and enabled for the app. */
  async requireEnabled(db: Database, appKey: string, market: string): Promise<{ config: unknown; version: number }> {
    const row = await this.enabledRow(db, appKey, market);
    return { config: JSON.parse(row.config) as unknown, version: Number(row.updated_at) };
  }

  private async enabledRow(db: Database, appKey: string, market: string, check?: ConfigCheck) {
    this.module(market);
    const row = await configCache(db).market(appKey, market, check);
    if (!row || !Number(row.enabled)) throw new BillingError('MARKET_NOT_ENABLED', undefined, { details: { market } });
    return row;
  }

  /**
   * The verifier for the app's current market configuration (re-created when the row changes);
   * `check`: the configuration check the request already made (auth.ts, SessionAuth).
   */
  async serviceFor(db: Database, appKey: string, market: string, check?: ConfigCheck): Promise<MarketService> {
    const row = await this.enabledRow(db, appKey, market, check);
    const key = `${appKey}\n${market}\n${Number(row.updated_at)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const config = JSON.parse(row.config) as unknown;
    const mod = this.module(market);
    if (!Value.Check(mod.configSchema, config)) {
      throw new BillingError('MARKET_NOT_CONFIGURED', undefined, { details: { market } });
    }
    let service: MarketService;
    try {
      service = mod.create(config, this.ctx);
    } catch (error) {
      if (error instanceof BillingError) throw error;
      throw new BillingError('MARKET_NOT_CONFIGURED', undefined, { details: { market }, cause: error });
    }
    this.cache.set(key, service);
    return service;
  }
}
