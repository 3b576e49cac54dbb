import type { SimResponse } from './http';
import type { GooglePurchaseRecord } from './google-play-records';

/** Google's wire formats: v1 ProductPurchase, the error envelope, and the Pub/Sub push body. */
export function productPurchase(r: GooglePurchaseRecord): Record<string, unknown> {
  return {
    kind: 'androidpublisher#productPurchase',
    purchaseTimeMillis: String(r.purchaseTimeMs),
    purchaseState: r.purchaseState,
    consumptionState: r.consumed ? 1 : 0,
    acknowledgementState: r.acknowledged ? 1 : 0,
    orderId: r.orderId,
    productId: r.productId,
    purchaseToken: r.purchaseToken,
    quantity: r.quantity,
    regionCode: 'KR',
    ...(r.test ? { purchaseType: 0 } : r.promo ? { purchaseType: 1 } : {}),
    ...(r.developerPayload ? { developerPayload: r.developerPayload } : {}),
    ...(r.obfuscatedAccountId ? { obfuscatedExternalAccountId: r.obfuscatedAccountId } : {}),
    ...(r.obfuscatedProfileId ? { obfuscatedExternalProfileId: r.obfuscatedProfileId } : {}),
  };
}

export function googleError(code: number, reason: string, message: string): SimResponse {
  const status = code === 401 ? 'UNAUTHENTICATED' : code === 404 ? 'NOT_FOUND' : code >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
  return { status: code, body: { error: { code, message, status, errors: [{ domain: 'androidpublisher', reason, message, location: 'token', locationType: 'parameter' }] } } };
}

let messageSeq = 1000;

export function pubsubEnvelope(notification: { eventTimeMillis: string; [field: string]: unknown }) {
  messageSeq += 1;
  return {
    message: {
      attributes: {},
      data: Buffer.from(JSON.stringify(notification)).toString('base64'),
      messageId: String(messageSeq),
      publishTime: new Date(Number(notification.eventTimeMillis)).toISOString(),
    },
    subscription: 'projects/sim-project/subscriptions/play-rtdn',
  };
}

