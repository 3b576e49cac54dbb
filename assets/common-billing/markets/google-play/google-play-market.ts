import type { NativePurchase } from '../../protocol/bridge';
import type { MarketDefinition, StoreState } from '../types';

/**
 * Google Play (Play Billing 8). The bridge reports `Purchase.getPurchaseState()`:
 * UNSPECIFIED_STATE=0, PURCHASED=1, PENDING=2 (STORES.md §1.1 — not the raw JSON's 0/4).
 * Binding: obfuscatedAccountId + obfuscatedProfileId (64 chars each, no PII).
 */
export function googlePlayState(native: Pick<NativePurchase, 'nativeState'>): StoreState {
  switch (native.nativeState) {
    case 1:
    case 'PURCHASED':
      return 'PAID';
    case 2:
    case 'PENDING':
      return 'PENDING';
    case 'CANCELED':
      return 'CANCELED';
    default:
      return 'FAILED';
  }
}

export const googlePlay: MarketDefinition = {
  id: 'google-play',
  nativeMarket: 'google-play',
  platforms: ['android'],
  marketKey: 'optional',
  toState: googlePlayState,
  launchBinding: (p) => ({ accountId: p.obfuscatedAccountId, profileId: p.obfuscatedProfileId, developerPayload: '', appAccountToken: '' }),
  purchaseBinding: (n) => (n.accountId ? `${n.accountId}|${n.profileId ?? ''}` : null),
  reservationBinding: (p) => `${p.obfuscatedAccountId}|${p.obfuscatedProfileId}`,
  finishMethod: (type) => (type === 'consumable' ? 'consume' : 'acknowledge'),
  // A renewal keeps the purchase token and the acknowledgement of the first period; only the
  // orderId gets a "..N" suffix (developer.android.com/google/play/billing/subscriptions, "Renewals").
  isRenewal: (n) => n.acknowledged,
};
