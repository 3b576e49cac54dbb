import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { appsByStoreIdentifier } from '../../lifecycle/notifications/app-lookup';
import { integerOf, malformed, objectOf, optionalStringOf, stringOf } from '../../lifecycle/notifications/fields';
import { firstAuthenticated } from '../../lifecycle/notifications/authenticate';
import { GooglePushVerifier } from './push-auth';
import type { IntakeContext, NotificationParser, NotificationRequest, ParsedNotification } from '../../lifecycle/notifications/types';

const MARKET = 'google-play';
/** oneTimeProductNotification.notificationType (RTDN reference). */
const ONE_TIME = { 1: 'ONE_TIME_PRODUCT_PURCHASED', 2: 'ONE_TIME_PRODUCT_CANCELED' } as const;
/** voidedPurchaseNotification.refundType. */
const REFUND_TYPE = { 1: 'FULL_REFUND', 2: 'QUANTITY_BASED_PARTIAL_REFUND' } as const;

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

function event(n: Record<string, unknown>, at: number): Pick<ParsedNotification, 'kind' | 'purchase'> {
  const present = ['oneTimeProductNotification', 'voidedPurchaseNotification', 'subscriptionNotification', 'testNotification'].filter((k) => n[k] !== undefined);
  if (present.length !== 1) throw malformed(MARKET, 'exactly one notification kind is expected');
  if (n.testNotification !== undefined) return { kind: 'TEST' };
  if (n.subscriptionNotification !== undefined) {
    // Subscriptions are not sold through Common Billing yet: recorded, nothing to change.
    return { kind: `SUBSCRIPTION_${integerOf(MARKET, objectOf(MARKET, n.subscriptionNotification, 'subscriptionNotification'), 'notificationType')}` };
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
