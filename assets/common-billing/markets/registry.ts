import type { MarketDefinition } from './types';
import { googlePlay } from './google-play/google-play-market';
import { oneStore } from './one-store/one-store-market';
import { appStore } from './app-store/app-store-market';
import { naver } from './naver/naver-market';
import { sandbox } from './sandbox/sandbox-market';

/** Every market the SDK knows: one line each. */
export const MARKETS: Readonly<Record<string, MarketDefinition>> = {
  [googlePlay.id]: googlePlay,
  [oneStore.id]: oneStore,
  [appStore.id]: appStore,
  [naver.id]: naver,
  [sandbox.id]: sandbox,
};

/** The component's defaults: StoreKit on iOS builds, the billing server's sandbox store on the web. */
export const DEFAULT_IOS_MARKET = appStore.id;
export const DEFAULT_WEB_MARKET = sandbox.id;

export function findMarket(id: string): MarketDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(MARKETS, id) ? MARKETS[id] : undefined;
}
