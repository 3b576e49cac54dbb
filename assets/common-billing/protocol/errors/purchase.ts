import { defineErrors } from './define';

/** Codes of the purchase flow shared by the SDK and the server. */
export const PURCHASE_ERRORS = defineErrors({
  UNKNOWN_MARKET: { status: 400, retryable: false },
  MARKET_NOT_ENABLED: { status: 400, retryable: false },
  MARKET_NOT_CONFIGURED: { status: 400, retryable: false },
  UNKNOWN_PRODUCT: { status: 404, retryable: false },
  PURCHASE_NOT_FOUND: { status: 404, retryable: false },
  PURCHASE_EXPIRED: { status: 410, retryable: false },
  PURCHASE_STATE_INVALID: { status: 409, retryable: false },
  PURCHASE_PENDING: { status: 409, retryable: true },
  PURCHASE_REVOKED: { status: 409, retryable: false },
  PAYMENT_TOKEN_INVALID: { status: 403, retryable: false },
  RECEIPT_ALREADY_USED: { status: 409, retryable: false },
  PRODUCT_ALREADY_OWNED: { status: 409, retryable: false },
  NOTIFICATION_MALFORMED: { status: 400, retryable: false },
  NOTIFICATION_AUTH_FAILED: { status: 401, retryable: false },
  NOTIFICATION_AUTH_NOT_CONFIGURED: { status: 401, retryable: false },
  NOTIFICATION_APP_UNKNOWN: { status: 400, retryable: false },
  NOTIFICATION_UNMATCHED: { status: 404, retryable: false },
  WEBHOOK_URL_INVALID: { status: 400, retryable: false },
  // Subscriptions (issue #16).
  PRODUCT_SUBSCRIPTION_INVALID: { status: 400, retryable: false },
  SUBSCRIPTIONS_NOT_SUPPORTED: { status: 400, retryable: false },
});
