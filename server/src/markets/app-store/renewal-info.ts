import { malformed } from '../shared/signed-json';
import { acceptedEnvironments, type AppStoreConfig } from './config';
import type { StoreKitJwsVerifier } from './jws-verifier';

/**
 * JWSRenewalInfoDecodedPayload (App Store Server API reference), the fields we read. It names no
 * bundle, so it is tied to the app through the transaction it comes with: the same
 * originalTransactionId, and an environment the app accepts.
 */
export interface RenewalInfo {
  /** 1 = renews at the end of the period, 0 = the customer turned auto-renew off. */
  autoRenewStatus?: number;
  autoRenewProductId?: string;
  /** 1 voluntary, 2 billing error, 3 price increase not consented, 4 product not for sale, 5 other. */
  expirationIntent?: number;
  isInBillingRetryPeriod?: boolean;
  gracePeriodExpiresDate?: number;
  /** 0 = consent pending, 1 = accepted (or a rise that needs none). */
  priceIncreaseStatus?: number;
  offerType?: number;
  offerIdentifier?: string;
  renewalDate?: number;
  signedDate?: number;
  raw: Record<string, unknown>;
}

const INTEGER_FIELDS = ['autoRenewStatus', 'expirationIntent', 'gracePeriodExpiresDate', 'priceIncreaseStatus', 'offerType', 'renewalDate', 'signedDate', 'recentSubscriptionStartDate', 'renewalPrice'] as const;
const STRING_FIELDS = ['autoRenewProductId', 'originalTransactionId', 'productId', 'offerIdentifier', 'environment', 'currency'] as const;

/** Verifies `signedRenewalInfo` with the receipt verifier and checks it belongs to `originalTransactionId`. */
export function verifyRenewalInfo(
  signed: unknown,
  jws: StoreKitJwsVerifier,
  originalTransactionId: string,
  config: Pick<AppStoreConfig, 'environment' | 'acceptSandbox' | 'allowLocalTesting'>,
): RenewalInfo {
  const raw = jws.verifyAndDecode(signed);
  for (const field of INTEGER_FIELDS) if (raw[field] !== undefined && !Number.isSafeInteger(raw[field])) throw malformed(`renewal info ${field} is not an integer`);
  for (const field of STRING_FIELDS) if (raw[field] !== undefined && typeof raw[field] !== 'string') throw malformed(`renewal info ${field} is not a string`);
  if (raw.isInBillingRetryPeriod !== undefined && typeof raw.isInBillingRetryPeriod !== 'boolean') throw malformed('renewal info isInBillingRetryPeriod is not a boolean');
  if (raw.originalTransactionId !== originalTransactionId) throw malformed('the renewal info is for another subscription');
  if (typeof raw.environment !== 'string' || !acceptedEnvironments(config).includes(raw.environment)) throw malformed('the renewal info is from another environment');
  const n = (field: string) => raw[field] as number | undefined;
  const s = (field: string) => raw[field] as string | undefined;
  return {
    autoRenewStatus: n('autoRenewStatus'),
    autoRenewProductId: s('autoRenewProductId'),
    expirationIntent: n('expirationIntent'),
    isInBillingRetryPeriod: raw.isInBillingRetryPeriod as boolean | undefined,
    gracePeriodExpiresDate: n('gracePeriodExpiresDate'),
    priceIncreaseStatus: n('priceIncreaseStatus'),
    offerType: n('offerType'),
    offerIdentifier: s('offerIdentifier'),
    renewalDate: n('renewalDate'),
    signedDate: n('signedDate'),
    raw,
  };
}
