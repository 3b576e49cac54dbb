import { defineErrors } from './define';

/**
 * Receipt verification failures. Each attack class has its own code so that support and
 * metrics can tell a forged receipt from a misconfigured app. All of them fail closed.
 */
export const VERIFICATION_ERRORS = defineErrors({
  RECEIPT_MALFORMED: { status: 400, retryable: false },
  RECEIPT_SIGNATURE_INVALID: { status: 400, retryable: false },
  RECEIPT_PACKAGE_MISMATCH: { status: 400, retryable: false },
  RECEIPT_PRODUCT_MISMATCH: { status: 400, retryable: false },
  RECEIPT_PAYLOAD_INVALID: { status: 400, retryable: false },
  RECEIPT_PAYLOAD_EXPIRED: { status: 400, retryable: false },
  RECEIPT_STATE_INVALID: { status: 400, retryable: false },
  RECEIPT_TEST_NOT_ALLOWED: { status: 400, retryable: false },
  RECEIPT_ENVIRONMENT_MISMATCH: { status: 400, retryable: false },
  RECEIPT_CHAIN_INVALID: { status: 400, retryable: false },
  RECEIPT_CHAIN_LENGTH: { status: 400, retryable: false },
  RECEIPT_CERTIFICATE_EXPIRED: { status: 400, retryable: false },
  RECEIPT_ALGORITHM_INVALID: { status: 400, retryable: false },
  RECEIPT_STORE_REJECTED: { status: 400, retryable: false },
  VERIFICATION_RETRYABLE: { status: 503, retryable: true },
  RECEIPT_TOO_LARGE: { status: 400, retryable: false },
  STORE_AUTH_FAILED: { status: 503, retryable: true },
  STORE_REQUEST_REJECTED: { status: 409, retryable: false },
});
