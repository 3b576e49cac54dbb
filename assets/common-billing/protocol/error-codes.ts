import { GENERAL_ERRORS } from './errors/general';
import { PURCHASE_ERRORS } from './errors/purchase';
import { VERIFICATION_ERRORS } from './errors/verification';
import { SDK_ERRORS } from './errors/sdk';
import type { ErrorSpec } from './errors/define';

/**
 * The one error-code catalog of Common Billing, shared by the SDK, the server, the console
 * and (as strings) the native bridges. Codes are stable strings; never rename one.
 */
export const ERROR_CATALOG = {
  ...GENERAL_ERRORS,
  ...PURCHASE_ERRORS,
  ...VERIFICATION_ERRORS,
  ...SDK_ERRORS,
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOG;
export type { ErrorSpec };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOG, value);
}

export function errorSpec(code: ErrorCode): ErrorSpec {
  return ERROR_CATALOG[code];
}

/** The JSON body of every error answer: `{ error: { code, message, retryable } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; retryable: boolean; details?: Record<string, unknown> };
}

/**
 * The public error type on both sides. `message` is the catalog's public message unless a
 * more specific (still public) one is given; `cause` keeps the underlying error for logs.
 */
export class BillingError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, options: { details?: Record<string, unknown>; cause?: unknown; retryable?: boolean } = {}) {
    const spec = ERROR_CATALOG[code];
    super(message ?? spec.message);
    this.name = 'BillingError';
    this.code = code;
    this.status = spec.status;
    this.retryable = options.retryable ?? spec.retryable;
    if (options.details) this.details = options.details;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { error: { code: this.code, message: this.message, retryable: this.retryable } };
    if (this.details) body.error.details = this.details;
    return body;
  }

  static fromBody(body: unknown, fallback: ErrorCode = 'INTERNAL'): BillingError {
    const err = (body as ErrorBody | undefined)?.error;
    if (err && isErrorCode(err.code)) {
      return new BillingError(err.code, typeof err.message === 'string' ? err.message : undefined, {
        retryable: typeof err.retryable === 'boolean' ? err.retryable : undefined,
        details: err.details,
      });
    }
    return new BillingError(fallback);
  }
}

export function isBillingError(value: unknown): value is BillingError {
  return value instanceof BillingError;
}
