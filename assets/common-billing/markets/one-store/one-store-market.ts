import type { NativePurchase } from '../../protocol/bridge';
import type { MarketDefinition, StoreState } from '../types';

/**
 * ONE store (IAP SDK v21). PurchaseData.purchaseState: 0 PURCHASED, 1 CANCEL, 2 REFUND
 * (STORES.md §3.1). ONE store has no pending state. Binding: developerPayload.
 */
export function oneStoreState(native: Pick<NativePurchase, 'nativeState'>): StoreState {
  switch (native.nativeState) {
    case 0:
    case 'PURCHASED':
      return 'PAID';
    case 1:
    case 'CANCEL':
    case 2:
    case 'REFUND':
      return 'CANCELED';
    default:
      return 'FAILED';
  }
}

export const oneStore: MarketDefinition = {
  id: 'one-store',
  nativeMarket: 'one-store',
  platforms: ['android'],
  marketKey: 'required',
  toState: oneStoreState,
  launchBinding: (p) => ({ accountId: '', profileId: '', developerPayload: p.developerPayload, appAccountToken: '' }),
  purchaseBinding: (n) => n.developerPayload || null,
  reservationBinding: (p) => p.developerPayload,
  finishMethod: (type) => (type === 'consumable' ? 'consume' : 'acknowledge'),
  // As on Google Play: a renewal is the acknowledged subscription purchase reported again.
  isRenewal: (n) => n.acknowledged,
};
