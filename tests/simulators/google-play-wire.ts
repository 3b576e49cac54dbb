import type { SimResponse } from './http';
import type { GooglePurchaseRecord } from './google-play-records';
import type { GoogleSubscriptionOrder, GoogleSubscriptionRecord } from './google-play-subscriptions';

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


/**
 * SubscriptionPurchaseV2 as purchases.subscriptionsv2.get answers it: RFC 3339 times, enum
 * strings, google.type.Money prices, one line item per product (reference:
 * developers.google.com/android-publisher/api-ref/rest/v3/purchases.subscriptionsv2).
 */
export function subscriptionPurchaseV2(r: GoogleSubscriptionRecord, latestOrderId: string | undefined): Record<string, unknown> {
  const time = (ms: number) => new Date(ms).toISOString();
  const units = Math.floor(r.priceMicros / 1_000_000);
  const money = { currencyCode: r.currency, units: String(units), nanos: (r.priceMicros - units * 1_000_000) * 1000 };
  const lineItem = {
    productId: r.productId,
    expiryTime: time(r.expiryMs),
    autoRenewingPlan: {
      autoRenewEnabled: r.autoRenew,
      recurringPrice: money,
      ...(r.priceChangeState ? { priceChangeDetails: { newPrice: money, priceChangeMode: 'OPT_IN_INCREASE', priceChangeState: r.priceChangeState, expectedNewPriceChargeTime: time(r.paidThroughMs) } } : {}),
    },
    offerDetails: { basePlanId: r.basePlanId, ...(r.offerId ? { offerId: r.offerId } : {}), offerTags: r.offerTags },
    offerPhase: { [r.offerPhase]: {} },
    ...(latestOrderId ? { latestSuccessfulOrderId: latestOrderId } : {}),
    ...(r.deferredReplacementProductId ? { deferredItemReplacement: { productId: r.deferredReplacementProductId } } : {}),
  };
  const cancel = r.cancelContext && (r.state === 'SUBSCRIPTION_STATE_CANCELED' || r.state === 'SUBSCRIPTION_STATE_EXPIRED')
    ? { canceledStateContext: { [r.cancelContext]: r.cancelContext === 'userInitiatedCancellation' ? { cancelTime: time(r.cancelTimeMs ?? r.expiryMs) } : {} } }
    : {};
  return {
    kind: 'androidpublisher#subscriptionPurchaseV2',
    regionCode: 'KR',
    lineItems: [lineItem],
    ...(r.startTimeMs !== undefined ? { startTime: time(r.startTimeMs) } : {}),
    subscriptionState: r.state,
    ...(latestOrderId ? { latestOrderId } : {}),
    ...(r.linkedPurchaseToken ? { linkedPurchaseToken: r.linkedPurchaseToken } : {}),
    ...(r.state === 'SUBSCRIPTION_STATE_PAUSED' && r.autoResumeMs !== undefined ? { pausedStateContext: { autoResumeTime: time(r.autoResumeMs) } } : {}),
    ...cancel,
    ...(r.test ? { testPurchase: {} } : {}),
    acknowledgementState: r.acknowledged ? 'ACKNOWLEDGEMENT_STATE_ACKNOWLEDGED' : 'ACKNOWLEDGEMENT_STATE_PENDING',
    ...(r.obfuscatedAccountId || r.obfuscatedProfileId
      ? { externalAccountIdentifiers: { ...(r.obfuscatedAccountId ? { obfuscatedExternalAccountId: r.obfuscatedAccountId } : {}), ...(r.obfuscatedProfileId ? { obfuscatedExternalProfileId: r.obfuscatedProfileId } : {}) } }
      : {}),
    etag: `sim-${r.purchaseToken.slice(0, 8)}-${r.renewals}-${r.state.length}-${r.expiryMs}`,
  };
}

/** Orders API phase names (Order.lineItems[].subscriptionDetails.offerPhase). */
const ORDER_PHASE = { freeTrial: 'FREE_TRIAL', introductoryPrice: 'INTRODUCTORY', basePrice: 'BASE' } as const;

/** An Order as orders.get answers it for one subscription charge (developers.google.com/android-publisher/api-ref/rest/v3/orders). */
export function subscriptionOrder(r: GoogleSubscriptionRecord, o: GoogleSubscriptionOrder): Record<string, unknown> {
  const time = (ms: number) => new Date(ms).toISOString();
  const money = (micros: number) => {
    const units = Math.floor(micros / 1_000_000);
    return { currencyCode: r.currency, units: String(units), nanos: (micros - units * 1_000_000) * 1000 };
  };
  return {
    orderId: o.orderId,
    purchaseToken: r.purchaseToken,
    state: o.refunded ? 'REFUNDED' : 'PROCESSED',
    createTime: time(o.createTimeMs),
    lastEventTime: time(o.createTimeMs),
    buyerAddress: { buyerCountry: 'KR' },
    salesChannel: 'IN_APP',
    total: money(o.paidMicros),
    tax: money(0),
    lineItems: [{
      productId: r.productId,
      productTitle: r.productId,
      listingPrice: money(r.priceMicros),
      total: money(o.paidMicros),
      tax: money(0),
      subscriptionDetails: {
        basePlanId: r.basePlanId,
        ...(r.offerId ? { offerId: r.offerId } : {}),
        offerPhase: ORDER_PHASE[o.phase],
        servicePeriodStartTime: time(o.periodStartMs),
        servicePeriodEndTime: time(o.periodEndMs),
      },
    }],
  };
}
