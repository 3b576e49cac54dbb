import { defineErrors, permanent, retryable } from './define';

/** Codes raised on the device only (the server never answers with these). */
export const SDK_ERRORS = defineErrors({
  MARKET_NOT_ON_PLATFORM: permanent(400),
  ALREADY_INITIALIZED: permanent(400),
  NOT_INITIALIZED: permanent(400),
  NOT_LOGGED_IN: permanent(400),
  PURCHASE_IN_PROGRESS: permanent(409),
  USER_CANCELED: permanent(400),
  STORAGE_FAILED: retryable(500),
  NETWORK_ERROR: retryable(503),
  MARKET_KEY_INVALID: permanent(400),
  MARKET_KEY_MISSING: permanent(400),
  STORE_ERROR: retryable(502),
  STORE_NOT_READY: retryable(503),
  STORE_LOGIN_REQUIRED: retryable(401),
  STORE_UPDATE_REQUIRED: retryable(503),
  ITEM_NOT_OWNED: permanent(409),
  BRIDGE_MESSAGE_INVALID: permanent(400),
  BRIDGE_TIMEOUT: retryable(504),
  DISPOSED: permanent(400),
});
