import { isBillingError, type BillingError, type ErrorBody, type ErrorCode } from '../error-codes';

/**
 * The public, human-readable message of every catalog code: what the billing server answers
 * in `{ error: { message } }` and what the console and the editor extension show. Never secrets
 * or receipt data. Typed by `ErrorCode`, so the compiler rejects a missing or unknown code;
 * the codes themselves are declared once, in the catalog (`../error-codes.ts`).
 *
 * The runtime SDK never imports this table (it would cost a quarter of its size budget): it
 * shows the server's message from the answer, and its own errors carry a short one.
 */
export const PUBLIC_MESSAGES: Record<ErrorCode, string> = {
  // Any part: malformed input, auth, limits, upstream failures.
  BAD_REQUEST: 'The request is malformed.',
  VALIDATION_FAILED: 'The request does not match the API schema.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be JSON.',
  NOT_FOUND: 'No such resource.',
  METHOD_NOT_ALLOWED: 'This method is not allowed here.',
  RATE_LIMITED: 'Too many requests; slow down and retry.',
  UNAUTHENTICATED: 'Authentication is required.',
  FORBIDDEN: 'You are not allowed to do this.',
  APP_KEY_INVALID: 'The app key is unknown.',
  APP_SECRET_INVALID: 'The app secret key is wrong.',
  SESSION_INVALID: 'The session token is unknown or expired; log in again.',
  USER_SIGNATURE_REQUIRED: 'This app requires a user signature from the game server.',
  USER_SIGNATURE_INVALID: 'The user signature does not match the user key (or the legacy-signature window is closed).',
  LOGIN_TOKEN_REQUIRED: 'This app requires a login token from the game server (loginToken).',
  LOGIN_TOKEN_INVALID: 'The login token was not made with this app\'s secret for this user.',
  LOGIN_TOKEN_EXPIRED: 'The login token expired (or expires too far ahead); ask the game server for a new one.',
  CONFLICT: 'The resource is in a state that does not allow this.',
  STORE_UNAVAILABLE: 'The store could not be reached; retry later.',
  SERVER_BUSY: 'The billing server is busy; retry later.',
  INTERNAL: 'An internal error occurred.',
  CREDENTIALS_INVALID: 'The email or the password is wrong.',
  CSRF_TOKEN_INVALID: 'The CSRF token is missing or wrong; reload the page.',
  // The purchase flow.
  UNKNOWN_MARKET: 'This market is not known.',
  MARKET_NOT_ENABLED: 'This market is not enabled for the app.',
  MARKET_NOT_CONFIGURED: 'This market has no verification configuration; nothing is approved without it.',
  UNKNOWN_PRODUCT: 'The product is not in the catalog.',
  PURCHASE_NOT_FOUND: 'No such purchase.',
  PURCHASE_EXPIRED: 'The reservation expired before the store purchase arrived.',
  PURCHASE_STATE_INVALID: 'The purchase is not in a state that allows this.',
  PURCHASE_PENDING: 'The payment is pending at the store; it is not paid yet.',
  PURCHASE_REVOKED: 'The purchase was refunded or revoked.',
  PAYMENT_TOKEN_INVALID: 'The payment token does not belong to this purchase.',
  RECEIPT_ALREADY_USED: 'This store receipt already backs another user\u2019s purchase.',
  PRODUCT_ALREADY_OWNED: 'The user already owns this non-consumable product.',
  NOTIFICATION_MALFORMED: 'The store notification is malformed.',
  NOTIFICATION_AUTH_FAILED: 'The store notification is not authenticated (signature or push token).',
  NOTIFICATION_AUTH_NOT_CONFIGURED: 'Notifications of this market are refused: configure notificationAuth in the app\'s market configuration (apps set-market).',
  NOTIFICATION_APP_UNKNOWN: 'The store notification names no app (package or bundle) configured here.',
  NOTIFICATION_UNMATCHED: 'The store notification names no purchase known here; it was recorded.',
  WEBHOOK_URL_INVALID: 'The webhook URL must be an absolute http(s) URL.',
  PRODUCT_SUBSCRIPTION_INVALID: 'A subscription product needs `subscription: { group, period }` (period an ISO-8601 duration such as P1M); other products must not have one.',
  SUBSCRIPTIONS_NOT_SUPPORTED: 'This market does not sell subscriptions here (no subscription support configured); nothing was granted.',
  // Receipt verification.
  RECEIPT_MALFORMED: 'The receipt is not in the market\u2019s format.',
  RECEIPT_SIGNATURE_INVALID: 'The receipt signature does not verify.',
  RECEIPT_PACKAGE_MISMATCH: 'The receipt belongs to another app package or bundle.',
  RECEIPT_PRODUCT_MISMATCH: 'The receipt is for another product than the reservation.',
  RECEIPT_PAYLOAD_INVALID: 'The receipt\u2019s developer payload is missing, forged or foreign.',
  RECEIPT_PAYLOAD_EXPIRED: 'The receipt\u2019s developer payload expired.',
  RECEIPT_STATE_INVALID: 'The store says this purchase is not paid.',
  RECEIPT_TEST_NOT_ALLOWED: 'Test or sandbox purchases are not allowed for this app.',
  RECEIPT_ENVIRONMENT_MISMATCH: 'The receipt is from another store environment.',
  RECEIPT_CHAIN_INVALID: 'The receipt\u2019s certificate chain is not trusted.',
  RECEIPT_CHAIN_LENGTH: 'The receipt\u2019s certificate chain has the wrong length.',
  RECEIPT_CERTIFICATE_EXPIRED: 'A certificate was not valid when the receipt was signed.',
  RECEIPT_ALGORITHM_INVALID: 'The receipt uses a signature algorithm that is not accepted.',
  RECEIPT_STORE_REJECTED: 'The store\u2019s server API does not know this purchase.',
  VERIFICATION_RETRYABLE: 'Verification could not finish now; retry later.',
  RECEIPT_TOO_LARGE: 'A receipt field is larger than any real store receipt.',
  STORE_AUTH_FAILED: 'The billing server could not authenticate to the store API; check the market credentials.',
  STORE_REQUEST_REJECTED: 'The store refused the request for this purchase (wrong state or unknown purchase).',
  // Raised on the device only.
  MARKET_NOT_ON_PLATFORM: 'This market does not exist on this platform.',
  ALREADY_INITIALIZED: 'CommonBilling is already initialized; dispose it first.',
  NOT_INITIALIZED: 'Call initialize() first.',
  NOT_LOGGED_IN: 'Call login() before this.',
  PURCHASE_IN_PROGRESS: 'A purchase of this product is already open.',
  USER_CANCELED: 'The user canceled the purchase.',
  STORAGE_FAILED: 'The local journal could not be written.',
  NETWORK_ERROR: 'The billing server could not be reached.',
  MARKET_KEY_INVALID: 'The market public key could not be decrypted (wrong key or tampered ciphertext).',
  MARKET_KEY_MISSING: 'This market needs its public key (licence key): enter it in the Common Billing panel under the market\u2019s Public key.',
  STORE_ERROR: 'The store reported an error.',
  STORE_NOT_READY: 'The store service is not connected.',
  STORE_LOGIN_REQUIRED: 'The store needs the user to sign in.',
  STORE_UPDATE_REQUIRED: 'The store app must be installed or updated.',
  ITEM_NOT_OWNED: 'The store says the item is not owned.',
  BRIDGE_MESSAGE_INVALID: 'A malformed message came from the native bridge.',
  BRIDGE_TIMEOUT: 'The native bridge did not answer in time.',
  DISPOSED: 'CommonBilling was disposed.',
};

export function publicMessage(code: ErrorCode): string {
  return PUBLIC_MESSAGES[code];
}

/** The error's own message, or the code's public message when it was raised without one. */
function messageOf(error: BillingError): string {
  return error.hasOwnMessage ? error.message : publicMessage(error.code);
}

/** The JSON body of an error answer (DESIGN.md §4), with the public message filled in. */
export function errorBody(error: BillingError): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: messageOf(error), retryable: error.retryable } };
  if (error.details) body.error.details = error.details;
  return body;
}

/** What a command line or a log line shows for any thrown value. */
export function describeError(error: unknown): string {
  if (isBillingError(error)) return messageOf(error);
  return error instanceof Error ? error.message : String(error);
}
