import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { SqlExecutor, SqlValue } from '../storage/types';
import type { SearchQuery, SearchResponse } from './api-schemas';
import { LIST_COLUMNS, LIST_FROM, toPurchaseRow, type ListRow } from './purchase-rows';

const DAY_MS = 86_400_000;
export const DEFAULT_PAGE_SIZE = 50;

/**
 * Reads the purchase id out of a developer payload / obfuscatedProfileId that the server
 * issued (`cb1.<purchase id hex>.<mac>`), so the console can find a purchase from a payload a
 * store report quotes. Injected by the plugin (the token format belongs to the server core).
 */
export type PayloadDecoder = (payload: string) => string | undefined;

export type SearchFilters = Omit<SearchQuery, 'cursor' | 'limit'>;

/** WHERE clause and parameters for the filters; every filter is an indexed equality or range. */
export function buildWhere(filters: SearchFilters, decodePayload: PayloadDecoder): { where: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`${column} = ?`);
    params.push(value);
  };
  eq('p.user_key', filters.userKey);
  // Google's orderId, Apple's transactionId and ONE store's purchaseId are the store
  // transaction id; "order id" is the name customers and store reports use for it.
  eq('p.store_transaction_id', filters.storeTransactionId);
  eq('p.store_transaction_id', filters.orderId);
  eq('p.purchase_token', filters.purchaseToken);
  eq('p.purchase_id', filters.purchaseId?.toLowerCase());
  if (filters.developerPayload !== undefined) {
    const purchaseId = decodePayload(filters.developerPayload.trim());
    if (!purchaseId) throw new BillingError('VALIDATION_FAILED', 'This developer payload was not issued by this billing server.');
    eq('p.purchase_id', purchaseId);
  }
  eq('p.market', filters.market);
  eq('p.state', filters.state);
  eq('p.environment', filters.environment);
  const range = dayRange(filters.from, filters.to);
  if (range.from !== undefined) {
    clauses.push('p.created_at >= ?');
    params.push(range.from);
  }
  if (range.to !== undefined) {
    clauses.push('p.created_at < ?');
    params.push(range.to);
  }
  return { where: clauses.length ? clauses.join(' AND ') : '1 = 1', params };
}

/** `from` and `to` are inclusive UTC days; the result is [from 00:00, day after `to` 00:00). */
export function dayRange(from?: string, to?: string): { from?: number; to?: number } {
  const start = from === undefined ? undefined : parseDay(from, 'from');
  const end = to === undefined ? undefined : parseDay(to, 'to') + DAY_MS;
  if (start !== undefined && end !== undefined && start >= end) throw new BillingError('VALIDATION_FAILED', '"from" must not be after "to".');
  return { from: start, to: end };
}

function parseDay(day: string, name: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new BillingError('VALIDATION_FAILED', `"${name}" is not a valid day.`);
  return ms;
}

/** Keyset cursor over (created_at DESC, purchase_id DESC): stable under inserts, no OFFSET scans. */
export function encodeCursor(createdAt: number, purchaseId: string): string {
  return Buffer.from(JSON.stringify([createdAt, purchaseId])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: number; purchaseId: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Only what encodeCursor makes: an exact epoch-ms integer and a purchase id. Anything else (1e300,
    // a NUL, a 10 KB string) used to reach the database as a value of the wrong range or text.
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === 'string' && /^[0-9a-f-]{1,64}$/.test(value[1])) {
      return { createdAt: value[0] as number, purchaseId: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new BillingError('VALIDATION_FAILED', 'The page cursor is not valid.');
}

/** One page of rows matching the filters, newest first, plus the cursor of the next page. */
export async function fetchPage(db: SqlExecutor, filters: SearchFilters, decodePayload: PayloadDecoder, cursor: string | undefined, limit: number): Promise<{ rows: ListRow[]; next: string | null }> {
  const { where, params } = buildWhere(filters, decodePayload);
  let keyset = '';
  if (cursor !== undefined) {
    const c = decodeCursor(cursor);
    // A row-value comparison, which both engines turn into one range scan of the
    // (created_at, purchase_id) index; the equivalent OR form makes SQLite sort instead.
    keyset = ' AND (p.created_at, p.purchase_id) < (?, ?)';
    params.push(c.createdAt, c.purchaseId);
  }
  const rows = await db.all<ListRow>(
    `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE ${where}${keyset} ORDER BY p.created_at DESC, p.purchase_id DESC LIMIT ?`,
    [...params, limit + 1],
  );
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? encodeCursor(Number(last.created_at), last.purchase_id) : null };
}

export async function searchPurchases(db: SqlExecutor, query: SearchQuery, decodePayload: PayloadDecoder): Promise<SearchResponse> {
  const { cursor, limit, ...filters } = query;
  const page = await fetchPage(db, filters, decodePayload, cursor, limit === undefined ? DEFAULT_PAGE_SIZE : Number(limit));
  return { items: page.rows.map(toPurchaseRow), nextCursor: page.next };
}
