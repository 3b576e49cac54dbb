import type { ExtensionMarket } from './types';

/** The billing server's sandbox store: no store SDK, so any build may name it. */
export const sandbox: ExtensionMarket = {
  id: 'sandbox',
  label: 'Sandbox',
  usesPublicKey: false,
  componentOnAndroid: 'any',
};
