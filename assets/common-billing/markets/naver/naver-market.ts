import type { MarketDefinition } from '../types';
import { oneStore, oneStoreState } from '../one-store/one-store-market';

/**
 * Legacy Naver App Store builds. The Naver App Store was absorbed by ONE store in June 2016
 * (DESIGN.md): such builds keep the market id `naver` towards the billing server (its own
 * verifier and catalog), while the native purchase traffic goes to the ONE store SDK, so
 * states, binding and finishing are ONE store's.
 */
export const naver: MarketDefinition = {
  ...oneStore,
  id: 'naver',
  nativeMarket: 'one-store',
  platforms: ['android'],
  toState: oneStoreState,
};
