import { defineErrors } from './define';

/** Codes of the purchase flow shared by the SDK and the server. */
export const PURCHASE_ERRORS = defineErrors({
  UNKNOWN_MARKET: { status: 400, retryable: false, message: 'This market is not known.' },
  MARKET_NOT_ENABLED: { status: 400, retryable: false, message: 'This market is not enabled for the app.' },
  MARKET_NOT_CONFIGURED: { status: 400, retryable: false, message: 'This market has no verification configuration; nothing is approved without it.' },
  UNKNOWN_PRODUCT: { status: 404, retryable: false, message: 'The product is not in the catalog.' },
  PURCHASE_NOT_FOUND: { status: 404, retryable: false, message: 'No such purchase.' },
  PURCHASE_EXPIRED: { status: 410, retryable: false, message: 'The reservation expired before the store purchase arrived.' },
  PURCHASE_STATE_INVALID: { status: 409, retryable: false, message: 'The purchase is not in a state that allows this.' },
  PURCHASE_PENDING: { status: 409, retryable: true, message: 'The payment is pending at the store; it is not paid yet.' },
  PURCHASE_REVOKED: { status: 409, retryable: false, message: 'The purchase was refunded or revoked.' },
  PAYMENT_TOKEN_INVALID: { status: 403, retryable: false, message: 'The payment token does not belong to this purchase.' },
  RECEIPT_ALREADY_USED: { status: 409, retryable: false, message: 'This store receipt already backs another user\u2019s purchase.' },
  PRODUCT_ALREADY_OWNED: { status: 409, retryable: false, message: 'The user already owns this non-consumable product.' },
  NOTIFICATION_MALFORMED: { status: 400, retryable: false, message: 'The store notification is malformed.' },
  NOTIFICATION_AUTH_FAILED: { status: 401, retryable: false, message: 'The store notification is not authenticated (signature or push token).' },
  NOTIFICATION_APP_UNKNOWN: { status: 400, retryable: false, message: 'The store notification names no app (package or bundle) configured here.' },
  NOTIFICATION_UNMATCHED: { status: 404, retryable: false, message: 'The store notification names no purchase known here; it was recorded.' },
  WEBHOOK_URL_INVALID: { status: 400, retryable: false, message: 'The webhook URL must be an absolute http(s) URL.' },
});
