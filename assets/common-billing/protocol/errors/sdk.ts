import { defineErrors } from './define';

/** Codes raised on the device only (the server never answers with these). */
export const SDK_ERRORS = defineErrors({
  MARKET_NOT_ON_PLATFORM: { status: 400, retryable: false, message: 'This market does not exist on this platform.' },
  ALREADY_INITIALIZED: { status: 400, retryable: false, message: 'CommonBilling is already initialized; dispose it first.' },
  NOT_INITIALIZED: { status: 400, retryable: false, message: 'Call initialize() first.' },
  NOT_LOGGED_IN: { status: 400, retryable: false, message: 'Call login() before this.' },
  PURCHASE_IN_PROGRESS: { status: 409, retryable: false, message: 'A purchase of this product is already open.' },
  USER_CANCELED: { status: 400, retryable: false, message: 'The user canceled the purchase.' },
  STORAGE_FAILED: { status: 500, retryable: true, message: 'The local journal could not be written.' },
  NETWORK_ERROR: { status: 503, retryable: true, message: 'The billing server could not be reached.' },
  MARKET_KEY_INVALID: { status: 400, retryable: false, message: 'The market public key could not be decrypted (wrong key or tampered ciphertext).' },
  STORE_ERROR: { status: 502, retryable: true, message: 'The store reported an error.' },
  STORE_NOT_READY: { status: 503, retryable: true, message: 'The store service is not connected.' },
  STORE_LOGIN_REQUIRED: { status: 401, retryable: true, message: 'The store needs the user to sign in.' },
  STORE_UPDATE_REQUIRED: { status: 503, retryable: true, message: 'The store app must be installed or updated.' },
  ITEM_NOT_OWNED: { status: 409, retryable: false, message: 'The store says the item is not owned.' },
  BRIDGE_MESSAGE_INVALID: { status: 400, retryable: false, message: 'A malformed message came from the native bridge.' },
  BRIDGE_TIMEOUT: { status: 504, retryable: true, message: 'The native bridge did not answer in time.' },
  DISPOSED: { status: 400, retryable: false, message: 'CommonBilling was disposed.' },
});
