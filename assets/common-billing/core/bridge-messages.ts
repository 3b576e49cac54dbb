import type { BridgeError, BridgeEvent, BridgeResponse, NativePurchase } from '../protocol/bridge';
import { parseJson } from './json';

/**
 * Hand-written guards for messages coming from native code. The native side is another
 * program: anything malformed is rejected here (and logged, then ignored, by the caller).
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

export function parseJsonObject(arg: string | undefined): Record<string, unknown> | null {
  const value = arg ? parseJson(arg) : undefined;
  return isObject(value) ? value : null;
}

export function isBridgeError(v: unknown): v is BridgeError {
  return isObject(v) && isString(v.code) && isString(v.message);
}

function isReceipt(v: unknown): boolean {
  if (!isObject(v)) return false;
  return (isString(v.originalJson) && isString(v.signature)) || isString(v.signedTransaction);
}

export function isNativePurchase(v: unknown): v is NativePurchase {
  return (
    isObject(v) &&
    isString(v.productId) &&
    isString(v.transactionId) &&
    isString(v.purchaseToken) &&
    v.purchaseToken !== '' &&
    (typeof v.nativeState === 'number' || isString(v.nativeState)) &&
    typeof v.quantity === 'number' &&
    typeof v.acknowledged === 'boolean' &&
    isReceipt(v.receipt)
  );
}

/** The message itself once its shape is checked (fields we do not read may ride along), or null. */
export function asBridgeResponse(v: Record<string, unknown>): BridgeResponse | null {
  const valid = isString(v.id) && (v.ok === true ? isObject(v.result) : v.ok === false && isBridgeError(v.error));
  return valid ? (v as BridgeResponse) : null;
}

export function asBridgeEvent(v: Record<string, unknown>): BridgeEvent | null {
  const valid = v.type === 'purchasesUpdated' && Array.isArray(v.purchases) && v.purchases.every(isNativePurchase) && (v.error === undefined || isBridgeError(v.error));
  return valid ? (v as BridgeEvent) : null;
}

/** Results whose purchases we read must carry valid purchases, or the message is malformed. */
export function hasValidPurchases(result: Record<string, unknown>): boolean {
  return result.purchases === undefined || (Array.isArray(result.purchases) && result.purchases.every(isNativePurchase));
}
