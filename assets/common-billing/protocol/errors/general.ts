import { defineErrors, permanent, retryable } from './define';

/** Codes any part may raise: malformed input, auth, limits, upstream failures. */
export const GENERAL_ERRORS = defineErrors({
  BAD_REQUEST: permanent(400),
  VALIDATION_FAILED: permanent(400),
  PAYLOAD_TOO_LARGE: permanent(413),
  UNSUPPORTED_MEDIA_TYPE: permanent(415),
  NOT_FOUND: permanent(404),
  METHOD_NOT_ALLOWED: permanent(405),
  RATE_LIMITED: retryable(429),
  UNAUTHENTICATED: permanent(401),
  FORBIDDEN: permanent(403),
  APP_KEY_INVALID: permanent(401),
  APP_SECRET_INVALID: permanent(401),
  SESSION_INVALID: permanent(401),
  USER_SIGNATURE_REQUIRED: permanent(401),
  USER_SIGNATURE_INVALID: permanent(401),
  LOGIN_TOKEN_REQUIRED: permanent(401),
  LOGIN_TOKEN_INVALID: permanent(401),
  LOGIN_TOKEN_EXPIRED: permanent(401),
  CONFLICT: permanent(409),
  STORE_UNAVAILABLE: retryable(503),
  SERVER_BUSY: retryable(503),
  INTERNAL: retryable(500),
  CREDENTIALS_INVALID: permanent(401),
  CSRF_TOKEN_INVALID: permanent(403),
});
