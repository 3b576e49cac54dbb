import { registerDataKey, testConnection, type FetchLike } from './server/billing-server-client';
import { settle } from './server/result';
import { encryptPublicKey, nodeRandomBytes, storedKeyStatus } from './settings/key-vault';

/**
 * The extension's main-process entry (COCOS.md §1). It opens the panel, makes the panel's HTTP
 * calls to the billing server (Node's fetch is not subject to the renderer's CORS) and seals and
 * checks market public keys with Node's crypto for it.
 */
const client = { fetch: ((...args: Parameters<FetchLike>) => fetch(...args)) as FetchLike };

export const methods = {
  openPanel(): void {
    Editor.Panel.open('common-billing');
  },
  testConnection(serverUrl: string, appKey: string, markets: string[]) {
    return settle(() => testConnection(client, serverUrl, appKey, markets));
  },
  registerDataKey(serverUrl: string, appKey: string, adminToken: string, dataKey: string) {
    return settle(() => registerDataKey(client, serverUrl, appKey, adminToken, dataKey));
  },
  /** Validates a pasted public key and seals it with Node's crypto; the panel keeps only the ciphertext. */
  sealPublicKey(plainKey: string, dataKey: string, appKey: string, market: string) {
    return settle(async () => encryptPublicKey(plainKey, dataKey, appKey, market, nodeRandomBytes));
  },
  publicKeyStatus(encrypted: string, dataKey: string | null, appKey: string, market: string) {
    return settle(async () => storedKeyStatus(encrypted, dataKey ?? undefined, appKey, market));
  },
};

export function load(): void {}

export function unload(): void {}
