import { appStoreParser } from './app-store';
import { googlePlayParser } from './google-play';
import { oneStoreParser } from './one-store';
import type { NotificationParser } from './types';

/** Market id → notification parser. A market with push notifications adds one line here. */
export function notificationParsers(): ReadonlyMap<string, NotificationParser> {
  return new Map([googlePlayParser(), appStoreParser(), oneStoreParser()].map((p) => [p.market, p]));
}
