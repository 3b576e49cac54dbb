import { defineErrors } from './define';

/**
 * Receipt verification failures. Each attack class has its own code so that support and
 * metrics can tell a forged receipt from a misconfigured app. All of them fail closed.
 */
export const VERIFICATION_ERRORS = defineErrors({
  RECEIPT_MALFORMED: { status: 400, retryable: false, message: 'The receipt is not in the market\u2019s format.' },
  RECEIPT_SIGNATURE_INVALID: { status: 400, retryable: false, message: 'The receipt signature does not verify.' },
  RECEIPT_PACKAGE_MISMATCH: { status: 400, retryable: false, message: 'The receipt belongs to another app package or bundle.' },
  RECEIPT_PRODUCT_MISMATCH: { status: 400, retryable: false, message: 'The receipt is for another product than the reservation.' },
  RECEIPT_PAYLOAD_INVALID: { status: 400, retryable: false, message: 'The receipt\u2019s developer payload is missing, forged or foreign.' },
  RECEIPT_PAYLOAD_EXPIRED: { status: 400, retryable: false, message: 'The receipt\u2019s developer payload expired.' },
  RECEIPT_STATE_INVALID: { status: 400, retryable: false, message: 'The store says this purchase is not paid.' },
  RECEIPT_TEST_NOT_ALLOWED: { status: 400, retryable: false, message: 'Test or sandbox purchases are not allowed for this app.' },
  RECEIPT_ENVIRONMENT_MISMATCH: { status: 400, retryable: false, message: 'The receipt is from another store environment.' },
  RECEIPT_CHAIN_INVALID: { status: 400, retryable: false, message: 'The receipt\u2019s certificate chain is not trusted.' },
  RECEIPT_CHAIN_LENGTH: { status: 400, retryable: false, message: 'The receipt\u2019s certificate chain has the wrong length.' },
  RECEIPT_CERTIFICATE_EXPIRED: { status: 400, retryable: false, message: 'A certificate was not valid when the receipt was signed.' },
  RECEIPT_ALGORITHM_INVALID: { status: 400, retryable: false, message: 'The receipt uses a signature algorithm that is not accepted.' },
  RECEIPT_STORE_REJECTED: { status: 400, retryable: false, message: 'The store\u2019s server API does not know this purchase.' },
  VERIFICATION_RETRYABLE: { status: 503, retryable: true, message: 'Verification could not finish now; retry later.' },
  RECEIPT_TOO_LARGE: { status: 400, retryable: false, message: 'A receipt field is larger than any real store receipt.' },
  STORE_AUTH_FAILED: { status: 503, retryable: true, message: 'The billing server could not authenticate to the store API; check the market credentials.' },
  STORE_REQUEST_REJECTED: { status: 409, retryable: false, message: 'The store refused the request for this purchase (wrong state or unknown purchase).' },
});
