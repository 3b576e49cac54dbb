import { appStoreParser } from '../../markets/app-store/notifications';
import { googlePlayParser } from '../../markets/google-play/notifications';
import { oneStoreParser } from '../../markets/one-store/notifications';
import type { NotificationParser } from './types';

/** Market id → notification parser. A market with push notifications adds one line here. */
export function notificationParsers(): ReadonlyMap<string, NotificationParser> {
  return new Map([googlePlayParser(), appStoreParser(), oneStoreParser()].map((p) => [p.market, p]));
}
