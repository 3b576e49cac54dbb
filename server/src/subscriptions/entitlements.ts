import type { Entitlement, EntitlementOffer } from '../../../assets/common-billing/protocol/entitlements';
import type { SubscriptionRow } from '../storage/repos/subscriptions';
import type { SubscriptionCatalog } from './catalog';
import { isGranting } from './state-machine';

/**
 * A player's subscriptions as entitlements: one per entitlement group, the best subscription of
 * the group — one that grants now first (the latest-ending of those), else the latest to end.
 * Time is the server's (`nowMs`): a CANCELED_ACTIVE subscription past its end is EXPIRED at once
 * (nothing can renew it), whatever the re-check has not yet written.
 */
export function subscriptionEntitlements(rows: readonly SubscriptionRow[], catalogs: ReadonlyMap<string, SubscriptionCatalog>, nowMs: number): Entitlement[] {
  const byChain = new Map(rows.map((r) => [`${r.market}\n${r.chain_key}`, r]));
  const byGroup = new Map<string, SubscriptionRow[]>();
  for (const row of rows) byGroup.set(row.entitlement_group, [...(byGroup.get(row.entitlement_group) ?? []), row]);
  const out: Entitlement[] = [];
  for (const [group, candidates] of byGroup) {
    const best = [...candidates].sort((a, b) => rank(b, nowMs) - rank(a, nowMs) || b.period_end - a.period_end || b.updated_at - a.updated_at)[0]!;
    const state = stateAt(best, nowMs);
    out.push({
      productId: best.product_id,
      group,
      kind: 'subscription',
      state,
      active: isGranting(state),
      since: new Date(best.created_at).toISOString(),
      expiresAt: new Date(best.period_end).toISOString(),
      revokedAt: state === 'REVOKED' && best.revoked_at !== null ? new Date(best.revoked_at).toISOString() : null,
      purchaseId: purchaseOf(best, byChain) ?? best.subscription_id,
      market: best.market,
      autoRenew: best.auto_renew === 1 && (state === 'ACTIVE' || state === 'IN_GRACE' || state === 'ON_HOLD' || state === 'PAUSED'),
      renewsInto: best.renews_into_product_id ? catalogs.get(best.market)?.get(best.renews_into_product_id)?.productId ?? null : null,
      offer: best.offer ? (JSON.parse(best.offer) as EntitlementOffer) : null,
      verifiedBy: best.verified_by === 'store-api' ? 'store-api' : 'signed',
      expiresAtEstimated: best.period_end_estimated === 1,
    });
  }
  return out;
}

function stateAt(row: SubscriptionRow, nowMs: number): Entitlement['state'] {
  if (row.state === 'CANCELED_ACTIVE' && row.period_end <= nowMs) return 'EXPIRED';
  return row.state as Entitlement['state'];
}

function rank(row: SubscriptionRow, nowMs: number): number {
  return isGranting(stateAt(row, nowMs)) ? 1 : 0;
}

/** The purchase that started the chain; for a chain a store replacement opened, the replaced chain's. */
function purchaseOf(row: SubscriptionRow, byChain: ReadonlyMap<string, SubscriptionRow>): string | undefined {
  let current: SubscriptionRow | undefined = row;
  for (let i = 0; current && i < 50; i++) {
    if (current.purchase_id) return current.purchase_id;
    current = current.replaces_chain_key ? byChain.get(`${current.market}\n${current.replaces_chain_key}`) : undefined;
  }
  return undefined;
}
