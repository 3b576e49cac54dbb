import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { VerifiedReceipt } from '../types';
import { acceptedEnvironments, APP_STORE_MARKET_ID, type AppStoreConfig } from './config';
import { StoreKitJwsVerifier } from './jws-verifier';
import { verifyRenewalInfo, type RenewalInfo } from './renewal-info';
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
  /** data.signedRenewalInfo (subscriptions), verified and tied to the transaction's originalTransactionId. */
  renewal?: RenewalInfo;
  /** data.status: the subscription's status (1–5) at signedDate, when Apple includes it. */
  status?: number;
}

/**
 * Verifies `signedPayload` with the same JWS verifier as transactions (STORES.md §2.4), then
 * the business checks Apple's own verifier makes for notifications. The app identity sits in
 * whichever of `data`, `summary`, `externalPurchaseToken` or `appData` the type carries (they
 * are mutually exclusive; SUMMARY, EXTERNAL_PURCHASE_TOKEN and RESCIND_CONSENT have no `data`).
 * bundleId must equal the configuration, the environment must be one the app accepts
 * (Sandbox on a Production app unless turned off), and appAppleId must match in Production.
 * Any notificationType is accepted, known or not: an unknown one is recorded, never refused,
 * so Apple does not retry it for days. The nested signedTransactionInfo and signedRenewalInfo
 * are verified on their own.
 * Throws BillingError (RECEIPT_* for the JWS, NOTIFICATION_* for the rest).
 */
export function verifyAppStoreNotification(signedPayload: string, config: AppStoreConfig, now: () => number): VerifiedAppStoreNotification {
  const jws = new StoreKitJwsVerifier(config.rootCertificates, now);
  const payload = jws.verifyAndDecode(signedPayload);
  const notificationType = payload.notificationType;
  const notificationUUID = payload.notificationUUID;
  if (typeof notificationType !== 'string' || !/^[A-Z0-9_]{1,64}$/.test(notificationType) ||
    typeof notificationUUID !== 'string' || !/^[0-9a-fA-F-]{8,64}$/.test(notificationUUID)) {
    throw malformed('notificationType and notificationUUID are required');
  }
  const identity = appIdentityOf(payload);
  if (!identity) throw malformed('the notification has no data, summary, externalPurchaseToken or appData');
  if (identity.bundleId !== config.bundleId) throw new BillingError('NOTIFICATION_APP_UNKNOWN', 'The notification is for another bundle.', { details: { market: APP_STORE_MARKET_ID } });
  if (typeof identity.environment !== 'string' || !acceptedEnvironments(config).includes(identity.environment)) {
    throw new BillingError('RECEIPT_ENVIRONMENT_MISMATCH', 'The notification is from another environment.', { details: { market: APP_STORE_MARKET_ID } });
  }
  if (identity.environment === 'Production' && config.appAppleId !== undefined && identity.appAppleId !== config.appAppleId) {
    throw new BillingError('NOTIFICATION_APP_UNKNOWN', 'The notification is for another appAppleId.', { details: { market: APP_STORE_MARKET_ID } });
  }
  const d = identity.data;
  const signedTransaction = d.signedTransactionInfo;
  const transaction = typeof signedTransaction === 'string' ? toVerifiedTransaction(jws.verifyAndDecode(signedTransaction), config) : undefined;
  const originalTransactionId = transaction?.decoded.originalTransactionId ?? transaction?.storeTransactionId;
  const renewal = transaction && d.signedRenewalInfo !== undefined ? verifyRenewalInfo(d.signedRenewalInfo, jws, String(originalTransactionId), config) : undefined;
  return {
    notificationType,
    ...(typeof payload.subtype === 'string' ? { subtype: payload.subtype.slice(0, 64) } : {}),
    notificationUUID,
    ...(typeof payload.signedDate === 'number' ? { signedDate: payload.signedDate } : {}),
    data: d,
    ...(transaction ? { transaction } : {}),
    ...(renewal ? { renewal } : {}),
    ...(Number.isSafeInteger(d.status) ? { status: d.status as number } : {}),
  };
}

interface AppIdentity {
  bundleId: unknown;
  appAppleId: unknown;
  environment: unknown;
  data: Record<string, unknown>;
}

/** The object that names the app, as Apple's SignedDataVerifier.verifyAndDecodeNotification reads it. */
function appIdentityOf(payload: Record<string, unknown>): AppIdentity | undefined {
  for (const field of ['data', 'summary', 'externalPurchaseToken', 'appData'] as const) {
    const value = payload[field];
    if (value === undefined) continue;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const o = value as Record<string, unknown>;
    // External purchase tokens carry no environment: Apple marks sandbox ones by the id's prefix.
    const environment = field === 'externalPurchaseToken'
      ? (typeof o.externalPurchaseId === 'string' && o.externalPurchaseId.startsWith('SANDBOX') ? 'Sandbox' : 'Production')
      : o.environment;
    return { bundleId: o.bundleId, appAppleId: o.appAppleId, environment, data: o };
  }
  return undefined;
}

/** The payload's bundleId before verification: only used to pick which app's roots verify it. */
export function unverifiedBundleId(signedPayload: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(signedPayload.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const bundleId = appIdentityOf(payload)?.bundleId;
    return typeof bundleId === 'string' ? bundleId : undefined;
  } catch {
    return undefined;
  }
}

function malformed(what: string): BillingError {
  return new BillingError('NOTIFICATION_MALFORMED', `The notification is malformed: ${what}.`, { details: { market: APP_STORE_MARKET_ID } });
}
