import { BillingError, type ErrorCode } from '../../../../assets/common-billing/protocol/error-codes';

/**
 * Every rejected panel input is a BillingError with the catalog code VALIDATION_FAILED and
 * `details: { field, reason }`: `field` says where the panel shows it, `reason` is a stable
 * id that also names the i18n text (`common-billing.error.<reason>`).
 */
export type FieldErrorReason =
  | 'server-url-invalid'
  | 'app-key-invalid'
  | 'public-key-not-base64'
  | 'public-key-not-spki'
  | 'public-key-not-rsa'
  | 'public-key-too-small'
  | 'product-line-invalid'
  | 'product-id-invalid'
  | 'product-id-duplicate'
  | 'data-key-invalid'
  | 'admin-token-missing'
  | 'server-unreachable';

export function fieldError(field: string, reason: FieldErrorReason, message: string, extra: Record<string, unknown> = {}, code: ErrorCode = 'VALIDATION_FAILED'): BillingError {
  return new BillingError(code, message, { details: { field, reason, ...extra } });
}

export function fieldOf(error: BillingError): string | undefined {
  const field = error.details?.field;
  return typeof field === 'string' ? field : undefined;
}

export function reasonOf(error: BillingError): string | undefined {
  const reason = error.details?.reason;
  return typeof reason === 'string' ? reason : undefined;
}
