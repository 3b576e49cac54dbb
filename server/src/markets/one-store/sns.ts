import { createHash } from 'node:crypto';
import { integerOf, malformed, optionalStringOf, stringOf } from '../../lifecycle/notifications/fields';
import type { ParsedNotification } from '../../lifecycle/notifications/types';
import type { SubscriptionEventType } from '../../subscriptions/types';
import { ONE_STORE_MARKET_ID } from './config';

/**
 * ONE store SNS (Subscription Notification Service): ONE store POSTs a SubscriptionNotification
 * when a subscription's state changes, and the developer re-reads getSubscriptionDetail
 * (developer guide v21 "Using PNS" overview and "Subscriptions",
 * onestore-dev.gitbook.io/dev/eng/tools/tools/v21/subscriptions). CONFIRMED there: the types
 * SUBSCRIPTION_PURCHASED and SUBSCRIPTION_RENEWED, and the guide's states (grace, on hold,
 * paused, canceled, expired). UNCONFIRMED (the SNS message table was not in the copies we could
 * read): the other type names, which follow Google Play's SubscriptionNotification names as the
 * guide's do, and the members `notificationType`, `eventTimeMillis`, `purchaseToken`, `productId`,
 * `purchaseId`, which follow the PNS message (msgVersion 3.1: `clientId`, signed like PNS).
 * A type not in this table is kept as a NOTE: stored, answered 200, never refused.
 */
export const SNS_EVENTS: Readonly<Record<string, SubscriptionEventType>> = {
  SUBSCRIPTION_PURCHASED: 'PURCHASED',
  SUBSCRIPTION_RENEWED: 'RENEWED',
  SUBSCRIPTION_RECOVERED: 'RECOVERED',
  SUBSCRIPTION_IN_GRACE_PERIOD: 'GRACE_STARTED',
  SUBSCRIPTION_ON_HOLD: 'ON_HOLD',
  SUBSCRIPTION_PAUSED: 'PAUSED',
  SUBSCRIPTION_PAUSE_SCHEDULE_CHANGED: 'PAUSE_SCHEDULED',
  SUBSCRIPTION_RESUMED: 'RESUMED',
  SUBSCRIPTION_CANCELED: 'CANCELED',
  SUBSCRIPTION_RESTARTED: 'UNCANCELED',
  SUBSCRIPTION_EXPIRED: 'EXPIRED',
  SUBSCRIPTION_REVOKED: 'REVOKED',
  SUBSCRIPTION_REFUNDED: 'REVOKED',
  SUBSCRIPTION_PRICE_CHANGE_CONFIRMED: 'PRICE_CHANGE',
  SUBSCRIPTION_DEFERRED: 'EXTENDED',
};

/** An SNS message names its type; a PNS message (one-time payments) has a purchaseState instead. */
export function isSnsMessage(body: Record<string, unknown>): boolean {
  return body.notificationType !== undefined;
}

/**
 * The SNS body as a subscription notice, once the caller has authenticated it and named the app.
 * Lenient where the message format is unconfirmed, so a real SNS is never refused for a name we
 * guessed: a numeric type is kept as an unknown type (NOTE), and a message without an event time
 * takes the server's receive time (`nowMs`), its id then made of the charge it names instead.
 */
export function parseSns(body: Record<string, unknown>, appKey: string, nowMs: number): ParsedNotification {
  const M = ONE_STORE_MARKET_ID;
  const type = typeof body.notificationType === 'number' && Number.isSafeInteger(body.notificationType)
    ? String(body.notificationType)
    : stringOf(M, body, 'notificationType', 64);
  if (!/^[A-Z0-9_]+$/.test(type)) throw malformed(M, 'notificationType is not a type name');
  const purchaseToken = stringOf(M, body, 'purchaseToken', 4096);
  const timeField = body.eventTimeMillis !== undefined ? 'eventTimeMillis' : body.purchaseTimeMillis !== undefined ? 'purchaseTimeMillis' : undefined;
  const eventTimeMs = timeField ? integerOf(M, body, timeField) : undefined;
  const purchaseId = optionalStringOf(M, body, 'purchaseId', 256);
  const marketProductId = optionalStringOf(M, body, 'productId', 256);
  const event = SNS_EVENTS[type];
  // No message id is documented: type, time (or charge) and subscription name one delivery, so a retry is a duplicate.
  const tokenHash = createHash('sha256').update(purchaseToken).digest('hex').slice(0, 32);
  const when = eventTimeMs !== undefined ? String(eventTimeMs) : `p:${purchaseId ?? ''}`;
  return {
    notificationId: `sns:${type}:${when}:${tokenHash}`,
    appKey,
    kind: type,
    ...(event ? {} : { unknownKind: true }),
    subscription: {
      chainKey: purchaseToken,
      ...(marketProductId ? { marketProductId } : {}),
      event: event ?? 'NOTE',
      storeType: type,
      eventTimeMs: eventTimeMs ?? nowMs,
    },
  };
}
