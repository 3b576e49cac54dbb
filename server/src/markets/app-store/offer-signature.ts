import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { notConfigured } from '../shared/config';
import { APP_STORE_MARKET_ID, type AppStoreConfig } from './config';

/** U+2063 INVISIBLE SEPARATOR: what Apple joins the signed parameters with. */
const SEPARATOR = '\u2063';

export interface PromotionalOfferRequest {
  productId: string;
  offerId: string;
  /** The purchase's appAccountToken (our purchase id); signed lowercase. */
  appAccountToken: string;
}

/** What StoreKit needs to open the offer (Product.PurchaseOption.promotionalOffer / SKPaymentDiscount). */
export interface PromotionalOfferSignature {
  keyId: string;
  nonce: string;
  timestamp: number;
  signature: string;
  productId: string;
  offerId: string;
  appAccountToken: string;
}

/**
 * Apple, "Generating a signature for promotional offers": ECDSA P-256 with SHA-256 over
 * appBundleID, keyIdentifier, productIdentifier, offerIdentifier, appAccountToken, nonce and
 * timestamp joined by U+2063, the nonce and the token lowercase, base64 of the DER signature;
 * the timestamp (ms) keeps the offer valid for 24 hours. The key is the app's In-App Purchase
 * key (App Store Connect → Users and Access → In-App Purchase), the one the Server API uses:
 * Apple's app-store-server-library PromotionalOfferSignatureCreator takes the same key.
 */
export function signPromotionalOffer(config: AppStoreConfig, request: PromotionalOfferRequest, nowMs: number): PromotionalOfferSignature {
  const api = config.serverApi;
  if (!api) throw notConfigured(APP_STORE_MARKET_ID, 'serverApi');
  let key;
  try {
    key = createPrivateKey(api.privateKeyPem);
  } catch (cause) {
    throw notConfigured(APP_STORE_MARKET_ID, 'serverApi.privateKeyPem', cause);
  }
  const nonce = randomUUID();
  const appAccountToken = request.appAccountToken.toLowerCase();
  const payload = [config.bundleId, api.keyId, request.productId, request.offerId, appAccountToken, nonce, String(nowMs)].join(SEPARATOR);
  const signature = sign('sha256', Buffer.from(payload, 'utf8'), { key, dsaEncoding: 'der' }).toString('base64');
  return { keyId: api.keyId, nonce, timestamp: nowMs, signature, productId: request.productId, offerId: request.offerId, appAccountToken };
}
