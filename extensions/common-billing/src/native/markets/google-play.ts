import type { ExtensionMarket } from './types';

export const PLAY_BILLING_DEPENDENCY = 'com.android.billingclient:billing:8.0.0';

/** Google Play Billing: from google(), which the Cocos template already lists. */
export const googlePlay: ExtensionMarket = {
  id: 'google-play',
  label: 'Google Play',
  usesPublicKey: true,
  cocosPlatform: 'google-play',
  android: {
    dependency: PLAY_BILLING_DEPENDENCY,
    bridgePathPattern: /google[-_]?play|play[-_]?billing|billingclient/i,
    sdkPackages: ['com.android.billingclient'],
  },
};
