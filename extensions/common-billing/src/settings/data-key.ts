import { base64ToBytes, bytesToBase64 } from '../../../../assets/common-billing/core/base64';
import { DATA_KEY_BYTES } from '../../../../assets/common-billing/protocol/market-key';
import { fieldError } from './field-error';

/**
 * Data keys, safe for the panel's renderer (Web Crypto randomness only). Sealing and opening
 * market keys needs Node's crypto and lives in key-vault.ts, which only the main process loads.
 */

/** Cryptographic randomness, injected: Web Crypto in the panel, Node's in the main process and tests. */
export type RandomBytes = (length: number) => Uint8Array;

export const webRandomBytes: RandomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/** A fresh per-app data key (AES-256), base64. */
export function generateDataKey(random: RandomBytes): string {
  return bytesToBase64(random(DATA_KEY_BYTES));
}

/**
 * Whether a stored ciphertext opens with the data key this editor holds: `foreign` means it
 * was encrypted under another data key or app key and must be entered again.
 */
export type StoredKeyStatus = 'none' | 'ok' | 'foreign';

export function checkDataKey(dataKey: string, field = 'dataKey'): string {
  const text = dataKey.trim();
  const bytes = base64ToBytes(text);
  if (!bytes || bytes.length !== DATA_KEY_BYTES) throw fieldError(field, 'data-key-invalid', 'The data key must be 32 bytes in base64.');
  return text;
}

/** The server CLI line that registers the data key, ready to copy. */
export function setDataKeyCommand(appKey: string, dataKey: string): string {
  return `common-billing apps set-data-key ${shellQuote(appKey)} ${shellQuote(dataKey)}`;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9._+/=:-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
