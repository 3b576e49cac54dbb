import { registerDataKey, testConnection, type FetchLike } from './server/billing-server-client';
import { settle } from './server/result';

/**
 * The extension's main-process entry (COCOS.md §1). It opens the panel and makes the panel's
 * HTTP calls to the billing server, where Node's fetch is not subject to the renderer's CORS.
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
};

export function load(): void {}

export function unload(): void {}
