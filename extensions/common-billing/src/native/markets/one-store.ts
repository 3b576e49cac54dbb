import type { ExtensionMarket } from './types';

export const ONE_STORE_DEPENDENCY = 'com.onestorecorp.sdk:sdk-iap:21.04.00';
export const ONE_STORE_REPOSITORY = 'https://repo.onestore.net/repository/onestore-sdk-public';

/** ONE store IAP SDK v21: its own maven repository and a <queries> entry for the ONE store service. */
export const oneStore: ExtensionMarket = {
  id: 'one-store',
  label: 'ONE store',
  usesPublicKey: true,
  android: {
    dependency: ONE_STORE_DEPENDENCY,
    mavenRepository: ONE_STORE_REPOSITORY,
    manifestQueries: [
      '<queries>',
      '    <intent>',
      '        <action android:name="com.onestore.ipc.iap.IapService.ACTION" />',
      '    </intent>',
      '    <intent>',
      '        <action android:name="android.intent.action.VIEW" />',
      '        <data android:scheme="onestore" />',
      '    </intent>',
      '</queries>',
    ],
    bridgePathPattern: /one[-_]?store/i,
    sdkPackages: ['com.gaa.sdk'],
  },
};
