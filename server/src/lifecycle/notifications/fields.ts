import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';

/** Small readers for store JSON: every miss is NOTIFICATION_MALFORMED naming the field. */
export function malformed(market: string, what: string): BillingError {
  return new BillingError('NOTIFICATION_MALFORMED', `The notification is malformed: ${what}.`, { details: { market } });
}

export function objectOf(market: string, value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed(market, `${what} is not an object`);
  return value as Record<string, unknown>;
}

export function stringOf(market: string, obj: Record<string, unknown>, field: string, max = 1024): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw malformed(market, `${field} is not a string`);
  return v;
}

export function optionalStringOf(market: string, obj: Record<string, unknown>, field: string, max = 1024): string | undefined {
  return obj[field] === undefined || obj[field] === null || obj[field] === '' ? undefined : stringOf(market, obj, field, max);
}

/** Stores send times and enums as numbers or numeric strings (Google's examples use strings). */
export function integerOf(market: string, obj: Record<string, unknown>, field: string): number {
  const v = obj[field];
  const n = typeof v === 'string' && /^-?\d{1,16}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw malformed(market, `${field} is not an integer`);
  return n;
}
