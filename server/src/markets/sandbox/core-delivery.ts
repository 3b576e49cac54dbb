import type { BillingContext } from '../../domain/context';
import { applySnapshot } from '../../subscriptions/apply';
import { loadSubscriptionCatalog } from '../../subscriptions/catalog-lookup';
import { SANDBOX_MARKET_ID } from './config';
import type { StoreNotificationSink } from './subscription-store';

/** The subscription core has no subscription for the chain yet (the first receipt is still on its way). */
export class UnmatchedNotice extends Error {}

/**
 * The sandbox store's notifications reach the subscription core the way a real store's do,
 * through its one public entry (`applySnapshot`), but in-process: being our own store is the
 * authentication. The notice's id makes the core's timeline idempotent, so a redelivery (the
 * renewal job after a crash, a second instance) changes nothing.
 */
export function deliverToCore(billing: BillingContext): StoreNotificationSink {
  return async (appKey, notificationId, notice) => {
    const snapshot = notice.snapshot;
    if (!snapshot) return;
    const result = await billing.db.write(async (tx) => applySnapshot(tx, {
      appKey,
      snapshot,
      cause: { source: 'store-script', notificationId: `${SANDBOX_MARKET_ID}:${notificationId}`, event: notice.event, storeType: notice.storeType, eventTimeMs: notice.eventTimeMs },
      catalog: await loadSubscriptionCatalog(tx, appKey, SANDBOX_MARKET_ID),
      now: billing.now(),
    }));
    if (result.outcome === 'unmatched') throw new UnmatchedNotice(`sandbox subscription ${notice.chainKey}: ${result.reason}`);
  };
}
