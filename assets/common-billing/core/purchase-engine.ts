import type { Product, SubmitReceiptResponse } from '../protocol/api';
import { BillingError } from '../protocol/error-codes';
import { storeTransactionId, type MarketAdapter, type StorePurchase } from '../markets/market-adapter';
import { adoptStorePurchase } from './adopt';
import type { BillingApiClient } from './api-client';
import type { Journal } from './journal';
import type { JournalEntry } from './journal-entry';
import type { ListenerDispatch } from './listener-dispatch';
import type { SafeLogger } from './logger';
import type { Mutex } from './mutex';
import { toPublicPurchase } from './public-purchase';
import { journalEntryForStore } from './store-match';
import type { ConsumeModel, DeliveryInfo, PurchaseResult } from './types';

interface Waiter {
  resolve(result: PurchaseResult): void;
  reject(error: BillingError): void;
}

/**
 * The purchase state machine after login: store purchases in, server verification,
 * consumption, store finishing. Every step writes the journal before the step that
 * depends on it, and all state changes run one at a time (duplicate native callbacks
 * are therefore seen one after the other and the second one finds the work done).
 */
export class PurchaseEngine {
  private readonly waiters = new Map<string, Waiter>();
  /** Entries replayed in this session: every later event about them says `recovered: true`. */
  private readonly replayed = new Set<string>();

  constructor(
    readonly journal: Journal,
    readonly api: BillingApiClient,
    readonly adapter: MarketAdapter,
    private readonly dispatch: ListenerDispatch,
    readonly log: SafeLogger,
    readonly userKey: string,
    readonly products: Product[],
    readonly consumeModel: ConsumeModel,
    /**
     * Shared by every engine of one CommonBilling instance: a second login makes a new engine
     * while the previous one may still be finishing work on the same journal.
     */
    readonly mutex: Mutex,
  ) {}

  /** purchase() waits here for the first outcome of its journal entry. */
  waitFor(key: string): Promise<PurchaseResult> {
    return new Promise((resolve, reject) => this.waiters.set(key, { resolve, reject }));
  }

  rejectWaiter(key: string, error: BillingError): void {
    const waiter = this.waiters.get(key);
    this.waiters.delete(key);
    waiter?.reject(error);
  }

  /** Entries of this user and market that are not finished. */
  openEntries(): JournalEntry[] {
    return this.journal.entries().filter((e) => e.userKey === this.userKey && e.market === this.adapter.id);
  }

  /** Store purchases from launchPurchase or purchasesUpdated. */
  handleStorePurchases(purchases: StorePurchase[], recovered: boolean): Promise<void> {
    return this.mutex.run(async () => {
      for (const purchase of purchases) await this.applyStorePurchase(purchase, recovered);
    });
  }

  /** Store error with no purchase attached (e.g. cancel reported by event): closes the open launches. */
  handleLaunchError(keys: string[], error: BillingError): Promise<void> {
    return this.mutex.run(async () => {
      for (const key of keys) {
        const entry = this.journal.get(key);
        if (entry?.state === 'RESERVED') await this.closeUndelivered(entry, error, false);
      }
    });
  }

  findForStore(purchase: StorePurchase): JournalEntry | undefined {
    return journalEntryForStore(this.journal, this.adapter.id, purchase);
  }

  /** Merges one store purchase into the journal; then verifies it when it is paid. */
  async applyStorePurchase(purchase: StorePurchase, recovered: boolean): Promise<void> {
    const recorded = await this.recordStorePurchase(purchase, recovered);
    if (!recorded) return;
    const { entry, changed } = recorded;
    if (purchase.state === 'PAID' && entry.state === 'PAID') return this.verify(entry, recovered);
    if (changed && entry.state === 'PENDING') {
      this.dispatch.emit('onPurchasePending', toPublicPurchase(entry, recovered));
      return this.settle(entry.key, 'pending', entry, recovered);
    }
  }

