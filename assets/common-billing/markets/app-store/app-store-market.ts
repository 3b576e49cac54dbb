import type { NativePurchase } from '../../protocol/bridge';
import type { MarketDefinition, StoreState } from '../types';

/**
 * App Store (StoreKit 2). The bridge reports the purchase result / transaction state:
 * `purchased` (verified transaction), `pending` (Ask to Buy, SCA), `userCancelled`,
 * `unverified` (StoreKit's own JWS check failed), `revoked` (revocationDate set).
 * Binding: appAccountToken, a UUID the server issues at reservation.
 */
export function appStoreState(native: Pick<NativePurchase, 'nativeState'>): StoreState {
  switch (native.nativeState) {
    case 'purchased':
      return 'PAID';
    case 'pending':
      return 'PENDING';
    case 'userCancelled':
    case 'revoked':
      return 'CANCELED';
    default:
      return 'FAILED';
  }
}

export const appStore: MarketDefinition = {
  id: 'app-store',
  nativeMarket: 'app-store',
  platforms: ['ios'],
  toState: appStoreState,
  launchBinding: (p) => ({ accountId: '', profileId: '', developerPayload: '', appAccountToken: p.appAccountToken }),
  purchaseBinding: (n) => (n.appAccountToken ? n.appAccountToken.toLowerCase() : null),
  reservationBinding: (p) => p.appAccountToken.toLowerCase(),
  // StoreKit has one way to close any transaction: Transaction.finish().
  finishMethod: () => 'finish',
  // Every renewal, upgrade or crossgrade is a new Transaction with the first one's originalID.
  isRenewal: (n) => !!n.originalTransactionId && n.originalTransactionId !== n.transactionId,
};
