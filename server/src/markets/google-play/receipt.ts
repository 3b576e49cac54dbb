import type { KeyObject } from 'node:crypto';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { VerifiedReceipt } from '../types';
import { verifySignedJson, malformed } from '../shared/signed-json';
import { compact, optionalInteger, optionalString, quantityOf, requiredInteger, requiredString } from '../shared/fields';
import { GOOGLE_PLAY_MARKET_ID } from './config';

/** Raw client JSON purchaseState: 4 = pending; any other value (real ones carry 0) = purchased. */
const RAW_STATE_PENDING = 4;

/**
 * Offline part of Google Play verification: SHA1withRSA over the exact original JSON bytes
 * (Play Billing `Purchase.getOriginalJson()` / `getSignature()`), package check, and the
 * normalised fields. The licence key is parsed once by the caller.
 */
export function verifyGooglePlayReceipt(receipt: unknown, key: KeyObject, packageName: string): VerifiedReceipt {
  const data = verifySignedJson(receipt, { market: GOOGLE_PLAY_MARKET_ID, key, digest: 'sha1' });
  if (requiredString(data, 'packageName') !== packageName) {
    throw new BillingError('RECEIPT_PACKAGE_MISMATCH', undefined, { details: { market: GOOGLE_PLAY_MARKET_ID } });
  }
  const purchaseToken = optionalString(data, 'purchaseToken') ?? requiredString(data, 'token');
  // Billing Library default when purchaseState is missing is 1 (= purchased in raw terms).
  const rawState = optionalInteger(data, 'purchaseState') ?? 1;
  return {
    market: GOOGLE_PLAY_MARKET_ID,
    storeTransactionId: optionalString(data, 'orderId') || purchaseToken,
    purchaseToken,
    marketProductId: productIdOf(data),
    state: rawState === RAW_STATE_PENDING ? 'PENDING' : 'PURCHASED',
    quantity: quantityOf(data),
    purchaseTimeMs: requiredInteger(data, 'purchaseTime'),
    environment: 'production',
    test: false,
    binding: compact({
      obfuscatedAccountId: optionalString(data, 'obfuscatedAccountId'),
      obfuscatedProfileId: optionalString(data, 'obfuscatedProfileId'),
      developerPayload: optionalString(data, 'developerPayload'),
    }),
    storeFinished: data.acknowledged === true,
    decoded: data,
  };
}

/** One product per purchase: `productIds` (newer JSON) must agree with `productId` when both exist. */
function productIdOf(data: Record<string, unknown>): string {
  const single = optionalString(data, 'productId');
  const list = data.productIds;
  if (list === undefined) return requiredString(data, 'productId');
  if (!Array.isArray(list) || list.length === 0 || list.some((p) => typeof p !== 'string' || p.length === 0 || p.length > 256)) {
    throw malformed('productIds is not a list of product ids');
  }
  if (list.length > 1) throw new BillingError('RECEIPT_PRODUCT_MISMATCH', 'Multi-product purchases are not supported.', { details: { market: GOOGLE_PLAY_MARKET_ID } });
  if (single !== undefined && single !== list[0]) {
    throw new BillingError('RECEIPT_PRODUCT_MISMATCH', 'productId and productIds disagree.', { details: { market: GOOGLE_PLAY_MARKET_ID } });
  }
  return list[0] as string;
}
