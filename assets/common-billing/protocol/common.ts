import { Type, type Static } from 'typebox';

/**
 * Market ids are validated against each side's market registry at run time, not against a
 * union here, so that adding a market touches only its folders and one registry line.
 * Built-in ids: google-play, one-store, app-store, naver, sandbox.
 */
export const MarketId = Type.String({ pattern: '^[a-z][a-z0-9-]{1,31}$', description: 'Market id, e.g. google-play' });
export type MarketId = Static<typeof MarketId>;

/**
 * Shared string shapes, so every new field gets the input policy by default. The server also
 * refuses NUL and unpaired surrogates in every string it receives (server/src/plugins/input-policy.ts),
 * whatever the schema says; these helpers add each field's length and character set.
 */
/** Free text (notes, names, reasons): bounded; `min` 1 unless said otherwise. */
export const Text = (max: number, options: { min?: number; description?: string } = {}) =>
  Type.String({ minLength: options.min ?? 1, maxLength: max, ...(options.description ? { description: options.description } : {}) });
/** An opaque token or id issued by us or a store: printable ASCII, no spaces. */
export const Token = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '^[\\x21-\\x7e]+$', ...(description ? { description } : {}) });
/** A purchase id as a search filter: any letter case (the console lowercases it). */
export const PurchaseIdAnyCase = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[47][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$' });

/** Game-side identifiers: product ids, user keys. Printable, bounded. */
export const GameId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' });
export const UserKey = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$', description: 'The game\u2019s id for the player' });
/**
 * A purchase id: a UUID the server issues at reservation. Version 7 (time-ordered, RFC 9562) since
 * issue #18, so that a purchase's rows and events land beside the other recent ones in their
 * indexes instead of on a random page; version 4 before that. Both are valid UUIDs wherever a
 * store takes one (StoreKit's appAccountToken).
 */
export const PURCHASE_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
export const PurchaseId = Type.String({ pattern: PURCHASE_ID_PATTERN, description: 'UUID issued at reservation (version 7; version 4 for purchases made before 2026-12)' });
export type PurchaseId = Static<typeof PurchaseId>;
export const IsoDate = Type.String({ description: 'ISO 8601 date-time (UTC)' });

export const ProductType = Type.Union([Type.Literal('consumable'), Type.Literal('non-consumable'), Type.Literal('subscription')]);
export type ProductType = Static<typeof ProductType>;

/**
 * Server-side purchase states (DESIGN.md §3). CANCELED: a pending payment the store declined.
 * UNCLAIMED: paid at the store with no reservation (promo code, store-started), no user yet.
 */
export const PurchaseState = Type.Union([
  Type.Literal('RESERVED'),
  Type.Literal('PENDING'),
  Type.Literal('VERIFIED'),
  Type.Literal('CONSUMED'),
  Type.Literal('REVOKED'),
  Type.Literal('EXPIRED'),
  Type.Literal('REJECTED'),
  Type.Literal('CANCELED'),
  Type.Literal('UNCLAIMED'),
]);
export type PurchaseState = Static<typeof PurchaseState>;

export const Environment = Type.Union([Type.Literal('production'), Type.Literal('sandbox')]);
export type Environment = Static<typeof Environment>;
