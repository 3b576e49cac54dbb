import { createCipheriv, createDecipheriv } from 'crypto';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { DATA_KEY_BYTES, MARKET_KEY_NONCE_BYTES, MARKET_KEY_PREFIX, marketKeyAad } from '../../../../assets/common-billing/protocol/market-key';

/**
 * AES-256-GCM for market public keys (DESIGN.md §6) with Node's own crypto: the editor seals
 * what the Android bridge opens on the device with javax.crypto (AES/GCM/NoPadding, 128-bit tag).
 * Wire format and AAD: protocol/market-key.ts. Any failure is MARKET_KEY_INVALID.
 */
const TAG_BYTES = 16;

export function sealMarketKey(plainKey: string, dataKeyBase64: string, appKey: string, market: string, nonce: Uint8Array): string {
  if (nonce.length !== MARKET_KEY_NONCE_BYTES) throw new BillingError('MARKET_KEY_INVALID', 'The nonce must be 12 random bytes.');
  const cipher = createCipheriv('aes-256-gcm', dataKey(dataKeyBase64), nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(marketKeyAad(appKey, market), 'utf8'));
  const sealed = Buffer.concat([cipher.update(plainKey, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${MARKET_KEY_PREFIX}.${Buffer.from(nonce).toString('base64')}.${sealed.toString('base64')}`;
}

export function openMarketKey(encrypted: string, dataKeyBase64: string, appKey: string, market: string): string {
  const parts = encrypted.split('.');
  if (parts.length !== 3 || parts[0] !== MARKET_KEY_PREFIX) throw new BillingError('MARKET_KEY_INVALID', 'Not a cbk1 market key.');
  const nonce = strictBase64(parts[1]!);
  const sealed = strictBase64(parts[2]!);
  if (!nonce || nonce.length !== MARKET_KEY_NONCE_BYTES || !sealed || sealed.length <= TAG_BYTES) {
    throw new BillingError('MARKET_KEY_INVALID', 'Damaged market key.');
  }
  const key = dataKey(dataKeyBase64);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(marketKeyAad(appKey, market), 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch (cause) {
    throw new BillingError('MARKET_KEY_INVALID', undefined, { cause });
  }
}

function dataKey(base64: string): Buffer {
  const key = strictBase64(base64);
  if (!key || key.length !== DATA_KEY_BYTES) throw new BillingError('MARKET_KEY_INVALID', 'The data key is not 32 bytes of base64.');
  return key;
}

/** Node's decoder skips bad characters; a key must round-trip exactly. */
function strictBase64(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
