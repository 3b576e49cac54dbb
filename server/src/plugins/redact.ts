/**
 * Log redaction (pino paths): credentials in headers and any receipt, token or key that a
 * log line might carry in an object. Receipts and tokens never reach the logs in clear.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-app-key"]',
  'res.headers["set-cookie"]',
  '*.receipt',
  '*.originalJson',
  '*.signature',
  '*.signedTransaction',
  '*.paymentToken',
  '*.sessionToken',
  '*.purchaseToken',
  '*.developerPayload',
  '*.privateKeyPem',
  '*.secretKey',
  '*.dataKey',
  '*.masterKey',
  '*.adminToken',
];
