import type { KeyObject } from 'node:crypto';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { VerifiedReceipt } from '../types';
import { verifySignedJson, malformed } from '../shared/signed-json';
import { compact, optionalInteger, optionalString, requiredInteger, requiredString } from '../shared/fields';
import { ONE_STORE_MARKET_ID } from './config';

/** PurchaseData.purchaseState: 0 PURCHASED, 1 CANCEL, 2 REFUND. */
const STATE: Record<number, VerifiedReceipt['state']> = { 0: 'PURCHASED', 1: 'CANCELED', 2: 'CANCELED' };
/** Sandbox purchase ids carry this prefix (e.g. SANDBOX3000000004564). */
export const SANDBOX_ID_PREFIX = 'SANDBOX';

/**
 * ONE store IAP SDK v21 PurchaseData: SHA512withRSA over the exact original JSON bytes.
 * purchaseId is the store transaction id; the binding is developerPayload.
 */
export function verifyOneStoreReceipt(receipt: unknown, key: KeyObject, packageName: string): VerifiedReceipt {
  const data = verifySignedJson(receipt, { market: ONE_STORE_MARKET_ID, key, digest: 'sha512' });
  if (requiredString(data, 'packageName') !== packageName) {
    throw new BillingError('RECEIPT_PACKAGE_MISMATCH', undefined, { details: { market: ONE_STORE_MARKET_ID } });
  }
  const state = STATE[requiredInteger(data, 'purchaseState')];
  if (!state) throw malformed('purchaseState is not 0, 1 or 2');
  const purchaseId = requiredString(data, 'purchaseId');
  // The SDK treats a quantity below 1 as 1.
  const quantity = Math.max(1, optionalInteger(data, 'quantity') ?? 1);
  if (quantity > 1000) throw malformed('quantity is out of range');
  const sandbox = purchaseId.startsWith(SANDBOX_ID_PREFIX);
  return {
    market: ONE_STORE_MARKET_ID,
    storeTransactionId: purchaseId,
    purchaseToken: requiredString(data, 'purchaseToken'),
    marketProductId: requiredString(data, 'productId'),
    state,
    quantity,
    purchaseTimeMs: requiredInteger(data, 'purchaseTime'),
    environment: sandbox ? 'sandbox' : 'production',
    test: sandbox,
    binding: compact({ developerPayload: optionalString(data, 'developerPayload') }),
    storeFinished: optionalInteger(data, 'acknowledgeState') === 1,
    decoded: data,
  };
}
