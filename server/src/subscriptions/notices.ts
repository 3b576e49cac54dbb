import type { IntakeContext, ParsedNotification } from '../lifecycle/notifications/types';
import type { NotificationStatus } from '../lifecycle/notifications/store';
import { serviceOf } from '../lifecycle/store-view';
import { findSubscription, findSubscriptionByChain, type SubscriptionRow } from '../storage/repos/subscriptions';
import type { SqlExecutor } from '../storage/types';
import { applySnapshot } from './apply';
import { factsOfRow, snapshotOfRow } from './row-facts';
import type { SubscriptionCatalog } from './catalog';
import { loadSubscriptionCatalog } from './catalog-lookup';
import { requirePeriod } from './period';
import { impliedState, type SubscriptionFacts } from './state-machine';
import type { SubscriptionNotice, SubscriptionSnapshot, SubscriptionStoreApi } from './types';

export interface NoticeOutcome {
  status: NotificationStatus;
  code?: string;
  purchaseId?: string;
}

/**
 * A store notification about a subscription (ParsedNotification.subscription), after the intake
 * claimed its id once. The truth, in order: the store's subscription API when the app configured
 * it; else the signed snapshot the notification carries; else (authenticated, unsigned, no API)
 * what the event implies (state-machine.ts impliedState). An unknown chain is recorded unmatched,
 * never refused (a refusal makes the store retry for days). Transient store failures throw a
 * retryable error: the intake keeps the notification processable and the store delivers again.
 */
export async function takeSubscriptionNotice(ctx: IntakeContext, market: string, n: ParsedNotification): Promise<NoticeOutcome> {
  const notice = n.subscription!;
  const { db } = ctx.billing;
  const row = await findNoticed(db, market, n.appKey, notice);
  const service = await serviceOf(ctx.billing, { app_key: n.appKey, market });
  const api = service?.subscriptions?.api;
  // Nothing known and nothing that could tie it to a player (an upgrade names the chain it replaces).
  if (!row && !api && !notice.snapshot?.replacesChainKey) return { status: 'unmatched', code: 'NOTIFICATION_UNMATCHED' };
  const catalog = await loadSubscriptionCatalog(db, n.appKey, market);
  const chainKey = row?.chain_key ?? notice.chainKey;
  const snapshot = api
    ? await readStore(api, chainKey, notice.marketProductId ?? row?.market_product_id ?? notice.snapshot?.marketProductId ?? '', notice.latestToken, catalog)
    : notice.snapshot ?? (row ? implied(row, notice, catalog) : undefined);
  if (!snapshot) return { status: 'unmatched', code: 'NOTIFICATION_UNMATCHED' };
  const result = await db.write((tx) =>
    applySnapshot(tx, {
      appKey: n.appKey,
      snapshot: row && snapshot.chainKey !== row.chain_key ? { ...snapshot, chainKey: row.chain_key } : snapshot,
      cause: { source: 'notification', notificationId: n.notificationId, event: notice.event, storeType: notice.storeType, eventTimeMs: notice.eventTimeMs },
      catalog,
      now: ctx.billing.now(),
    }),
  );
  if (result.outcome === 'unmatched') return { status: 'unmatched', code: 'NOTIFICATION_UNMATCHED' };
  if (result.outcome === 'other-owner') return { status: 'ignored', code: 'NOTIFICATION_APP_UNKNOWN' };
  return { status: 'processed', purchaseId: result.subscription.purchase_id ?? undefined };
}

/** The snapshot an authenticated but unsigned event implies, on top of what we know (no store API configured). */
function implied(row: SubscriptionRow, notice: SubscriptionNotice, catalog: SubscriptionCatalog): SubscriptionSnapshot {
  const product = [...catalog.values()].find((p) => p.productId === row.product_id);
  const before = factsOfRow(row);
  const facts: SubscriptionFacts = product ? impliedState(notice.event, before, { eventTimeMs: notice.eventTimeMs, period: requirePeriod(product.period) }) ?? before : before;
  return snapshotOfRow(row, facts, notice.eventTimeMs, 'signed');
}

/** The subscription a notice names: its chain, else the subscription whose period or first purchase is `latestToken`. */
async function findNoticed(db: SqlExecutor, market: string, appKey: string, notice: SubscriptionNotice): Promise<SubscriptionRow | undefined> {
  const byChain = await findSubscriptionByChain(db, market, notice.chainKey);
  if (byChain) return byChain.app_key === appKey ? byChain : undefined;
  if (!notice.latestToken) return undefined;
  const period = await db.get<{ subscription_id: string }>('SELECT subscription_id FROM subscription_periods WHERE market = ? AND period_transaction_id = ?', [market, notice.latestToken]);
  const purchase = period
    ? undefined
    : await db.get<{ subscription_id: string }>(
        'SELECT s.subscription_id FROM purchases p JOIN subscriptions s ON s.purchase_id = p.purchase_id WHERE p.market = ? AND p.store_transaction_id = ?',
        [market, notice.latestToken],
      );
  const id = period?.subscription_id ?? purchase?.subscription_id;
  const row = id ? await findSubscription(db, id) : undefined;
  return row && row.app_key === appKey ? row : undefined;
}

/** The store's answer for a chain, with the catalog's period for stores that need it (SubscriptionRef.period). */
function readStore(api: SubscriptionStoreApi, chainKey: string, marketProductId: string, latestToken: string | undefined, catalog: SubscriptionCatalog): Promise<SubscriptionSnapshot> {
  const period = catalog.get(marketProductId)?.period;
  return api.read({ chainKey, marketProductId, ...(latestToken ? { latestToken } : {}), ...(period ? { period } : {}) });
}
