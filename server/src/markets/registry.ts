import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { TSchema } from 'typebox';
import type { MarketModule } from './types';
import { sandboxMarket } from './sandbox';
import { googlePlayMarket } from './google-play';
import { appStoreMarket } from './app-store';
import { oneStoreMarket } from './one-store';
import { naverMarket } from './naver';

/**
 * Market id → module. Adding a market adds exactly one line here (STYLE.md rule 1). Built on
 * first use: market folders import core helpers that import this registry, so the map must not
 * be read while those modules are still loading.
 */
let markets: ReadonlyMap<string, MarketModule> | undefined;
function all(): ReadonlyMap<string, MarketModule> {
  markets ??= new Map([
    entry(sandboxMarket),
    entry(googlePlayMarket),
    entry(appStoreMarket),
    entry(oneStoreMarket),
    entry(naverMarket),
  ]);
  return markets;
}

/** The module for a market id; unknown ids are a client error, never a silent default. */
export function marketModule(id: string): MarketModule {
  const module = all().get(id);
  if (!module) throw new BillingError('UNKNOWN_MARKET', undefined, { details: { market: id } });
  return module;
}

export function marketIds(): string[] {
  return [...all().keys()];
}

/** Every market module, in registry order. */
export function marketModules(): MarketModule[] {
  return [...all().values()];
}

/** The module of a market id, or undefined (callers that answer UNKNOWN_MARKET themselves). */
export function findMarketModule(id: string): MarketModule | undefined {
  return all().get(id);
}

/** Markets whose store refunds unfinished purchases (watchdog, console deadline queue). */
export function refundingMarkets(): string[] {
  return marketModules().filter((m) => m.refundsUnfinished === true).map((m) => m.id);
}

/** Erases a module's config type: the core validates config against `configSchema` at run time. */
function entry<C extends TSchema>(module: MarketModule<C>): [string, MarketModule] {
  return [module.id, module as unknown as MarketModule];
}
