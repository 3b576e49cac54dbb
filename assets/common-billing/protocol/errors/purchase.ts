import { defineErrors, permanent, retryable } from './define';

/** Codes of the purchase flow shared by the SDK and the server. */
export const PURCHASE_ERRORS = defineErrors({
  UNKNOWN_MARKET: permanent(400),
  MARKET_NOT_ENABLED: permanent(400),
  MARKET_NOT_CONFIGURED: permanent(400),
  UNKNOWN_PRODUCT: permanent(404),
  PURCHASE_NOT_FOUND: permanent(404),
  PURCHASE_EXPIRED: permanent(410),
  PURCHASE_STATE_INVALID: permanent(409),
  PURCHASE_PENDING: retryable(409),
  PURCHASE_REVOKED: permanent(409),
  PAYMENT_TOKEN_INVALID: permanent(403),
  RECEIPT_ALREADY_USED: permanent(409),
  PRODUCT_ALREADY_OWNED: permanent(409),
  NOTIFICATION_MALFORMED: permanent(400),
  NOTIFICATION_AUTH_FAILED: permanent(401),
  NOTIFICATION_AUTH_NOT_CONFIGURED: permanent(401),
  NOTIFICATION_APP_UNKNOWN: permanent(400),
  NOTIFICATION_UNMATCHED: permanent(404),
  WEBHOOK_URL_INVALID: permanent(400),
  // Subscriptions (issue #16).
  PRODUCT_SUBSCRIPTION_INVALID: permanent(400),
  SUBSCRIPTIONS_NOT_SUPPORTED: permanent(400),
});
