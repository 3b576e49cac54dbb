import type { BillingContext } from '../../domain/context';
import type { StoreServerApi } from '../types';
import { findPurchase } from '../../storage/repos/purchases';
import type { LifecycleOptions } from '../../lifecycle/options';
import { findNotified } from '../../lifecycle/notifications/intake';
import { reconcile } from '../../lifecycle/reconcile';
import { serviceOf } from '../../lifecycle/store-view';

const MARKET = 'google-play';
const MAX_PAGES = 50;
/** Re-read a little before the newest void seen last time: voids can be listed late. */
const OVERLAP_MS = 3600_000;

interface VoidedPurchase {
  purchaseToken?: string | null;
  orderId?: string | null;
  voidedTimeMillis?: string | null;
  voidedReason?: number | null;
  voidedSource?: number | null;
}

interface VoidedLister {
  listVoided(startTimeMs: number, pageToken?: string): Promise<{ voidedPurchases?: VoidedPurchase[]; tokenPagination?: { nextPageToken?: string | null } | null }>;
}

function canListVoided(api: StoreServerApi | undefined): api is StoreServerApi & VoidedLister {
  return typeof (api as Partial<VoidedLister> | undefined)?.listVoided === 'function';
}

/**
 * Google voided purchases poll (STORES.md §1.3): catches refunds whose RTDN never arrived.
 * Per app with a Developer API: startTime = the later of 30 days back and the last void seen
 * (minus an overlap), every page, and each void revokes its purchase (idempotently).
 * The cursor is `{appKey: newest voidedTimeMillis}` as JSON.
 */
export async function pollVoided(billing: BillingContext, options: LifecycleOptions, cursor: string | null): Promise<{ cursor: string; revoked: number }> {
  const seen = parseCursor(cursor);
  const apps = await billing.db.all<{ app_key: string }>('SELECT app_key FROM app_markets WHERE market = ? AND enabled = 1 ORDER BY app_key', [MARKET]);
  let revoked = 0;
  for (const { app_key: appKey } of apps) {
    const api = (await serviceOf(billing, { app_key: appKey, market: MARKET }))?.storeApi;
    if (!canListVoided(api)) continue;
    const oldest = billing.now() - options.voidedWindowMs;
    const start = Math.max(oldest, (seen[appKey] ?? 0) - OVERLAP_MS);
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await api.listVoided(start, pageToken);
      for (const v of res.voidedPurchases ?? []) {
        const at = Number(v.voidedTimeMillis ?? billing.now());
        if (await revokeVoided(billing, appKey, v, at)) revoked += 1;
        seen[appKey] = Math.max(seen[appKey] ?? 0, at);
      }
      pageToken = res.tokenPagination?.nextPageToken ?? undefined;
      if (!pageToken) break;
    }
  }
  return { cursor: JSON.stringify(seen), revoked };
}

async function revokeVoided(billing: BillingContext, appKey: string, v: VoidedPurchase, at: number): Promise<boolean> {
  const row = await findNotified(billing.db, MARKET, appKey, v.purchaseToken ?? undefined, v.orderId ?? undefined);
  if (!row) return false;
  const result = await billing.db.write(async (tx) => {
    const current = await findPurchase(tx, row.purchase_id);
    if (!current) return 'unchanged';
    return reconcile(
      tx,
      current,
      { store: undefined, signal: 'voided', signed: false, kind: 'VOIDED_POLL', reason: `google:voidedReason=${v.voidedReason ?? 0}`, at, source: 'voided-poll' },
      billing.now(),
    );
  });
  return result === 'changed';
}

function parseCursor(cursor: string | null): Record<string, number> {
  try {
    const value = JSON.parse(cursor ?? '{}') as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, number>) : {};
  } catch {
    return {};
  }
}
