import { defineErrors } from './define';

/** Codes any part may raise: malformed input, auth, limits, upstream failures. */
export const GENERAL_ERRORS = defineErrors({
  BAD_REQUEST: { status: 400, retryable: false, message: 'The request is malformed.' },
  VALIDATION_FAILED: { status: 400, retryable: false, message: 'The request does not match the API schema.' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, message: 'The request body must be JSON.' },
  NOT_FOUND: { status: 404, retryable: false, message: 'No such resource.' },
  METHOD_NOT_ALLOWED: { status: 405, retryable: false, message: 'This method is not allowed here.' },
  RATE_LIMITED: { status: 429, retryable: true, message: 'Too many requests; slow down and retry.' },
  UNAUTHENTICATED: { status: 401, retryable: false, message: 'Authentication is required.' },
  FORBIDDEN: { status: 403, retryable: false, message: 'You are not allowed to do this.' },
  APP_KEY_INVALID: { status: 401, retryable: false, message: 'The app key is unknown.' },
  APP_SECRET_INVALID: { status: 401, retryable: false, message: 'The app secret key is wrong.' },
  SESSION_INVALID: { status: 401, retryable: false, message: 'The session token is unknown or expired; log in again.' },
  USER_SIGNATURE_REQUIRED: { status: 401, retryable: false, message: 'This app requires a user signature from the game server.' },
  USER_SIGNATURE_INVALID: { status: 401, retryable: false, message: 'The user signature does not match the user key.' },
  CONFLICT: { status: 409, retryable: false, message: 'The resource is in a state that does not allow this.' },
  STORE_UNAVAILABLE: { status: 503, retryable: true, message: 'The store could not be reached; retry later.' },
  SERVER_BUSY: { status: 503, retryable: true, message: 'The billing server is busy; retry later.' },
  INTERNAL: { status: 500, retryable: true, message: 'An internal error occurred.' },
  CREDENTIALS_INVALID: { status: 401, retryable: false, message: 'The email or the password is wrong.' },
  CSRF_TOKEN_INVALID: { status: 403, retryable: false, message: 'The CSRF token is missing or wrong; reload the page.' },
});
