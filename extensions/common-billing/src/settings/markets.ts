/**
 * The markets the panel configures. Ids are the protocol's market ids (protocol/common.ts),
 * so the settings the panel writes line up with what the SDK and the server call each market.
 * `usesPublicKey`: the market signs purchases with an RSA key that the SDK pre-checks on
 * the device (DESIGN.md §6); App Store and sandbox purchases carry their own proof instead.
 */
export interface MarketInfo {
  readonly id: string;
  readonly label: string;
  readonly usesPublicKey: boolean;
}

export const MARKETS: readonly MarketInfo[] = [
  { id: 'google-play', label: 'Google Play', usesPublicKey: true },
  { id: 'one-store', label: 'ONE store', usesPublicKey: true },
  { id: 'naver', label: 'Naver (legacy)', usesPublicKey: true },
  { id: 'app-store', label: 'App Store', usesPublicKey: false },
  { id: 'sandbox', label: 'Sandbox', usesPublicKey: false },
];

export function marketInfo(id: string): MarketInfo | undefined {
  return MARKETS.find((m) => m.id === id);
}

/** The Android store chosen per build: its native sources and Gradle entries are wired in. */
export const ANDROID_MARKETS = ['google-play', 'one-store'] as const;
export type AndroidMarket = (typeof ANDROID_MARKETS)[number];

export function isAndroidMarket(value: unknown): value is AndroidMarket {
  return typeof value === 'string' && (ANDROID_MARKETS as readonly string[]).includes(value);
}
