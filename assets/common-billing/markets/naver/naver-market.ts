import type { MarketDefinition } from '../types';
import { oneStore, oneStoreState } from '../one-store/one-store-market';

/**
 * Legacy Naver App Store builds. The Naver App Store was absorbed by ONE store in June 2016
 * (DESIGN.md) and the native bridge has no Naver SDK: a build configured for `naver` buys
 * through the ONE store SDK, so its receipts are ONE store receipts and its traffic goes to
 * the billing server's `one-store` market (sessions, receipts, journal). States, binding and
 * finishing are ONE store's.
 */
export const naver: MarketDefinition = {
  ...oneStore,
  id: 'naver',
  serverMarket: 'one-store',
  nativeMarket: 'one-store',
  platforms: ['android'],
  toState: oneStoreState,
};
