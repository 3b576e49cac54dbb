import { defineErrors } from './define';

/** Codes raised on the device only (the server never answers with these). */
export const SDK_ERRORS = defineErrors({
  MARKET_NOT_ON_PLATFORM: { status: 400, retryable: false },
  ALREADY_INITIALIZED: { status: 400, retryable: false },
  NOT_INITIALIZED: { status: 400, retryable: false },
  NOT_LOGGED_IN: { status: 400, retryable: false },
  PURCHASE_IN_PROGRESS: { status: 409, retryable: false },
  USER_CANCELED: { status: 400, retryable: false },
  STORAGE_FAILED: { status: 500, retryable: true },
  NETWORK_ERROR: { status: 503, retryable: true },
  MARKET_KEY_INVALID: { status: 400, retryable: false },
  MARKET_KEY_MISSING: { status: 400, retryable: false },
  STORE_ERROR: { status: 502, retryable: true },
  STORE_NOT_READY: { status: 503, retryable: true },
  STORE_LOGIN_REQUIRED: { status: 401, retryable: true },
  STORE_UPDATE_REQUIRED: { status: 503, retryable: true },
  ITEM_NOT_OWNED: { status: 409, retryable: false },
  BRIDGE_MESSAGE_INVALID: { status: 400, retryable: false },
  BRIDGE_TIMEOUT: { status: 504, retryable: true },
  DISPOSED: { status: 400, retryable: false },
});
