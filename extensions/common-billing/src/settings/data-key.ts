import { openMarketKey, sealMarketKey } from './market-key-seal';
import { base64ToBytes, bytesToBase64 } from '../../../../assets/common-billing/core/base64';
import { DATA_KEY_BYTES, MARKET_KEY_NONCE_BYTES } from '../../../../assets/common-billing/protocol/market-key';
import { fieldError } from './field-error';
import { normalizeRsaPublicKey } from './public-key';

/** Cryptographic randomness, injected: Web Crypto in the editor and in tests alike. */
export type RandomBytes = (length: number) => Uint8Array;

export const webRandomBytes: RandomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/** A fresh per-app data key (AES-256), base64. */
export function generateDataKey(random: RandomBytes): string {
  return bytesToBase64(random(DATA_KEY_BYTES));
}

export function checkDataKey(dataKey: string, field = 'dataKey'): string {
  const text = dataKey.trim();
  const bytes = base64ToBytes(text);
  if (!bytes || bytes.length !== DATA_KEY_BYTES) throw fieldError(field, 'data-key-invalid', 'The data key must be 32 bytes in base64.');
  return text;
}

/**
 * Validates a pasted public key and encrypts it at once (DESIGN.md §6): the caller keeps only
 * the returned ciphertext. AAD = app key + market, so the ciphertext cannot be moved.
 */
export function encryptPublicKey(plainKey: string, dataKey: string, appKey: string, market: string, random: RandomBytes): string {
  const { base64 } = normalizeRsaPublicKey(plainKey, `publicKey:${market}`);
  return sealMarketKey(base64, checkDataKey(dataKey), appKey, market, random(MARKET_KEY_NONCE_BYTES));
}

/**
 * Whether a stored ciphertext opens with the data key this editor holds: `foreign` means it
 * was encrypted under another data key or app key and must be entered again.
 */
export type StoredKeyStatus = 'none' | 'ok' | 'foreign';

export function storedKeyStatus(encrypted: string, dataKey: string | undefined, appKey: string, market: string): StoredKeyStatus {
  if (!encrypted) return 'none';
  if (!dataKey) return 'foreign';
  try {
    openMarketKey(encrypted, dataKey, appKey, market);
    return 'ok';
  } catch {
    return 'foreign';
  }
}

/** The server CLI line that registers the data key, ready to copy. */
export function setDataKeyCommand(appKey: string, dataKey: string): string {
  return `common-billing apps set-data-key ${shellQuote(appKey)} ${shellQuote(dataKey)}`;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9._+/=:-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
