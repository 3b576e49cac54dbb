/**
 * App Store (StoreKit 2) transcripts. The iOS bridge cannot run here, so these are replayed by the
 * TypeScript mock bridge only; their `store` block documents the StoreKit outcome each one stands
 * for. Receipts are ES256 JWS strings signed with a generated key (the bridge passes them through;
 * the server verifies the real chain).
 */
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { Exchange, PURCHASE_PARAMS, transcript, wireError, type Transcript } from './builders';

const MARKET = 'app-store';

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function jwsFor(payload: Record<string, unknown>, pem: string): string {
  const input = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(input), { key: createPrivateKey(pem), dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

export function appStoreTranscripts(): Transcript[] {
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const transaction = (transactionId: string, productId: string, purchaseDate: number) => {
    const signedTransaction = jwsFor({
      transactionId, originalTransactionId: transactionId, bundleId: 'com.example.gasstation', productId,
      purchaseDate, originalPurchaseDate: purchaseDate, quantity: 1, type: 'Consumable', inAppOwnershipType: 'PURCHASED',
      appAccountToken: PURCHASE_PARAMS.appAccountToken, environment: 'Sandbox', signedDate: purchaseDate, storefront: 'KOR',
    }, pem);
    return {
      productId, transactionId, purchaseToken: transactionId, nativeState: 'purchased', quantity: 1, acknowledged: false, originalTransactionId: transactionId,
      purchaseTime: purchaseDate, appAccountToken: PURCHASE_PARAMS.appAccountToken, receipt: { signedTransaction },
    };
  };
  const bought = transaction('2000000912345678', 'gas_10', 1763700000000);
  // UPGRADE MY CAR bought and finished on the old device: StoreKit lists it in currentEntitlements only.
  const upgrade = { ...transaction('2000000900000001', 'car_upgrade', 1763600000000), acknowledged: true };
  const renewal = transaction('2000000912345680', 'gas_10', 1763700300000);
  const approvedLater = transaction('2000000912345679', 'gas_50', 1763700200000);
  const connect = { market: MARKET };
  const connected = { result: { connected: true } };
  const list: Transcript[] = [];
  const add = (name: string, store: Record<string, unknown>, build: (x: Exchange) => void) => {
    const x = new Exchange();
    build(x);
    list.push(transcript(name, MARKET, store, x));
  };

  add('app-store connect ok', { storeKit: 'Transaction.updates listener starts' }, (x) => x.call('connect', connect, connected));
  add('app-store queryProducts', { storeKit: 'Product.products(for:) returns gas_10' }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryProducts', { productIds: ['gas_10', 'no_such_product'], type: 'consumable' }, {
      result: { products: [{ productId: 'gas_10', type: 'consumable', title: 'Gas 10 L', description: 'Ten litres of GAS.', formattedPrice: '\u20a91,200', priceMicros: 1200000000, currency: 'KRW' }] },
    });
  });
  add('app-store launchPurchase ok', { storeKit: 'purchase(options: [.appAccountToken]) returns .success(.verified)' }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { result: { purchases: [bought] } });
  });
  add('app-store launchPurchase user canceled', { storeKit: 'purchase returns .userCancelled' }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { error: wireError('USER_CANCELED', 'App Store: userCancelled', false, 'userCancelled') });
  });
  add('app-store launchPurchase pending then approved', { storeKit: 'purchase returns .pending; Transaction.updates delivers it later' }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', { ...PURCHASE_PARAMS, productId: 'gas_50' }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [approvedLater] });
  });
  add('app-store launchPurchase unknown product', { storeKit: 'Product.products(for:) returns nothing' }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', { ...PURCHASE_PARAMS, productId: 'no_such_product' }, { error: wireError('UNKNOWN_PRODUCT', 'App Store: productUnavailable', false, 'productUnavailable') });
  });
  add('app-store launchPurchase network error', { storeKit: 'purchase throws StoreKitError.networkError' }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { error: wireError('STORE_UNAVAILABLE', 'App Store: networkError', true, 'networkError') });
  });
  add('app-store launchPurchase not allowed', { storeKit: 'purchase throws Product.PurchaseError.purchaseNotAllowed (Screen Time)' }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { error: wireError('FORBIDDEN', 'App Store: purchaseNotAllowed', false, 'purchaseNotAllowed') });
  });
  add('app-store launchPurchase system error', { storeKit: 'purchase throws StoreKitError.systemError' }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { error: wireError('STORE_ERROR', 'App Store: systemError', true, 'systemError') });
  });
  add('app-store launchPurchase unverified transaction', { storeKit: 'purchase returns .success(.unverified)' }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { error: wireError('RECEIPT_SIGNATURE_INVALID', 'StoreKit could not verify the transaction; it was left out.', false, 'unverified') });
  });
  add('app-store call before connect', {}, (x) =>
    x.call('queryPurchases', { type: 'consumable' }, { error: wireError('STORE_NOT_READY', 'Call connect first.', true) }));
  add('app-store on iOS older than 15', { storeKit: 'not available (iOS < 15)' }, (x) =>
    x.call('connect', connect, { error: wireError('MARKET_NOT_ON_PLATFORM', 'StoreKit 2 needs iOS 15 or later.', false) }));
  add('app-store queryPurchases', { storeKit: 'Transaction.unfinished yields one verified transaction' }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryPurchases', { type: 'consumable' }, { result: { purchases: [bought] } });
  });
  add('app-store finish', { storeKit: 'Transaction.unfinished holds 2000000912345678; finish() is called' }, (x) => {
    x.call('connect', connect, connected);
    x.call('finish', { transactionId: '2000000912345678' }, { result: {} });
    x.call('finish', { transactionId: '2000000912345678' }, { error: wireError('ITEM_NOT_OWNED', 'No unfinished transaction has this id.', false) });
  });
  add('app-store restore of a finished non-consumable', {
    storeKit: 'restore: AppStore.sync(), then Transaction.currentEntitlements yields car_upgrade (finished on another device); Transaction.unfinished is empty',
  }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryPurchases', { type: 'non-consumable', sync: true }, { result: { purchases: [upgrade] } });
  });
  add('app-store queryPurchases lists unfinished and entitled transactions', {
    storeKit: 'login: Transaction.unfinished yields gas_10; Transaction.currentEntitlements yields car_upgrade (finished); no AppStore.sync()',
  }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryPurchases', { type: 'consumable' }, { result: { purchases: [bought] } });
    x.call('queryPurchases', { type: 'non-consumable' }, { result: { purchases: [upgrade] } });
  });
  add('app-store transactions before connect are queued until script listens', {
    storeKit: 'Transaction.updates (started at app launch by CBBridge.registerBridge) delivers an Ask to Buy approval before script connects',
  }, (x) => {
    x.call('connect', connect, connected);
    x.event({ type: 'purchasesUpdated', purchases: [renewal] });
  });
  add('app-store launchPurchase with an appAccountToken that is not a UUID', { storeKit: 'nothing: refused before Product.purchase' }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', { ...PURCHASE_PARAMS, appAccountToken: 'not-a-uuid' }, { error: wireError('BAD_REQUEST', 'Invalid params for launchPurchase: appAccountToken must be a UUID.', false) });
  });
  // Subscriptions (issue #16), CBStoreKitMarket: offers from Product.SubscriptionInfo, a promotional
  // offer signed by the server, a change within the group is a plain purchase, and the manage sheet.
  const vipPhase = { formattedPrice: '\u20a94,900', priceMicros: 4900000000, currency: 'KRW', billingPeriod: 'P1M', cycles: 0 };
  add('app-store queryProducts lists a subscription\u2019s group, introductory and promotional offers', {
    storeKit: 'Product.subscription: subscriptionGroupID 21345678, introductoryOffer free trial P1W (eligible), promotionalOffers [winback-50]',
  }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryProducts', { productIds: ['vip_monthly'], type: 'subscription' }, {
      result: {
        products: [{
          productId: 'vip_monthly', type: 'subscription', title: 'VIP', description: 'Double gas every day.', formattedPrice: '\u20a94,900', priceMicros: 4900000000, currency: 'KRW',
          subscriptionGroup: '21345678',
          subscriptionOffers: [
            { offerId: null, kind: 'base', freeTrial: false, pricingPhases: [vipPhase] },
            { offerId: null, kind: 'introductory', freeTrial: true, eligible: true, pricingPhases: [{ formattedPrice: 'Free', priceMicros: 0, currency: 'KRW', billingPeriod: 'P1W', cycles: 1 }, vipPhase] },
            { offerId: 'winback-50', kind: 'promotional', freeTrial: false, pricingPhases: [{ ...vipPhase, formattedPrice: '\u20a92,450', priceMicros: 2450000000, cycles: 3 }, vipPhase] },
          ],
        }],
      },
    });
  });
  const subscribed = transaction('2000000912345690', 'vip_monthly', 1763700400000);
  add('app-store launchPurchase subscription with a signed promotional offer', {
    storeKit: 'purchase(options: [.appAccountToken, .promotionalOffer(offerID:keyID:nonce:signature:timestamp:)]) returns .success(.verified)',
  }, (x) => {
    x.call('connect', connect, connected);
    const promotionalOffer = { offerId: 'winback-50', keyId: 'ABCDEF1234', nonce: '3f1c2a4e-1b7d-4c55-9a3e-2d8f1e6b7c91', signature: 'MEUCIQ==', timestamp: 1763700390000 };
    x.call('launchPurchase', { ...PURCHASE_PARAMS, productId: 'vip_monthly', type: 'subscription', promotionalOffer }, { result: { purchases: [subscribed] } });
  });
  add('app-store manageSubscriptions shows the manage sheet', { storeKit: 'AppStore.showManageSubscriptions(in:) returns' }, (x) => {
    x.call('connect', connect, connected);
    x.call('manageSubscriptions', {}, { result: {} });
    x.call('manageSubscriptions', { productId: 'vip_monthly' }, { result: {} });
  });
  add('app-store consume is not a StoreKit method', {}, (x) => {
    x.call('connect', connect, connected);
    x.call('consume', { purchaseToken: '2000000912345678' }, { error: wireError('BAD_REQUEST', 'consume is not supported by app-store; use finish.', false) });
  });
  return list;
}
