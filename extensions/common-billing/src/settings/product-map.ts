import { fieldError } from './field-error';
import type { ProductMapping } from './schema';

/**
 * The panel edits a market's product mapping as text, one product per line:
 * `gameProductId = marketProductId`, or a single id when both sides use the same one.
 * Blank lines and lines starting with `#` are ignored. Limits match the API's GameId and
 * Product.marketProductId (protocol/common.ts, protocol/api.ts).
 */
const ID = /^[\x21-\x7e]+$/;
const MAX_GAME_ID = 128;
const MAX_MARKET_ID = 150;

export function parseProductMap(text: string, field: string): ProductMapping[] {
  const out: ProductMapping[] = [];
  const seenOnLine = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    if (!line || line.startsWith('#')) return;
    const parts = line.split('=').map((p) => p.trim());
    if (parts.length > 2 || parts.some((p) => !p)) {
      throw fieldError(field, 'product-line-invalid', `Line ${lineNo}: write "gameProductId = marketProductId".`, { line: lineNo });
    }
    const productId = parts[0]!;
    const marketProductId = parts[1] ?? productId;
    if (!ID.test(productId) || productId.length > MAX_GAME_ID || !ID.test(marketProductId) || marketProductId.length > MAX_MARKET_ID) {
      throw fieldError(field, 'product-id-invalid', `Line ${lineNo}: product ids are printable ASCII without spaces (game id ≤ ${MAX_GAME_ID}, market id ≤ ${MAX_MARKET_ID}).`, { line: lineNo });
    }
    const first = seenOnLine.get(productId);
    if (first !== undefined) {
      throw fieldError(field, 'product-id-duplicate', `Line ${lineNo}: "${productId}" is already mapped on line ${first}.`, { line: lineNo, productId });
    }
    seenOnLine.set(productId, lineNo);
    out.push({ productId, marketProductId });
  });
  return out;
}

export function formatProductMap(products: readonly ProductMapping[]): string {
  return products.map((p) => (p.productId === p.marketProductId ? p.productId : `${p.productId} = ${p.marketProductId}`)).join('\n');
}
