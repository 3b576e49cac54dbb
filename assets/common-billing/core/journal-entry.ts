import type { Purchase as ServerPurchase } from '../protocol/api';
import type { ProductType } from '../protocol/common';
import type { Receipt } from '../protocol/receipts';
import type { ErrorCode } from '../protocol/error-codes';
import type { ClientState } from './states';

/** One purchase in the write-ahead journal. Everything needed to resume it after a crash. */
export interface JournalEntry {
  /** Journal key: the purchaseId, or `tx:<storeTransactionId>` for a purchase found at the store first. */
  key: string;
  userKey: string;
  market: string;
  purchaseId: string | null;
  productId: string;
  marketProductId: string;
  productType: ProductType;
  quantity: number;
  state: ClientState;
  /** What ties the store purchase to the reservation (the adapter decides: payload, account id…). */
  binding: string | null;
  storeTransactionId: string | null;
  purchaseToken: string | null;
  receipt: Receipt | null;
  paymentToken: string | null;
  server: ServerPurchase | null;
  failure: { code: ErrorCode; retryable: boolean } | null;
  attempts: number;
  createdAt: number;
  updatedAt: number;
}

export type EntryPatch = Partial<Omit<JournalEntry, 'key' | 'state' | 'createdAt' | 'updatedAt'>>;

/**
 * Encoding of the journal in storage; bump when JournalEntry or the index changes
 * incompatibly. Optional fields that older readers may ignore (the index's `done`) do not
 * bump it: bumping would make an older SDK refuse the whole journal.
 * 2: the index is paged (journal-index.ts); a schema-1 index is migrated on first load. An SDK
 * of schema 1 refuses a schema-2 journal rather than read only its open page.
 */
export const JOURNAL_SCHEMA_VERSION = 2;
