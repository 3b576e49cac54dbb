import type { UnfinishedPurchase } from '../protocol/api';
import { BillingError } from '../protocol/error-codes';
import type { StorePurchase } from '../markets/market-adapter';
import type { PurchaseEngine } from './purchase-engine';
import { canTransition } from './states';

/**
 * Reconciliation at login and restore (DESIGN.md §2.2): three views of the user's purchases —
 * the local journal, the store's unfinished purchases and the server's unfinished list —
 * merged into the journal (de-duplicated by store transaction id, then purchaseId, then
 * binding), and every open purchase replayed once, marked `recovered: true`.
 *
 * @param store every unfinished store purchase of every product type, or null when the store
 *   could not be asked: then nothing is canceled for lack of it.
 * @param inFlight journal keys of purchases whose store flow is still open in this session:
 *   the store may not list them yet, so they are not taken for vanished.
 * @returns how many purchases were replayed to the listener.
 */
export async function reconcile(
  engine: PurchaseEngine,
  store: StorePurchase[] | null,
  unfinished: UnfinishedPurchase[],
  inFlight: ReadonlySet<string>,
): Promise<number> {
  return engine.mutex.run(async () => {
    const touched = new Set<string>();
    for (const purchase of store ?? []) {
      const recorded = await engine.recordStorePurchase(purchase, true);
      if (recorded) touched.add(recorded.entry.key);
    }
    for (const item of unfinished) {
      const key = await mergeServer(engine, item);
      if (key) touched.add(key);
    }
    if (store) await closeVanished(engine, touched, inFlight);
    return replayOpen(engine);
  });
}

/** The server knows the purchase as VERIFIED or CONSUMED: bring the journal up to that point. */
async function mergeServer(engine: PurchaseEngine, item: UnfinishedPurchase): Promise<string | null> {
  const { purchase, paymentToken } = item;
  const target = purchase.state;
  if (purchase.market !== engine.adapter.id || !paymentToken || (target !== 'VERIFIED' && target !== 'CONSUMED')) return null;
  const tx = purchase.storeTransactionId;
  let entry = engine.journal.find((e) => e.purchaseId === purchase.purchaseId || (tx !== null && e.market === purchase.market && e.storeTransactionId === tx));
  const patch = { purchaseId: purchase.purchaseId, paymentToken, server: purchase, productId: purchase.productId, productType: purchase.productType };
  if (!entry) {
    entry = await engine.journal.create({
      key: purchase.purchaseId,
      userKey: engine.userKey,
      market: purchase.market,
      ...patch,
      marketProductId: purchase.marketProductId,
      quantity: purchase.quantity,
      state: target,
      binding: null,
      storeTransactionId: tx,
      purchaseToken: purchase.purchaseToken,
      receipt: null,
    });
    return entry.key;
  }
  // Not yet verified here (RESERVED, PENDING, PAID): the server's view is further.
  if (canTransition(entry.state, 'VERIFIED')) entry = await engine.journal.transition(entry.key, 'VERIFIED', { ...patch, purchaseToken: entry.purchaseToken ?? purchase.purchaseToken });
  if (target === 'CONSUMED' && entry.state === 'VERIFIED') entry = await engine.journal.transition(entry.key, 'CONSUMED', { server: purchase });
  return entry.key;
}

/**
 * Reserved or pending at our side, unknown to the store and the server: the store never took
 * the money (a canceled flow, a declined pending payment).
 */
async function closeVanished(engine: PurchaseEngine, touched: Set<string>, inFlight: ReadonlySet<string>): Promise<void> {
  for (const entry of engine.openEntries()) {
    if (touched.has(entry.key) || inFlight.has(entry.key) || (entry.state !== 'RESERVED' && entry.state !== 'PENDING')) continue;
    await engine.closeUndelivered(entry, new BillingError('USER_CANCELED'), true);
  }
}

async function replayOpen(engine: PurchaseEngine): Promise<number> {
  let replayed = 0;
  for (const entry of engine.openEntries()) {
    if (entry.state === 'RESERVED') continue;
    replayed++;
    await engine.replay(entry);
  }
  return replayed;
}
