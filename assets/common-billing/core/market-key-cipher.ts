import { gcm } from '@noble/ciphers/aes.js';
import { BillingError } from '../protocol/error-codes';
import { DATA_KEY_BYTES, MARKET_KEY_NONCE_BYTES, MARKET_KEY_PREFIX, marketKeyAad } from '../protocol/market-key';
import { base64ToBytes, bytesToBase64, utf8Decode, utf8Encode } from './base64';

/**
 * AES-256-GCM for market public keys (DESIGN.md §6). The editor panel encrypts, the SDK
 * decrypts with the data key that login hands out. Any failure — wrong key, moved or
 * tampered ciphertext, bad encoding — is one clear error: MARKET_KEY_INVALID.
 */
export function encryptMarketKey(plainKey: string, dataKeyBase64: string, appKey: string, market: string, nonce: Uint8Array): string {
  if (nonce.length !== MARKET_KEY_NONCE_BYTES) throw new BillingError('MARKET_KEY_INVALID', 'The nonce must be 12 random bytes.');
  const key = decodeDataKey(dataKeyBase64);
  const sealed = gcm(key, nonce, utf8Encode(marketKeyAad(appKey, market))).encrypt(utf8Encode(plainKey));
  return `${MARKET_KEY_PREFIX}.${bytesToBase64(nonce)}.${bytesToBase64(sealed)}`;
}

export function decryptMarketKey(encrypted: string, dataKeyBase64: string, appKey: string, market: string): string {
  const parts = encrypted.split('.');
  if (parts.length !== 3 || parts[0] !== MARKET_KEY_PREFIX) {
    throw new BillingError('MARKET_KEY_INVALID', 'Not a cbk1 market key.');
  }
  const nonce = base64ToBytes(parts[1]!);
  const sealed = base64ToBytes(parts[2]!);
  if (!nonce || nonce.length !== MARKET_KEY_NONCE_BYTES || !sealed || sealed.length < 17) {
    throw new BillingError('MARKET_KEY_INVALID', 'Damaged market key.');
  }
  const key = decodeDataKey(dataKeyBase64);
  try {
    const plain = utf8Decode(gcm(key, nonce, utf8Encode(marketKeyAad(appKey, market))).decrypt(sealed));
    if (plain !== null) return plain;
  } catch (cause) {
    throw new BillingError('MARKET_KEY_INVALID', undefined, { cause });
  }
  throw new BillingError('MARKET_KEY_INVALID', 'The market key is not UTF-8.');
}

function decodeDataKey(dataKeyBase64: string): Uint8Array {
  const key = base64ToBytes(dataKeyBase64);
  if (!key || key.length !== DATA_KEY_BYTES) {
    throw new BillingError('MARKET_KEY_INVALID', 'The data key is not 32 bytes of base64.');
  }
  return key;
}
