import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { appsByStoreIdentifier } from '../../lifecycle/notifications/app-lookup';
import { integerOf, malformed, objectOf, optionalStringOf, stringOf } from '../../lifecycle/notifications/fields';
import { firstAuthenticated } from '../../lifecycle/notifications/authenticate';
import { GooglePushVerifier } from './push-auth';
import { subscriptionNoticeOf } from './subscription-notifications';
import type { IntakeContext, NotificationParser, NotificationRequest, ParsedNotification } from '../../lifecycle/notifications/types';

const MARKET = 'google-play';
/** oneTimeProductNotification.notificationType (RTDN reference). */
const ONE_TIME = { 1: 'ONE_TIME_PRODUCT_PURCHASED', 2: 'ONE_TIME_PRODUCT_CANCELED' } as const;
/** voidedPurchaseNotification.refundType. */
const REFUND_TYPE = { 1: 'FULL_REFUND', 2: 'QUANTITY_BASED_PARTIAL_REFUND' } as const;
/** SUBSCRIPTION_PURCHASED (4) and SUBSCRIPTION_PENDING_PURCHASE_CANCELED (20): what they mean for a pending purchase row. */
const PENDING_SETTLED = { 4: 'completed', 20: 'canceled' } as const;
/** voidedPurchaseNotification.productType: 1 PRODUCT_TYPE_SUBSCRIPTION, 2 PRODUCT_TYPE_ONE_TIME. */
const PRODUCT_TYPE_SUBSCRIPTION = 1;

/**
 * Google Play RTDN through a Pub/Sub push (STORES.md §1.4). The DeveloperNotification only
 * names a purchase token; what changed is read back from the Developer API by the intake.
 */
export function googlePlayParser(): NotificationParser {
  const verifier = new GooglePushVerifier();
  return {
    market: MARKET,
    async parse(request: NotificationRequest, ctx: IntakeContext): Promise<ParsedNotification> {
      const authorization = typeof request.headers.authorization === 'string' ? request.headers.authorization : undefined;
      // Read only far enough to know which app it claims to be for; nothing is trusted before
      // that app's push authentication accepted the request.
      const envelope = objectOf(MARKET, request.body, 'the push body');
      const message = objectOf(MARKET, envelope.message, 'message');
      const messageId = stringOf(MARKET, message, 'messageId', 200);
      const data = stringOf(MARKET, message, 'data', 48_000);
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
      } catch {
        throw malformed(MARKET, 'message.data is not base64 JSON');
      }
      const n = objectOf(MARKET, decoded, 'the DeveloperNotification');
      const packageName = stringOf(MARKET, n, 'packageName', 255);
      const eventTime = integerOf(MARKET, n, 'eventTimeMillis');
      const apps = await appsByStoreIdentifier(ctx.billing.db, MARKET, ['packageName'], packageName);
      const app = await firstAuthenticated(MARKET, apps, async (auth) => {
        if (auth.mode !== 'pubsub-oidc') throw new BillingError('NOTIFICATION_AUTH_FAILED', undefined, { details: { market: MARKET } });
        await verifier.verify(authorization, auth);
      });
      const base = { notificationId: messageId, appKey: app.appKey };
      return { ...base, ...event(n, eventTime) };
    },
  };
}

/** The DeveloperNotification kinds this parser reads; exactly one is present (RTDN reference). */
const KINDS = ['oneTimeProductNotification', 'voidedPurchaseNotification', 'subscriptionNotification', 'testNotification'] as const;

function event(n: Record<string, unknown>, at: number): Pick<ParsedNotification, 'kind' | 'purchase' | 'subscription' | 'unknownKind'> {
  const present = KINDS.filter((k) => n[k] !== undefined);
  if (present.length > 1) throw malformed(MARKET, 'exactly one notification kind is expected');
  if (present.length === 0) {
    // A kind Google added later (e.g. pendingRefundReviewNotification): stored and answered 200, never refused.
    const other = Object.keys(n).find((k) => k.endsWith('Notification'));
    if (!other) throw malformed(MARKET, 'exactly one notification kind is expected');
    return { kind: other.slice(0, 100), unknownKind: true };
  }
  if (n.testNotification !== undefined) return { kind: 'TEST' };
  if (n.subscriptionNotification !== undefined) {
    const sn = objectOf(MARKET, n.subscriptionNotification, 'subscriptionNotification');
    const type = integerOf(MARKET, sn, 'notificationType');
    // subscriptionId: the product, in notifications sent before Google dropped it.
    const { notice, known } = subscriptionNoticeOf(type, stringOf(MARKET, sn, 'purchaseToken', 4096), at, optionalStringOf(MARKET, sn, 'subscriptionId', 256));
    // A pending first payment that went through or was cancelled settles the purchase row too, as for one-time products.
    const settles = PENDING_SETTLED[type as keyof typeof PENDING_SETTLED];
    const purchase = settles ? { purchase: { purchaseToken: notice.chainKey, signal: settles, reason: `google:${notice.storeType}`, at, signed: false } } : {};
    return { kind: notice.storeType, subscription: notice, ...purchase, ...(known ? {} : { unknownKind: true }) };
  }
  if (n.oneTimeProductNotification !== undefined) {
    const o = objectOf(MARKET, n.oneTimeProductNotification, 'oneTimeProductNotification');
    const type = integerOf(MARKET, o, 'notificationType');
    const kind = ONE_TIME[type as keyof typeof ONE_TIME];
    if (!kind) return { kind: `ONE_TIME_${type}` };
    return {
      kind,
      purchase: {
        purchaseToken: stringOf(MARKET, o, 'purchaseToken', 4096),
        marketProductId: optionalStringOf(MARKET, o, 'sku', 256),
        signal: type === 1 ? 'completed' : 'canceled',
        reason: `google:${kind}`,
        at,
        signed: false,
      },
    };
  }
  const v = objectOf(MARKET, n.voidedPurchaseNotification, 'voidedPurchaseNotification');
  if (v.productType !== undefined && integerOf(MARKET, v, 'productType') === PRODUCT_TYPE_SUBSCRIPTION) {
    // A voided subscription is revoked: benefits off now, in this one notification (the core closes it).
    const purchaseToken = stringOf(MARKET, v, 'purchaseToken', 4096);
    return { kind: 'VOIDED_SUBSCRIPTION', subscription: { chainKey: purchaseToken, event: 'REVOKED', storeType: 'VOIDED_SUBSCRIPTION', eventTimeMs: at } };
  }
  const refundType = integerOf(MARKET, v, 'refundType');
  const refund = REFUND_TYPE[refundType as keyof typeof REFUND_TYPE];
  if (!refund) throw new BillingError('NOTIFICATION_MALFORMED', 'Unknown refundType.', { details: { market: MARKET, refundType } });
  return {
    kind: `VOIDED_${refund}`,
    purchase: {
      purchaseToken: stringOf(MARKET, v, 'purchaseToken', 4096),
      storeTransactionId: optionalStringOf(MARKET, v, 'orderId', 256),
      signal: refundType === 1 ? 'voided' : 'partial-refund',
      reason: `google:${refund}`,
      at,
      signed: false,
    },
  };
}
