import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { MARKETS } from './markets';

/**
 * What the panel writes into the project (`settings/v2/packages/common-billing.json`, key
 * `config`), which goes into version control: never a plain public key, never the data key.
 */
export const ProductMapping = Type.Object({
  productId: Type.String(),
  marketProductId: Type.String(),
});
export type ProductMapping = Static<typeof ProductMapping>;

export const MarketSettings = Type.Object({
  enabled: Type.Boolean(),
  /** `cbk1.<nonce>.<ciphertext>` from encryptMarketKey, or '' when no key was entered. */
  encryptedPublicKey: Type.String(),
  products: Type.Array(ProductMapping),
});
export type MarketSettings = Static<typeof MarketSettings>;

export const BillingSettings = Type.Object({
  version: Type.Literal(1),
  serverUrl: Type.String(),
  appKey: Type.String(),
  markets: Type.Record(Type.String(), MarketSettings),
});
export type BillingSettings = Static<typeof BillingSettings>;

export function emptyMarketSettings(): MarketSettings {
  return { enabled: false, encryptedPublicKey: '', products: [] };
}

export function defaultSettings(): BillingSettings {
  const markets: Record<string, MarketSettings> = {};
  for (const m of MARKETS) markets[m.id] = emptyMarketSettings();
  return { version: 1, serverUrl: '', appKey: '', markets };
}

/**
 * Reads whatever the profile holds. A file edited by hand or written by an older version must
 * not break the panel: anything unreadable falls back to the defaults for that part.
 */
export function settingsFromProfile(raw: unknown): BillingSettings {
  const base = defaultSettings();
  if (Value.Check(BillingSettings, raw)) {
    return { ...raw, markets: { ...base.markets, ...raw.markets } };
  }
  const obj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (typeof obj.serverUrl === 'string') base.serverUrl = obj.serverUrl;
  if (typeof obj.appKey === 'string') base.appKey = obj.appKey;
  const markets = (obj.markets && typeof obj.markets === 'object' ? obj.markets : {}) as Record<string, unknown>;
  for (const [id, value] of Object.entries(markets)) {
    if (Value.Check(MarketSettings, value)) base.markets[id] = value;
  }
  return base;
}
