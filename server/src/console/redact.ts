/**
 * Receipt fields that prove or grant something (signatures, signed blobs, certificates,
 * credentials) are replaced before a receipt reaches a browser. Identifiers support needs
 * (order id, purchase token, product) stay visible.
 */
const SECRET_KEY = /signature|secret|password|private|credential|certificate|x5c|jws|signed|access_?token|refresh_?token|authorization|^key$|^sig$/i;

export const REDACTED = '[redacted]';

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : redact(v, depth + 1);
    return out;
  }
  // A bare JWS (three base64url parts) anywhere is a signed credential.
  if (typeof value === 'string' && /^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$/.test(value)) return REDACTED;
  return value;
}

/** Parses a stored receipt/decoded payload (JSON text) and redacts it; unparsable text is withheld. */
export function redactStoredReceipt(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    const clean = redact(parsed);
    return clean && typeof clean === 'object' && !Array.isArray(clean) ? (clean as Record<string, unknown>) : { value: clean };
  } catch {
    return { unparsable: REDACTED };
  }
}
