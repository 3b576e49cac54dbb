import type { ExtensionMarket } from './types';

/** The App Store: iOS builds link StoreKit (ios-project.ts); purchases carry Apple's signature. */
export const appStore: ExtensionMarket = {
  id: 'app-store',
  label: 'App Store',
  usesPublicKey: false,
};
