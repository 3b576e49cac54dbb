import { readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { Type } from 'typebox';
import type { ProductDefinition } from '../storage/repos/products';
import { ProductDefinitionSchema } from '../routes/admin-schemas';
import { checkSubscriptionDefinition } from '../subscriptions/catalog';

/**
 * `products import <file>` accepts our catalog (`{"products": [...]}` or a bare array of
 * ProductDefinition) or the Naver product-list answer `{"valid": [...], "invalid": [...]}`,
 * where each valid entry is `{productCode, productName, productPrice (KRW), productType?}`
 * (NIAP getProductDetailsAsync). Naver entries map to the game product id `productId` when
 * given, else to the product code; the code becomes the `naver` market product id.
 */
const NaverEntry = Type.Object({
  productCode: Type.String({ minLength: 1, maxLength: 150 }),
  productName: Type.Optional(Type.String({ maxLength: 200 })),
  productPrice: Type.Optional(Type.Number({ minimum: 0 })),
  productType: Type.Optional(Type.String()),
  productId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' })),
});
const NaverList = Type.Object({ valid: Type.Array(NaverEntry), invalid: Type.Optional(Type.Array(Type.Unknown())) });

export interface ParsedCatalog {
  products: ProductDefinition[];
  /** Naver's `invalid` entries, reported, not imported. */
  invalid: unknown[];
}

export function parseCatalog(json: unknown): ParsedCatalog {
  if (Value.Check(NaverList, json)) {
    return {
      products: json.valid.map((e) => ({
        productId: e.productId ?? e.productCode,
        type: /non|permanent|durable/i.test(e.productType ?? '') ? 'non-consumable' : 'consumable',
        title: e.productName ?? e.productCode,
        price: e.productPrice === undefined ? null : { amountMicros: Math.round(e.productPrice * 1_000_000), currency: 'KRW' },
        marketProductIds: { naver: e.productCode },
      })),
      invalid: json.invalid ?? [],
    };
  }
  const list = Array.isArray(json) ? json : (json as { products?: unknown } | null)?.products;
  if (!Array.isArray(list)) throw new Error('Expected {"products": [...]}, an array of products, or a Naver list {"valid": [...], "invalid": [...]}');
  list.forEach((p, i) => {
    if (!Value.Check(ProductDefinitionSchema, p)) {
      const e = [...Value.Errors(ProductDefinitionSchema, p)][0];
      throw new Error(`Product #${i + 1}: ${e ? `${e.instancePath || '/'} ${e.message}` : 'invalid'}`);
    }
    try {
      checkSubscriptionDefinition(p as ProductDefinition);
    } catch (error) {
      throw new Error(`Product #${i + 1}: ${(error as Error).message}`);
    }
  });
  return { products: list as ProductDefinition[], invalid: [] };
}

export function readCatalogFile(file: string): ParsedCatalog {
  return parseCatalog(JSON.parse(readFileSync(file, 'utf8')));
}
