import { marketModules } from '../../markets/registry';
import type { NotificationParser } from './types';

/** Market id → notification parser, for every market module that declares notifications. */
export function notificationParsers(): ReadonlyMap<string, NotificationParser> {
  const parsers = marketModules().flatMap((m) => (m.notifications ? [m.notifications.createParser()] : []));
  return new Map(parsers.map((p) => [p.market, p]));
}
