import type { NativePurchase } from '../../protocol/bridge';
import type { MarketDefinition, StoreState } from '../types';
import { SandboxBridge } from './sandbox-bridge';

/**
 * The sandbox market (DESIGN.md §8): a complete fake store for the editor preview, the web
 * and tests. It is one more adapter — core code never asks whether it is the sandbox.
 */
export function sandboxState(native: Pick<NativePurchase, 'nativeState'>): StoreState {
  switch (native.nativeState) {
    case 'purchased':
      return 'PAID';
    case 'pending':
      return 'PENDING';
    case 'canceled':
      return 'CANCELED';
    default:
      return 'FAILED';
  }
}

export const sandbox: MarketDefinition = {
  id: 'sandbox',
  nativeMarket: 'sandbox',
  platforms: ['web', 'editor', 'android', 'ios'],
  toState: sandboxState,
  launchBinding: (p) => ({ accountId: '', profileId: '', developerPayload: p.developerPayload, appAccountToken: '' }),
  purchaseBinding: (n) => n.developerPayload || null,
  reservationBinding: (p) => p.developerPayload,
  finishMethod: (type) => (type === 'consumable' ? 'consume' : 'acknowledge'),
  createBridge: (context) => new SandboxBridge(context.api, context.chooseOutcome, context.products),
};
