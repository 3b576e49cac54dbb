import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { VerifiedReceipt } from '../types';
import { APP_STORE_MARKET_ID, type AppStoreConfig } from './config';
import { StoreKitJwsVerifier } from './jws-verifier';
import { toVerifiedTransaction } from './transaction';

/** An App Store Server Notification V2 whose signature, app and environment were checked. */
export interface VerifiedAppStoreNotification {
  notificationType: string;
  subtype?: string;
  notificationUUID: string;
  signedDate?: number;
  data: Record<string, unknown>;
  /** data.signedTransactionInfo, verified like a device receipt (absent for TEST and summaries). */
  transaction?: VerifiedReceipt;
}

/**
 * Verifies `signedPayload` with the same JWS verifier as transactions (STORES.md §2.4), then
 * the business checks Apple's own verifier makes for notifications: bundleId and environment
 * equal the configuration, and appAppleId in Production. The nested signedTransactionInfo is
 * verified on its own. Throws BillingError (RECEIPT_* for the JWS, NOTIFICATION_* for the rest).
 */
export function verifyAppStoreNotification(signedPayload: string, config: AppStoreConfig, now: () => number): VerifiedAppStoreNotification {
  const jws = new StoreKitJwsVerifier(config.rootCertificates, now);
  const payload = jws.verifyAndDecode(signedPayload);
  const notificationType = payload.notificationType;
  const notificationUUID = payload.notificationUUID;
  if (typeof notificationType !== 'string' || typeof notificationUUID !== 'string' || !/^[0-9a-fA-F-]{8,64}$/.test(notificationUUID)) {
    throw malformed('notificationType and notificationUUID are required');
  }
  const data = payload.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw malformed('the notification has no data');
  const d = data as Record<string, unknown>;
  if (d.bundleId !== config.bundleId) throw new BillingError('NOTIFICATION_APP_UNKNOWN', 'The notification is for another bundle.', { details: { market: APP_STORE_MARKET_ID } });
  if (d.environment !== config.environment) {
    throw new BillingError('RECEIPT_ENVIRONMENT_MISMATCH', 'The notification is from another environment.', { details: { market: APP_STORE_MARKET_ID } });
  }
  if (config.environment === 'Production' && config.appAppleId !== undefined && d.appAppleId !== config.appAppleId) {
    throw new BillingError('NOTIFICATION_APP_UNKNOWN', 'The notification is for another appAppleId.', { details: { market: APP_STORE_MARKET_ID } });
  }
  const signedTransaction = d.signedTransactionInfo;
  const transaction = typeof signedTransaction === 'string' ? toVerifiedTransaction(jws.verifyAndDecode(signedTransaction), config) : undefined;
  return {
    notificationType,
    ...(typeof payload.subtype === 'string' ? { subtype: payload.subtype } : {}),
    notificationUUID,
    ...(typeof payload.signedDate === 'number' ? { signedDate: payload.signedDate } : {}),
    data: d,
    ...(transaction ? { transaction } : {}),
  };
}

/** The payload's data.bundleId before verification: only used to pick which app's roots verify it. */
export function unverifiedBundleId(signedPayload: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(signedPayload.split('.')[1] ?? '', 'base64url').toString('utf8')) as { data?: { bundleId?: unknown } };
    return typeof payload.data?.bundleId === 'string' ? payload.data.bundleId : undefined;
  } catch {
    return undefined;
  }
}

function malformed(what: string): BillingError {
  return new BillingError('NOTIFICATION_MALFORMED', `The notification is malformed: ${what}.`, { details: { market: APP_STORE_MARKET_ID } });
}
