import type { MarketRegistry } from './domain/market-services';
import { marketIds, marketModule } from './markets/registry';

/** The production markets (`server/src/markets/registry.ts`) behind the core's injectable registry seam. */
export const defaultMarketRegistry: MarketRegistry = {
  get: (id) => (marketIds().includes(id) ? marketModule(id) : undefined),
  keys: () => marketIds(),
};
