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

export function asBridgeResponse(v: Record<string, unknown>): BridgeResponse | null {
  if (!isString(v.id) || typeof v.ok !== 'boolean') return null;
  if (v.ok) return isObject(v.result) ? { id: v.id, ok: true, result: v.result } : null;
  return isBridgeError(v.error) ? { id: v.id, ok: false, error: v.error } : null;
}

export function asBridgeEvent(v: Record<string, unknown>): BridgeEvent | null {
  if (v.type !== 'purchasesUpdated' || !Array.isArray(v.purchases)) return null;
  if (!v.purchases.every(isNativePurchase)) return null;
  if (v.error !== undefined && !isBridgeError(v.error)) return null;
  const event: BridgeEvent = { type: 'purchasesUpdated', purchases: v.purchases as NativePurchase[] };
  if (v.error !== undefined) event.error = v.error as BridgeError;
  return event;
}

/** Results whose purchases we read must carry valid purchases, or the message is malformed. */
export function hasValidPurchases(result: Record<string, unknown>): boolean {
  return result.purchases === undefined || (Array.isArray(result.purchases) && result.purchases.every(isNativePurchase));
}
