import { defineErrors, permanent, retryable } from './define';

/**
 * Receipt verification failures. Each attack class has its own code so that support and
 * metrics can tell a forged receipt from a misconfigured app. All of them fail closed.
 */
export const VERIFICATION_ERRORS = defineErrors({
  RECEIPT_MALFORMED: permanent(400),
  RECEIPT_SIGNATURE_INVALID: permanent(400),
  RECEIPT_PACKAGE_MISMATCH: permanent(400),
  RECEIPT_PRODUCT_MISMATCH: permanent(400),
  RECEIPT_PAYLOAD_INVALID: permanent(400),
  RECEIPT_PAYLOAD_EXPIRED: permanent(400),
  RECEIPT_STATE_INVALID: permanent(400),
  RECEIPT_TEST_NOT_ALLOWED: permanent(400),
  RECEIPT_ENVIRONMENT_MISMATCH: permanent(400),
  RECEIPT_CHAIN_INVALID: permanent(400),
  RECEIPT_CHAIN_LENGTH: permanent(400),
  RECEIPT_CERTIFICATE_EXPIRED: permanent(400),
  RECEIPT_ALGORITHM_INVALID: permanent(400),
  RECEIPT_STORE_REJECTED: permanent(400),
  VERIFICATION_RETRYABLE: retryable(503),
  RECEIPT_TOO_LARGE: permanent(400),
  STORE_AUTH_FAILED: retryable(503),
  STORE_REQUEST_REJECTED: permanent(409),
});
