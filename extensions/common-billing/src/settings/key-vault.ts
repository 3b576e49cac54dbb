import { randomBytes } from 'crypto';
import { MARKET_KEY_NONCE_BYTES } from '../../../../assets/common-billing/protocol/market-key';
import { checkDataKey, type RandomBytes, type StoredKeyStatus } from './data-key';
import { openMarketKey, sealMarketKey } from './market-key-seal';
import { normalizeRsaPublicKey } from './public-key';

/**
 * Market public keys in and out of their sealed form, with Node's crypto (market-key-seal.ts).
 * The extension's main process runs these for the panel (messages `seal-public-key` and
 * `public-key-status`), so the panel's renderer never needs Node.
 */

/**
 * Validates a pasted public key and encrypts it at once with Node's crypto (DESIGN.md §6): the
 * caller keeps only the returned ciphertext. AAD = app key + market, so the ciphertext cannot be
 * moved. Runs in the extension's main process (the panel asks for it: `seal-public-key`).
 */
export function encryptPublicKey(plainKey: string, dataKey: string, appKey: string, market: string, random: RandomBytes): string {
  const { base64 } = normalizeRsaPublicKey(plainKey, `publicKey:${market}`);
  return sealMarketKey(base64, checkDataKey(dataKey), appKey, market, random(MARKET_KEY_NONCE_BYTES));
}

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

/** Node's CSPRNG, for the main process. */
export const nodeRandomBytes: RandomBytes = (length) => new Uint8Array(randomBytes(length));