  /**
   * Brings the journal up to what the store says about one purchase, journal first: adopts a
   * paid or pending purchase it has no entry for, records a payment (or a pending one) on an
   * open entry, closes an open entry the store canceled or failed. Verifying and telling the
   * game are the caller's (now, or at the replay that follows a reconciliation).
   * @returns the entry afterwards and whether this changed it; null when nothing is journaled
   *   (an unpaid purchase we never knew, one finished before).
   */
  async recordStorePurchase(purchase: StorePurchase, recovered: boolean): Promise<{ entry: JournalEntry; changed: boolean } | null> {
    const { native, state } = purchase;
    const entry = this.findForStore(purchase);
    if (!entry) {
      const adopted = state === 'PAID' || state === 'PENDING' ? await adoptStorePurchase(this, purchase) : null;
      return adopted && { entry: adopted, changed: true };
    }
    const open = entry.state === 'RESERVED' || entry.state === 'PENDING';
    const tx = storeTransactionId(native);
    if (state === 'PAID' && open) {
      return { entry: await this.journal.transition(entry.key, 'PAID', { storeTransactionId: tx, purchaseToken: native.purchaseToken, receipt: native.receipt }), changed: true };
    }
    if (state === 'PENDING' && entry.state === 'RESERVED') {
      return { entry: await this.journal.transition(entry.key, 'PENDING', { storeTransactionId: tx, purchaseToken: native.purchaseToken }), changed: true };
    }
    if ((state === 'CANCELED' || state === 'FAILED') && open) {
      const error = state === 'CANCELED' ? new BillingError('USER_CANCELED') : new BillingError('STORE_ERROR', 'The store failed the purchase.', { retryable: false });
      return { entry: await this.closeUndelivered(entry, error, recovered), changed: true };
    }
    return { entry, changed: false };
  }

  /**
   * Ends an entry that will never be delivered (canceled, or failed for good before or at
   * verification): terminal, compacted, reported. @returns the closed entry
   */
  async closeUndelivered(entry: JournalEntry, error: BillingError, recovered: boolean): Promise<JournalEntry> {
    const canceled = error.code === 'USER_CANCELED';
    const closed = await this.journal.transition(entry.key, canceled ? 'CANCELED' : 'FAILED', {
      failure: canceled ? null : { code: error.code, retryable: false },
    });
    await this.journal.compact(closed.key);
    const purchase = toPublicPurchase(closed, recovered);
    if (canceled) {
      this.dispatch.emit('onPurchaseCanceled', purchase);
      this.settle(closed.key, 'canceled', closed, recovered);
    } else {
      this.dispatch.emit('onPurchaseFailed', error, purchase);
      this.rejectWaiter(closed.key, error);
    }
    return closed;
  }

  /** PAID → VERIFIED through the billing server. A retryable failure keeps the entry PAID. */
  async verify(entry: JournalEntry, recovered: boolean): Promise<void> {
    if (!entry.receipt) return;
    let answer: SubmitReceiptResponse;
    try {
      answer = await this.api.submitReceipt(this.adapter.id, entry.receipt);
    } catch (error) {
      const failure = BillingError.from(error, 'INTERNAL');
      if (failure.code === 'STORAGE_FAILED') throw failure;
      return this.verifyFailed(entry, failure, recovered);
    }
    const { purchase, paymentToken } = answer;
    const paid = purchase.state === 'VERIFIED' || purchase.state === 'CONSUMED';
    if (!paid || !paymentToken) {
      // A paid answer without a payment token is retried like a pending one.
      const code = paid || purchase.state === 'PENDING' ? 'PURCHASE_PENDING' : purchase.state === 'REVOKED' ? 'PURCHASE_REVOKED' : 'RECEIPT_STATE_INVALID';
      return this.verifyFailed(entry, new BillingError(code), recovered);
    }
    let verified = await this.journal.transition(entry.key, 'VERIFIED', {
      purchaseId: purchase.purchaseId,
      paymentToken,
      server: purchase,
      productId: purchase.productId,
      productType: purchase.productType,
      purchaseToken: entry.purchaseToken ?? purchase.purchaseToken,
      failure: null,
    });
    if (purchase.state === 'CONSUMED') {
      verified = await this.journal.transition(verified.key, 'CONSUMED', { server: purchase });
      this.settle(verified.key, 'verified', verified, recovered);
      return this.afterConsumed(verified, recovered, true);
    }
    this.dispatch.emit('onPurchaseVerified', toPublicPurchase(verified, recovered), paymentToken);
    this.settle(verified.key, 'verified', verified, recovered);
  }

