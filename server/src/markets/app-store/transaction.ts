import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { VerifiedReceipt } from '../types';
import { malformed } from '../shared/signed-json';
import { compact, optionalInteger, optionalString, quantityOf, requiredInteger, requiredString } from '../shared/fields';
import { acceptedEnvironments, APP_STORE_MARKET_ID, type AppStoreConfig } from './config';

/**
 * Business checks on a verified JWSTransactionDecodedPayload and its mapping to a
 * VerifiedReceipt. bundleId and environment must equal the configuration (like Apple's
 * verifier); a revoked transaction is CANCELED. A Production app also accepts a Sandbox
 * transaction of its bundle (App Review and TestFlight buy in the sandbox: Apple's guidance is
 * to accept it), unless `acceptSandbox: false`; Xcode / LocalTesting only with
 * `allowLocalTesting`. Every non-Production transaction is a test purchase, never revenue.
 */
export function toVerifiedTransaction(payload: Record<string, unknown>, config: AppStoreTransactionConfig): VerifiedReceipt {
  assertFieldTypes(payload);
  if (requiredString(payload, 'bundleId') !== config.bundleId) {
    throw new BillingError('RECEIPT_PACKAGE_MISMATCH', undefined, { details: { market: APP_STORE_MARKET_ID } });
  }
  const environment = requiredString(payload, 'environment');
  if (!acceptedEnvironments(config).includes(environment)) {
    throw new BillingError('RECEIPT_ENVIRONMENT_MISMATCH', undefined, { details: { market: APP_STORE_MARKET_ID } });
  }
  const transactionId = requiredString(payload, 'transactionId');
  if (!/^\d{1,32}$/.test(transactionId)) throw malformed('transactionId is not numeric');
  const revoked = optionalInteger(payload, 'revocationDate') !== undefined;
  const sandbox = environment !== 'Production';
  const price = optionalInteger(payload, 'price');
  const currency = optionalString(payload, 'currency');
  return {
    market: APP_STORE_MARKET_ID,
    storeTransactionId: transactionId,
    purchaseToken: transactionId,
    marketProductId: requiredString(payload, 'productId'),
    state: revoked ? 'CANCELED' : 'PURCHASED',
    quantity: quantityOf(payload),
    purchaseTimeMs: requiredInteger(payload, 'purchaseDate'),
    environment: sandbox ? 'sandbox' : 'production',
    test: sandbox,
    // Apple's price is in milliunits of the currency: micros = price × 1000.
    ...(price !== undefined && price >= 0 && currency && /^[A-Z]{3}$/.test(currency) ? { charged: { priceMicros: price * 1000, currency } } : {}),
    binding: compact({ appAccountToken: optionalString(payload, 'appAccountToken') }),
    // StoreKit transactions are finished on the device; the server has nothing to acknowledge.
    storeFinished: false,
    decoded: payload,
  };
}

export type AppStoreTransactionConfig = Pick<AppStoreConfig, 'bundleId' | 'environment' | 'acceptSandbox' | 'allowLocalTesting'>;

const NUMBER_FIELDS = ['purchaseDate', 'originalPurchaseDate', 'expiresDate', 'signedDate', 'revocationDate', 'revocationReason', 'quantity', 'price'];
const STRING_FIELDS = ['transactionId', 'originalTransactionId', 'webOrderLineItemId', 'bundleId', 'productId', 'appAccountToken', 'environment', 'type', 'storefront', 'storefrontId', 'currency'];

/** JWSTransactionDecodedPayload types, strictly (no numeric strings), as Apple's validator does. */
function assertFieldTypes(payload: Record<string, unknown>): void {
  for (const field of NUMBER_FIELDS) if (payload[field] !== undefined && typeof payload[field] !== 'number') throw malformed(`${field} is not a number`);
  for (const field of STRING_FIELDS) if (payload[field] !== undefined && typeof payload[field] !== 'string') throw malformed(`${field} is not a string`);
}
