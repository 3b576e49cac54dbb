import type { ExtensionMarket } from './types';

/** A legacy Naver build: the SDK market `naver` buys through ONE store, so it needs a one-store build. */
export const naver: ExtensionMarket = {
  id: 'naver',
  label: 'Naver (legacy)',
  usesPublicKey: true,
  componentOnAndroid: ['one-store'],
};
