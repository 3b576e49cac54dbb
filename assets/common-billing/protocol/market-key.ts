/**
 * The format of an encrypted market public key (DESIGN.md §6), shared by the editor panel
 * (which encrypts), the SDK (which decrypts) and the server (which holds the data key).
 *
 * Wire format: `cbk1.<base64 nonce(12)>.<base64 ciphertext+tag>`; AES-256-GCM under the app's
 * data key, additional data = UTF-8 of `${appKey}\n${market}` so a ciphertext cannot be moved
 * to another app or market.
 */
export const MARKET_KEY_PREFIX = 'cbk1';
export const MARKET_KEY_NONCE_BYTES = 12;
export const DATA_KEY_BYTES = 32;

export function marketKeyAad(appKey: string, market: string): string {
  return `${appKey}\n${market}`;
}
