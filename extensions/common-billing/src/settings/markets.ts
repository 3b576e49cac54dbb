import { androidMarketIds, EXTENSION_MARKETS, extensionMarket } from '../native/markets/registry';

/**
 * The markets the panel configures, from the extension's market registry (native/markets/).
 * Ids are the protocol's market ids (protocol/common.ts), so the settings the panel writes line
 * up with what the SDK and the server call each market. `usesPublicKey`: see ExtensionMarket.
 */
export interface MarketInfo {
  readonly id: string;
  readonly label: string;
  readonly usesPublicKey: boolean;
}

export const MARKETS: readonly MarketInfo[] = EXTENSION_MARKETS.map(({ id, label, usesPublicKey }) => ({ id, label, usesPublicKey }));

export function marketInfo(id: string): MarketInfo | undefined {
  return MARKETS.find((m) => m.id === id);
}

/** The Android store chosen per build: its native sources and Gradle entries are wired in. */
export const ANDROID_MARKETS: readonly string[] = androidMarketIds();
export type AndroidMarket = string;

export function isAndroidMarket(value: unknown): value is AndroidMarket {
  return typeof value === 'string' && extensionMarket(value)?.android !== undefined;
}
