import { appStore } from './app-store';
import { googlePlay } from './google-play';
import { naver } from './naver';
import { oneStore } from './one-store';
import { sandbox } from './sandbox';
import type { AndroidWiring, ExtensionMarket } from './types';

/** Every market the extension knows, in the panel's order: one line each. */
export const EXTENSION_MARKETS: readonly ExtensionMarket[] = [googlePlay, oneStore, naver, appStore, sandbox];

export function extensionMarket(id: string): ExtensionMarket | undefined {
  return EXTENSION_MARKETS.find((m) => m.id === id);
}

/** Markets an Android build is wired for, in order; the first is the build option's default. */
export function androidMarketIds(): string[] {
  return EXTENSION_MARKETS.filter((m) => m.android).map((m) => m.id);
}

/** The wiring of an Android market; throws for an id that is not one (callers check first). */
export function androidWiring(id: string): AndroidWiring {
  const wiring = extensionMarket(id)?.android;
  if (!wiring) throw new Error(`${id} is not an Android market`);
  return wiring;
}

/** Cocos build platforms that always mean one market (e.g. Cocos' google-play platform). */
export function dedicatedPlatforms(): { platform: string; market: string }[] {
  return EXTENSION_MARKETS.flatMap((m) => (m.cocosPlatform ? [{ platform: m.cocosPlatform, market: m.id }] : []));
}

/** The component `androidMarket` values a build of `androidMarket` accepts ('' = the build option decides). */
export function componentMarketsFor(androidMarket: string): string[] {
  const others = EXTENSION_MARKETS.filter((m) => m.componentOnAndroid === 'any' || m.componentOnAndroid?.includes(androidMarket));
  return ['', androidMarket, ...others.map((m) => m.id).filter((id) => id !== androidMarket)];
}
