import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { TSchema } from 'typebox';
import type { MarketModule } from './types';
import { sandboxMarket } from './sandbox';
import { googlePlayMarket } from './google-play';
import { appStoreMarket } from './app-store';
import { oneStoreMarket } from './one-store';
import { naverMarket } from './naver';

/** Market id → module. Adding a market adds exactly one line here (STYLE.md rule 1). */
const MARKETS: ReadonlyMap<string, MarketModule> = new Map([
  entry(sandboxMarket),
  entry(googlePlayMarket),
  entry(appStoreMarket),
  entry(oneStoreMarket),
  entry(naverMarket),
]);

/** The module for a market id; unknown ids are a client error, never a silent default. */
export function marketModule(id: string): MarketModule {
  const module = MARKETS.get(id);
  if (!module) throw new BillingError('UNKNOWN_MARKET', undefined, { details: { market: id } });
  return module;
}

export function marketIds(): string[] {
  return [...MARKETS.keys()];
}

/** Erases a module's config type: the core validates config against `configSchema` at run time. */
function entry<C extends TSchema>(module: MarketModule<C>): [string, MarketModule] {
  return [module.id, module as unknown as MarketModule];
}
