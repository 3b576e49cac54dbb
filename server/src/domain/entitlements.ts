import type { Entitlement, EntitlementsResponse } from '../../../assets/common-billing/protocol/entitlements';
import { listUserSubscriptions } from '../storage/repos/subscriptions';
import type { SqlExecutor } from '../storage/types';
import type { SubscriptionCatalog } from '../subscriptions/catalog';
import { loadSubscriptionCatalog } from '../subscriptions/catalog-lookup';
import { subscriptionEntitlements } from '../subscriptions/entitlements';

/** The purchase-log columns an entitlement is computed from. */
export interface EntitlementSource {
  purchase_id: string;
  product_id: string;
  market: string;
  state: string;
  verified_at: number | string | null;
  created_at: number | string;
  revoked_at: number | string | null;
}

const GRANTING = new Set(['VERIFIED', 'CONSUMED']);

/**
 * What a player has now (issue #16): non-consumables (below) and subscriptions, one per entitlement
 * group (subscriptions/entitlements.ts). Time is the server's, never the device's.
 *
 * Non-consumables are entitlements that never expire, from the purchase log: a product
 * is ACTIVE while any paid purchase of it stands (the earliest one grants it), REVOKED when every
 * purchase of it was revoked (the latest revocation is shown). Pending, failed, expired and
 * unclaimed purchases grant nothing.
 */
export async function loadEntitlements(db: SqlExecutor, appKey: string, userKey: string, now: number): Promise<EntitlementsResponse> {
  const rows = await db.all<EntitlementSource>(
    `SELECT purchase_id, product_id, market, state, verified_at, created_at, revoked_at FROM purchases
     WHERE app_key = ? AND user_key = ? AND product_type = 'non-consumable' AND state IN ('VERIFIED', 'CONSUMED', 'REVOKED')
     ORDER BY created_at, purchase_id LIMIT 1000`,
    [appKey, userKey],
  );
  const subscriptions = await listUserSubscriptions(db, appKey, userKey);
  const catalogs = new Map<string, SubscriptionCatalog>();
  for (const market of new Set(subscriptions.filter((s) => s.renews_into_product_id).map((s) => s.market))) {
    catalogs.set(market, await loadSubscriptionCatalog(db, appKey, market));
  }
  const entitlements = [...entitlementsOf(rows), ...subscriptionEntitlements(subscriptions, catalogs, now)];
  return { userKey, asOf: new Date(now).toISOString(), entitlements: entitlements.sort((a, b) => compare(a.group, b.group) || compare(a.productId, b.productId)) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function entitlementsOf(rows: readonly EntitlementSource[]): Entitlement[] {
  const byProduct = new Map<string, EntitlementSource[]>();
  for (const row of rows) byProduct.set(row.product_id, [...(byProduct.get(row.product_id) ?? []), row]);
  const out: Entitlement[] = [];
  for (const [productId, purchases] of byProduct) {
    const active = purchases.find((p) => GRANTING.has(p.state));
    const chosen = active ?? latestRevoked(purchases);
    if (!chosen) continue;
    out.push({
      productId,
      group: productId,
      kind: 'non-consumable',
      state: active ? 'ACTIVE' : 'REVOKED',
      active: active !== undefined,
      since: iso(chosen.verified_at ?? chosen.created_at),
      expiresAt: null,
      revokedAt: active || chosen.revoked_at === null ? null : iso(chosen.revoked_at),
      purchaseId: chosen.purchase_id,
      market: chosen.market,
      autoRenew: null,
      renewsInto: null,
      offer: null,
      verifiedBy: 'signed',
      expiresAtEstimated: false,
    });
  }
  return out.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}

function latestRevoked(purchases: readonly EntitlementSource[]): EntitlementSource | undefined {
  return purchases.filter((p) => p.state === 'REVOKED').sort((a, b) => Number(b.revoked_at ?? 0) - Number(a.revoked_at ?? 0))[0];
}

function iso(ms: number | string): string {
  return new Date(Number(ms)).toISOString();
}
