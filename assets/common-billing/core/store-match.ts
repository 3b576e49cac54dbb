import type { Product } from '../protocol/api';
import { storeTransactionId, type StorePurchase } from '../markets/market-adapter';
import type { Journal } from './journal';
import type { JournalEntry } from './journal-entry';

/** What `Journal.create` takes. */
export type NewJournalEntry = Parameters<Journal['create']>[0];

/**
 * The journal entry a store purchase belongs to: the one with its store transaction or token,
 * else an open launch with the same binding (a store that reports before it names the order).
 */
export function journalEntryForStore(journal: Journal, market: string, purchase: StorePurchase): JournalEntry | undefined {
  const tx = storeTransactionId(purchase.native);
  const token = purchase.native.purchaseToken;
  return (
    journal.find((e) => e.market === market && (e.storeTransactionId === tx || e.purchaseToken === token)) ??
    (purchase.binding
      ? journal.find((e) => e.market === market && e.binding === purchase.binding && (e.state === 'RESERVED' || e.state === 'PENDING'))
      : undefined)
  );
}

/**
 * The entry for a paid or pending store purchase this device has no entry for (bought before a
 * reinstall, or on a launch whose entry was lost): keyed by its store transaction, so a second
 * report finds it. An unknown product keeps the store's id and is treated as consumable.
 */
export function adoptedEntry(purchase: StorePurchase, userKey: string, market: string, product: Product | undefined): NewJournalEntry {
  const { native } = purchase;
  const tx = storeTransactionId(native);
  return {
    key: `tx:${tx}`,
    userKey,
    market,
    purchaseId: null,
    productId: product?.productId ?? native.productId,
    marketProductId: native.productId,
    productType: product?.type ?? 'consumable',
    quantity: native.quantity,
    state: purchase.state === 'PAID' ? 'PAID' : 'PENDING',
    binding: purchase.binding,
    storeTransactionId: tx,
    purchaseToken: native.purchaseToken,
    receipt: native.receipt,
    paymentToken: null,
    server: null,
  };
}
