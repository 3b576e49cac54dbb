import { defineErrors } from './define';

/** Codes any part may raise: malformed input, auth, limits, upstream failures. */
export const GENERAL_ERRORS = defineErrors({
  BAD_REQUEST: { status: 400, retryable: false },
  VALIDATION_FAILED: { status: 400, retryable: false },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false },
  NOT_FOUND: { status: 404, retryable: false },
  METHOD_NOT_ALLOWED: { status: 405, retryable: false },
  RATE_LIMITED: { status: 429, retryable: true },
  UNAUTHENTICATED: { status: 401, retryable: false },
  FORBIDDEN: { status: 403, retryable: false },
  APP_KEY_INVALID: { status: 401, retryable: false },
  APP_SECRET_INVALID: { status: 401, retryable: false },
  SESSION_INVALID: { status: 401, retryable: false },
  USER_SIGNATURE_REQUIRED: { status: 401, retryable: false },
  USER_SIGNATURE_INVALID: { status: 401, retryable: false },
  LOGIN_TOKEN_REQUIRED: { status: 401, retryable: false },
  LOGIN_TOKEN_INVALID: { status: 401, retryable: false },
  LOGIN_TOKEN_EXPIRED: { status: 401, retryable: false },
  CONFLICT: { status: 409, retryable: false },
  STORE_UNAVAILABLE: { status: 503, retryable: true },
  SERVER_BUSY: { status: 503, retryable: true },
  INTERNAL: { status: 500, retryable: true },
  CREDENTIALS_INVALID: { status: 401, retryable: false },
  CSRF_TOKEN_INVALID: { status: 403, retryable: false },
});
