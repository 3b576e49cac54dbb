import { Value } from 'typebox/value';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { AppStoreConfig } from './config';
import { unverifiedBundleId, verifyAppStoreNotification, type VerifiedAppStoreNotification } from './notification';
import { subscriptionNoticeOf } from './subscription-notices';
import { AUTO_RENEWABLE } from './subscription-snapshot';
import { appsByStoreIdentifier } from '../../lifecycle/notifications/app-lookup';
import { malformed, objectOf, stringOf } from '../../lifecycle/notifications/fields';
import type { IntakeContext, NotificationParser, NotificationRequest, ParsedNotification, StoreSignal } from '../../lifecycle/notifications/types';

const MARKET = 'app-store';

/** notificationType → what it means for a one-time purchase; other types are recorded only. */
const SIGNALS: Record<string, StoreSignal> = {
  REFUND: 'voided',
  REVOKE: 'voided',
  REFUND_REVERSED: 'refund-reversed',
  REFUND_DECLINED: 'note',
  CONSUMPTION_REQUEST: 'note',
  ONE_TIME_CHARGE: 'completed',
};

/**
 * Apple's NotificationTypeV2 list (App Store Server Notifications docs; app-store-server-library
 * NotificationTypeV2). A type not listed is still accepted with 200 and stored, marked unknown.
 */
const KNOWN_TYPES = new Set([
  'CONSUMPTION_REQUEST', 'DID_CHANGE_RENEWAL_PREF', 'DID_CHANGE_RENEWAL_STATUS', 'DID_FAIL_TO_RENEW', 'DID_RENEW', 'EXPIRED',
  'EXTERNAL_PURCHASE_TOKEN', 'GRACE_PERIOD_EXPIRED', 'METADATA_UPDATE', 'MIGRATION', 'OFFER_REDEEMED', 'ONE_TIME_CHARGE',
  'PRICE_CHANGE', 'PRICE_INCREASE', 'REFUND', 'REFUND_DECLINED', 'REFUND_REVERSED', 'RENEWAL_EXTENDED', 'RENEWAL_EXTENSION',
  'RESCIND_CONSENT', 'REVOKE', 'SUBSCRIBED', 'TEST',
]);

/**
 * App Store Server Notifications V2: `{signedPayload}` verified with the app's configured
 * roots (the same verifier as receipts). Apple retries any non-2xx, so only a transient
 * failure answers one after the notification is authentic.
 */
export function appStoreParser(): NotificationParser {
  return {
    market: MARKET,
    async parse(request: NotificationRequest, ctx: IntakeContext): Promise<ParsedNotification> {
      const body = objectOf(MARKET, request.body, 'the body');
      const signedPayload = stringOf(MARKET, body, 'signedPayload', 65_536);
      const bundleId = unverifiedBundleId(signedPayload);
      if (!bundleId) throw malformed(MARKET, 'signedPayload is not a JWS with data.bundleId');
      const apps = await appsByStoreIdentifier(ctx.billing.db, MARKET, ['bundleId'], bundleId);
      let lastError: unknown;
      for (const app of apps) {
        if (!Value.Check(AppStoreConfig, app.config)) continue;
        try {
          const n = verifyAppStoreNotification(signedPayload, app.config, ctx.billing.now);
          const unknownKind = !KNOWN_TYPES.has(n.notificationType);
          const subscription = subscriptionNoticeOf(n, ctx.billing.now());
          return {
            notificationId: n.notificationUUID, appKey: app.appKey, kind: kindOf(n),
            ...(subscription ? { subscription } : purchaseOf(n)),
            ...(unknownKind ? { unknownKind } : {}),
          };
        } catch (error) {
          lastError = error;
        }
      }
      throw authFailure(lastError);
    },
  };
}

function kindOf(n: VerifiedAppStoreNotification): string {
  return n.subtype ? `${n.notificationType}:${n.subtype}` : n.notificationType;
}

/** A one-time product's signal; an auto-renewable subscription's transaction is a subscription notice instead. */
function purchaseOf(n: VerifiedAppStoreNotification): Pick<ParsedNotification, 'purchase'> {
  const signal = SIGNALS[n.notificationType];
  const tx = n.transaction;
  if (!signal || !tx || tx.decoded.type === AUTO_RENEWABLE) return {};
  const revocationDate = typeof tx.decoded.revocationDate === 'number' ? tx.decoded.revocationDate : undefined;
  const detail = n.notificationType === 'CONSUMPTION_REQUEST' ? n.data.consumptionRequestReason : tx.decoded.revocationReason;
  return {
    purchase: {
      storeTransactionId: tx.storeTransactionId,
      purchaseToken: tx.purchaseToken,
      marketProductId: tx.marketProductId,
      signal,
      reason: `apple:${n.notificationType}${detail === undefined ? '' : `:${String(detail)}`}`,
      at: revocationDate ?? n.signedDate,
      signed: true,
      ...(signal === 'completed' ? { transaction: tx } : {}),
    },
  };
}

/** Signature and chain failures become one notification code; the verifier's code stays in details. */
function authFailure(error: unknown): BillingError {
  if (error instanceof BillingError && error.code.startsWith('NOTIFICATION_')) return error;
  const reason = error instanceof BillingError ? error.code : 'UNKNOWN';
  if (error instanceof BillingError && error.retryable) return error;
  return new BillingError('NOTIFICATION_AUTH_FAILED', 'The signedPayload does not verify for any app with this bundle id.', {
    details: { market: MARKET, reason },
    cause: error,
  });
}