  private async verifyFailed(entry: JournalEntry, error: BillingError, recovered: boolean): Promise<void> {
    if (!error.retryable) {
      await this.closeUndelivered(entry, error, recovered);
      return;
    }
    const kept = await this.journal.transition(entry.key, 'PAID', { attempts: entry.attempts + 1, failure: { code: error.code, retryable: true } });
    this.dispatch.emit('onPurchaseFailed', error, toPublicPurchase(kept, recovered));
    this.rejectWaiter(kept.key, error);
  }

  /** VERIFIED → CONSUMED at the billing server (first call wins; a repeat says alreadyConsumed). */
  consume(purchaseId: string): Promise<DeliveryInfo> {
    return this.mutex.run(async () => {
      let entry = this.byPurchaseId(purchaseId);
      // Consumed here before (a crash before the delivery, a repeated call): deliver again, no second consume.
      let alreadyConsumed = true;
      if (entry.state !== 'CONSUMED') {
        if (entry.state !== 'VERIFIED' || !entry.paymentToken) throw new BillingError('PURCHASE_STATE_INVALID', `The purchase is ${entry.state}, not VERIFIED.`);
        const answer = await this.api.consume(purchaseId, entry.paymentToken);
        alreadyConsumed = answer.alreadyConsumed;
        entry = await this.journal.transition(entry.key, 'CONSUMED', { server: answer.purchase });
      }
      await this.afterConsumed(entry, this.replayed.has(entry.key), alreadyConsumed);
      return { alreadyConsumed };
    });
  }

  /** Build-in: the game grants now. Server model: the game server granted at consume, so finish. */
  async afterConsumed(entry: JournalEntry, recovered: boolean, alreadyConsumed: boolean): Promise<void> {
    if (this.consumeModel === 'build-in') {
      this.dispatch.emit('onDeliver', toPublicPurchase(entry, recovered), { alreadyConsumed });
      return;
    }
    await this.finish(entry, recovered);
  }

  /** The game says the item is granted: close the purchase at the store and in the journal. */
  confirmDelivered(purchaseId: string): Promise<void> {
    return this.mutex.run(async () => {
      const entry = this.byPurchaseId(purchaseId);
      const deliverable = entry.state === 'CONSUMED' || (entry.state === 'VERIFIED' && this.consumeModel === 'server');
      if (!deliverable) throw new BillingError('PURCHASE_STATE_INVALID', `The purchase is ${entry.state}; ${this.consumeModel === 'build-in' ? 'consume it first' : 'it is not verified'}.`);
      await this.finish(entry, this.replayed.has(entry.key));
    });
  }

  private async finish(entry: JournalEntry, recovered: boolean): Promise<void> {
    if (!entry.purchaseId) throw new BillingError('PURCHASE_STATE_INVALID', 'The purchase has no purchaseId yet.');
    const token = entry.purchaseToken ?? entry.server?.purchaseToken;
    if (token) await this.adapter.finish({ purchaseToken: token, transactionId: entry.storeTransactionId ?? token }, entry.productType);
    const answer = await this.api.finished(entry.purchaseId);
    const done = await this.journal.transition(entry.key, 'FINISHED', { server: answer.purchase ?? entry.server });
    await this.journal.compact(done.key);
    this.dispatch.emit('onPurchaseFinished', toPublicPurchase(done, recovered));
  }

  /** Replays one open entry to the listener (login, restore), driving it one step when it can move. */
  async replay(entry: JournalEntry): Promise<void> {
    this.replayed.add(entry.key);
    const purchase = toPublicPurchase(entry, true);
    if (entry.state === 'PAID') return this.verify(entry, true);
    if (entry.state === 'PENDING') return this.dispatch.emit('onPurchasePending', purchase);
    if (entry.state === 'VERIFIED') return this.dispatch.emit('onPurchaseVerified', purchase, entry.paymentToken ?? '');
    if (entry.state === 'CONSUMED') return this.afterConsumed(entry, true, true);
  }

  private byPurchaseId(purchaseId: string): JournalEntry {
    const entry = this.journal.find((e) => e.purchaseId === purchaseId && e.userKey === this.userKey);
    if (!entry) throw new BillingError('PURCHASE_NOT_FOUND', 'No open purchase with this purchaseId.');
    return entry;
  }

  private settle(key: string, status: PurchaseResult['status'], entry: JournalEntry, recovered: boolean): void {
    const waiter = this.waiters.get(key);
    if (!waiter) return;
    this.waiters.delete(key);
    waiter.resolve({ status, purchase: toPublicPurchase(entry, recovered) });
  }
}
