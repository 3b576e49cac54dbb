import type { SqlExecutor } from '../storage/types';
import { isoOrNull, type ListRow } from './purchase-rows';
import { fetchPage, type PayloadDecoder, type SearchFilters } from './search';

const HEADER = ['purchase_id', 'created_at', 'user_key', 'market', 'product_id', 'market_product_id', 'state', 'environment', 'test',
  'store_transaction_id', 'purchase_token', 'amount', 'currency', 'amount_estimated', 'test_unknown', 'delivered_at', 'store_finished'];

/**
 * RFC 4180 field quoting, plus a leading apostrophe for values a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR): user keys and tokens come from outside.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function amount(r: ListRow): string | null {
  if (r.price_micros === null) return null;
  return (Number(r.price_micros) * Number(r.quantity) / 1_000_000).toFixed(6).replace(/\.?0+$/, '');
}

function line(r: ListRow): string {
  return [r.purchase_id, isoOrNull(r.created_at), r.user_key, r.market, r.product_id, r.market_product_id, r.state, r.environment,
    Number(r.test) ? 'true' : 'false', r.store_transaction_id, r.purchase_token, amount(r), r.currency,
    Number(r.price_estimated) ? 'true' : 'false', Number(r.test_unknown) ? 'true' : 'false', isoOrNull(r.delivered_at),
    Number(r.store_finished) ? 'true' : 'false'].map(csvField).join(',');
}

/**
 * The whole search as CSV, produced page by page (keyset pagination), so memory stays flat
 * however many rows match and the first bytes leave before the last page is read.
 */
export async function* csvLines(db: SqlExecutor, filters: SearchFilters, decodePayload: PayloadDecoder, batch = 1000): AsyncGenerator<string> {
  yield `${HEADER.join(',')}\r\n`;
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(db, filters, decodePayload, cursor, batch);
    if (page.rows.length) yield `${page.rows.map(line).join('\r\n')}\r\n`;
    if (!page.next) return;
    cursor = page.next;
  }
}
