import { randomBytes } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Rows keyed by
 * it are appended at the end of their index instead of landing on a random page, so a batch of
 * inserts dirties a few pages, not one page each (less to write to the WAL at every COMMIT).
 * For internal row ids only: the ids clients see (purchase ids) stay version 4.
 */
export function timeOrderedId(now = Date.now()): string {
  const b = randomBytes(16);
  // A test clock may say anything; the id only needs to be unique, so keep it in range.
  b.writeUIntBE(Math.min(Math.max(Math.floor(now), 0), 2 ** 48 - 1), 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
