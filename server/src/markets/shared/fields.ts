import { malformed, tooLarge } from './signed-json';

/** Bound for ids, tokens and payloads inside a signed receipt. Real values are far smaller. */
export const MAX_FIELD_CHARS = 1024;

/**
 * Typed reads from a verified receipt JSON. A wrong type or an absurd size is
 * RECEIPT_MALFORMED / RECEIPT_TOO_LARGE, naming the field, never a crash later on.
 */
export function requiredString(data: Record<string, unknown>, field: string): string {
  const value = optionalString(data, field);
  if (value === undefined || value === '') throw malformed(`${field} is missing`);
  return value;
}

export function optionalString(data: Record<string, unknown>, field: string): string | undefined {
  const value = data[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformed(`${field} is not a string`);
  if (value.length > MAX_FIELD_CHARS) throw tooLarge(field);
  return value;
}

/** Epoch milliseconds or small counters; accepts the numeric strings some stores send. */
export function optionalInteger(data: Record<string, unknown>, field: string): number | undefined {
  const value = data[field];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw malformed(`${field} is not an integer`);
  return n;
}

export function requiredInteger(data: Record<string, unknown>, field: string): number {
  const value = optionalInteger(data, field);
  if (value === undefined) throw malformed(`${field} is missing`);
  return value;
}

/** Quantity defaults to 1 (stores omit it for single items); 1..1000 is the accepted range. */
export function quantityOf(data: Record<string, unknown>, field = 'quantity'): number {
  const value = optionalInteger(data, field) ?? 1;
  if (value < 1 || value > 1000) throw malformed(`${field} is out of range`);
  return value;
}

/** Drops undefined members so bindings only list what the receipt really carries. */
export function compact<T extends Record<string, string | undefined>>(obj: T): { [K in keyof T]?: string } {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== '') out[k] = v;
  return out as { [K in keyof T]?: string };
}
