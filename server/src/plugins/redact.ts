/**
 * Log redaction (pino paths): credentials in headers, and any receipt, token or key that a log
 * line carries as a field, at the top level or one object down. Receipts and tokens never reach
 * the logs in clear.
 */
const SECRET_FIELDS = [
  'receipt',
  'originalJson',
  'signature',
  'signedTransaction',
  'paymentToken',
  'sessionToken',
  'purchaseToken',
  'developerPayload',
  'obfuscatedProfileId',
  'privateKeyPem',
  'secretKey',
  'dataKey',
  'masterKey',
  'adminToken',
  'authorization',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-app-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
];
