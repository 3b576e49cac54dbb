import { GENERAL_ERRORS } from './errors/general';
import { PURCHASE_ERRORS } from './errors/purchase';
import { VERIFICATION_ERRORS } from './errors/verification';
import { SDK_ERRORS } from './errors/sdk';
import type { ErrorSpec } from './errors/define';

/**
 * The one error-code catalog of Common Billing, shared by the SDK, the server, the console
 * and (as strings) the native bridges. Codes are stable strings; never rename one. Each
 * code's public message is in `errors/messages.ts` (server, console, editor; not the SDK).
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

/** The JSON body of every error answer: `{ error: { code, message, retryable } }` (built by `errorBody`). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; retryable: boolean; details?: Record<string, unknown> };
}

/**
 * The public error type on both sides; `cause` keeps the underlying error for logs.
 * `message` is the one given (on the device: the server's, taken from its answer) or else
 * the code in words ("not logged in"); where a public message is shown (server answers,
 * console, editor), `errorBody` puts the code's catalog message in place of the latter.
 */
export class BillingError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number;
  /** False when the error was raised without a message: `message` is then only the code in words. */
  readonly hasOwnMessage: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, options: { details?: Record<string, unknown>; cause?: unknown; retryable?: boolean } = {}) {
    const spec = ERROR_CATALOG[code];
    super(message ?? code.toLowerCase().replace(/_/g, ' '));
    this.name = 'BillingError';
    this.code = code;
    this.status = spec.status;
    this.retryable = options.retryable ?? spec.retryable;
    this.hasOwnMessage = message !== undefined;
    if (options.details) this.details = options.details;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }

  /** `error` itself when it is a BillingError; else a `code` error that keeps it as `cause`. */
  static from(error: unknown, code: ErrorCode): BillingError {
    return error instanceof BillingError ? error : new BillingError(code, undefined, { cause: error });
  }

  /** An error answer of the billing server (or anything in between) as a BillingError. */
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
