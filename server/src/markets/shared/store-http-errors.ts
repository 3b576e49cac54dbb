import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';

/** Where a store call happened: verification maps transient trouble to VERIFICATION_RETRYABLE. */
export type StoreCallPhase = 'verify' | 'api';

/**
 * One mapping from a store API answer to our catalog, shared by the store clients:
 * transient (network, 429, 5xx) → retryable; bad credentials → STORE_AUTH_FAILED (retryable:
 * an operator fixes the config, the receipt stays good); "no such purchase" →
 * RECEIPT_STORE_REJECTED; "wrong state for this call" → STORE_REQUEST_REJECTED.
 */
export function storeHttpError(market: string, phase: StoreCallPhase, status: number, reason: string | undefined, cause?: unknown): BillingError {
  const details = { market, status, ...(reason ? { reason } : {}) };
  if (status === 401 || status === 403) return new BillingError('STORE_AUTH_FAILED', undefined, { details, cause });
  if (status === 429 || status >= 500 || status === 0) return transient(market, phase, cause, details);
  if (status === 404 || status === 410) return new BillingError('RECEIPT_STORE_REJECTED', undefined, { details, cause });
  if (status === 409) return new BillingError('STORE_REQUEST_REJECTED', undefined, { details, cause });
  return new BillingError(phase === 'verify' ? 'RECEIPT_STORE_REJECTED' : 'STORE_REQUEST_REJECTED', undefined, { details, cause });
}

/** Network failure or store outage: nothing is decided, the caller retries later. */
export function transient(market: string, phase: StoreCallPhase, cause?: unknown, details: Record<string, unknown> = { market }): BillingError {
  return new BillingError(phase === 'verify' ? 'VERIFICATION_RETRYABLE' : 'STORE_UNAVAILABLE', undefined, { details, cause });
}
