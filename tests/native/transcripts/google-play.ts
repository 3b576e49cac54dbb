/**
 * Google Play transcripts. Purchases are raw Play JSON (STORES.md §1.1) signed SHA1withRSA with a
 * generated licence key; `nativeState` is Play's public Purchase.PurchaseState (1 PURCHASED,
 * 2 PENDING), derived from the raw JSON where `purchaseState` 4 means pending.
 */
import { Exchange, LicenceKey, PRODUCTS, sealedKey, PURCHASE_PARAMS, transcript, wireError, type SignedPurchase, type StoreProduct, type StoreScript, type Transcript } from './builders';

const MARKET = 'google-play';
const PACKAGE = 'com.example.gasstation';

interface PlayPurchaseFields {
  orderId?: string;
  productId: string;
  purchaseTime: number;
  purchaseState: number;
  purchaseToken: string;
  acknowledged: boolean;
}

export function playJson(f: PlayPurchaseFields): string {
  const json: Record<string, unknown> = {};
  if (f.orderId !== undefined) json.orderId = f.orderId;
  Object.assign(json, {
    packageName: PACKAGE,
    productId: f.productId,
    purchaseTime: f.purchaseTime,
    purchaseState: f.purchaseState,
    purchaseToken: f.purchaseToken,
    obfuscatedAccountId: PURCHASE_PARAMS.accountId,
    obfuscatedProfileId: PURCHASE_PARAMS.profileId,
    quantity: 1,
    acknowledged: f.acknowledged,
  });
  return JSON.stringify(json);
}

/** The NativePurchase the Java market must report for a signed Play purchase. */
export function playNative(p: SignedPurchase): Record<string, unknown> {
  const raw = JSON.parse(p.originalJson) as Record<string, unknown>;
  return {
    productId: raw.productId,
    transactionId: raw.orderId ?? '',
    purchaseToken: raw.purchaseToken,
    nativeState: raw.purchaseState === 4 ? 2 : 1,
    quantity: raw.quantity ?? 1,
    acknowledged: raw.acknowledged ?? true,
    purchaseTime: raw.purchaseTime,
    accountId: raw.obfuscatedAccountId,
    profileId: raw.obfuscatedProfileId,
    receipt: { originalJson: p.originalJson, signature: p.signature },
  };
}

/** Play BillingResponseCode → catalog code, as GooglePlayErrors.java maps it. */
const PLAY_CODES: Array<[number, string, string, boolean]> = [
  [-3, 'SERVICE_TIMEOUT', 'STORE_UNAVAILABLE', true],
  [-2, 'FEATURE_NOT_SUPPORTED', 'STORE_ERROR', false],
  [-1, 'SERVICE_DISCONNECTED', 'STORE_NOT_READY', true],
  [1, 'USER_CANCELED', 'USER_CANCELED', false],
  [2, 'SERVICE_UNAVAILABLE', 'STORE_UNAVAILABLE', true],
  [3, 'BILLING_UNAVAILABLE', 'STORE_NOT_READY', false],
  [4, 'ITEM_UNAVAILABLE', 'UNKNOWN_PRODUCT', false],
  [5, 'DEVELOPER_ERROR', 'STORE_ERROR', false],
  [6, 'ERROR', 'STORE_ERROR', true],
  [7, 'ITEM_ALREADY_OWNED', 'PRODUCT_ALREADY_OWNED', false],
  [8, 'ITEM_NOT_OWNED', 'ITEM_NOT_OWNED', false],
  [12, 'NETWORK_ERROR', 'STORE_UNAVAILABLE', true],
  [99, 'UNKNOWN', 'STORE_ERROR', true],
];

export function playError(nativeCode: number) {
  const row = PLAY_CODES.find(([code]) => code === nativeCode);
  if (!row) throw new Error(`no Play code ${nativeCode}`);
  return wireError(row[2], `Google Play: ${row[1]} (${nativeCode})`, row[3], nativeCode);
}

export function googlePlayTranscripts(key: LicenceKey): Transcript[] {
  const connect = { market: MARKET, marketKey: key.marketKey(MARKET) };
  const badKey = { market: MARKET, marketKey: sealedKey('bm90LWEta2V5', MARKET) };
  const connected = { result: { connected: true } };
  const bought = key.sign(playJson({ orderId: 'GPA.3312-4567-8901-23456', productId: 'gas_10', purchaseTime: 1763700000000, purchaseState: 0, purchaseToken: 'gp-token-gas10-a', acknowledged: false }), 'sha1');
  const pending = key.sign(playJson({ productId: 'gas_50', purchaseTime: 1763700100000, purchaseState: 4, purchaseToken: 'gp-token-gas50-p', acknowledged: false }), 'sha1');
  const upgrade = key.sign(playJson({ orderId: 'GPA.3312-0000-1111-22222', productId: 'car_upgrade', purchaseTime: 1763600000000, purchaseState: 0, purchaseToken: 'gp-token-upgrade', acknowledged: true }), 'sha1');
  const tampered = { originalJson: bought.originalJson.replace('"quantity":1', '"quantity":9'), signature: bought.signature };
  const list: Transcript[] = [];
  const add = (name: string, store: StoreScript, build: (x: Exchange) => void) => {
    const x = new Exchange();
    build(x);
    list.push(transcript(name, MARKET, store, x));
  };

  add('google-play connect ok', {}, (x) => x.call('connect', connect, connected));
  // The device opens the sealed key itself (javax.crypto): the store client gets the plain licence key.
  add('google-play connect opens the sealed market key on the device', { expectLicenceKeys: [key.publicKeyBase64] }, (x) => x.call('connect', connect, connected));
  add('google-play connect with a bad licence key', {}, (x) =>
    x.call('connect', badKey, { error: wireError('MARKET_KEY_INVALID', 'The market public key is not a base64 X.509 RSA public key.', false) }));
  add('google-play connect with a key sealed under another data key', {}, (x) => {
    const other = sealedKey(key.publicKeyBase64, MARKET);
    x.call('connect', { market: MARKET, marketKey: { ...connect.marketKey, sealed: other.sealed } }, { error: wireError('MARKET_KEY_INVALID', 'The market key does not open with this data key, app key and market.', false) });
  });
  add('google-play connect with a key sealed for another market', {}, (x) => {
    const moved = sealedKey(key.publicKeyBase64, 'one-store');
    x.call('connect', { market: MARKET, marketKey: { ...moved, market: MARKET } }, { error: wireError('MARKET_KEY_INVALID', 'The market key does not open with this data key, app key and market.', false) });
  });
  // No key configured: Play still checks its own purchases and the server verifies every receipt,
  // so the bridge connects, says the on-device check is off, and reports purchases unchecked.
  const foreign = new LicenceKey().sign(bought.originalJson, 'sha1');
  add('google-play connect without a market key runs without the on-device check', { owned: [foreign], expectLicenceKeys: [null] }, (x) => {
    x.call('connect', { market: MARKET }, { result: { connected: true, keyCheck: false } });
    x.call('queryPurchases', { type: 'consumable' }, { result: { purchases: [playNative(foreign)] } });
  });
  add('google-play connect service unavailable', { responses: { connect: [2] } }, (x) => x.call('connect', connect, { error: playError(2) }));
  add('google-play connect billing unavailable', { responses: { connect: [3] } }, (x) => x.call('connect', connect, { error: playError(3) }));
  add('google-play calls after a failed connect', {}, (x) => {
    x.call('connect', connect, connected);
    x.call('connect', badKey, { error: wireError('MARKET_KEY_INVALID', 'The market public key is not a base64 X.509 RSA public key.', false) });
    x.call('queryPurchases', { type: 'consumable' }, { error: wireError('STORE_NOT_READY', 'Call connect first.', true) });
  });
  add('google-play call before connect', {}, (x) =>
    x.call('queryPurchases', { type: 'consumable' }, { error: wireError('STORE_NOT_READY', 'Call connect first.', true) }));
  add('google-play queryProducts', { products: PRODUCTS }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryProducts', { productIds: ['gas_10', 'gas_50', 'no_such_product'], type: 'consumable' }, { result: { products: PRODUCTS.slice(0, 2) } });
    x.call('queryProducts', { productIds: ['car_upgrade'], type: 'non-consumable' }, { result: { products: [PRODUCTS[2]] } });
  });
  add('google-play queryProducts failure', { products: PRODUCTS, responses: { queryProducts: [12] } }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryProducts', { productIds: ['gas_10'], type: 'consumable' }, { error: playError(12) });
  });
  // Play Billing 8: a one-time product with two purchase options and a discount offer (listed first),
  // a subscription whose intro offer is listed before its base plan.
  const offered: StoreProduct[] = [
    { ...PRODUCTS[0]!, offers: [{ optionId: 'buy', offerId: 'spring-sale', offerToken: 'tok-gas10-sale' }, { optionId: 'buy', offerToken: 'tok-gas10-buy' }, { optionId: 'bulk', offerToken: 'tok-gas10-bulk' }] },
    { productId: 'vip_monthly', type: 'subscription', title: 'VIP', description: 'Double gas every day.', formattedPrice: '\u20a94,900', priceMicros: 4900000000, currency: 'KRW',
      offers: [{ optionId: 'monthly', offerId: 'intro-50', offerToken: 'tok-vip-intro' }, { optionId: 'monthly', offerToken: 'tok-vip-monthly' }] },
  ];
  const wire = (p: StoreProduct) => ({ productId: p.productId, type: p.type, title: p.title, description: p.description, formattedPrice: p.formattedPrice, priceMicros: p.priceMicros, currency: p.currency });
  add('google-play launchPurchase one-time offer token chosen', { products: offered, flowPurchases: [bought], expectOfferTokens: ['tok-gas10-sale', 'tok-gas10-buy', 'tok-gas10-bulk'] }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryProducts', { productIds: ['gas_10'], type: 'consumable' }, { result: { products: [wire(offered[0]!)] } });
    x.call('launchPurchase', { ...PURCHASE_PARAMS, offerId: 'spring-sale' }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [playNative(bought)] });
    x.call('launchPurchase', PURCHASE_PARAMS, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [playNative(bought)] });
    x.call('launchPurchase', { ...PURCHASE_PARAMS, offerId: 'bulk' }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [playNative(bought)] });
    x.call('launchPurchase', { ...PURCHASE_PARAMS, offerId: 'winter-sale' }, { error: wireError('UNKNOWN_PRODUCT', 'gas_10 has no offer winter-sale at google-play.', false) });
  });
  add('google-play launchPurchase subscription takes the base plan unless an offer is named', { products: offered, expectOfferTokens: ['tok-vip-monthly', 'tok-vip-intro'] }, (x) => {
    x.call('connect', connect, connected);
    const sub = { ...PURCHASE_PARAMS, productId: 'vip_monthly', type: 'subscription' };
    x.call('launchPurchase', sub, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [] });
    x.call('launchPurchase', { ...sub, offerId: 'intro-50' }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [] });
  });
  // Subscriptions (issue #16): two base plans, each with an offer; the yearly plan's offer starts with
  // a free week (ProductDetails.getSubscriptionOfferDetails(): basePlanId, offerId, offerToken, pricingPhases).
  const phase = (formattedPrice: string, priceMicros: number, billingPeriod: string, cycles: number) => ({ formattedPrice, priceMicros, currency: 'KRW', billingPeriod, cycles });
  const monthly = phase('\u20a94,900', 4900000000, 'P1M', 0);
  const yearly = phase('\u20a949,000', 49000000000, 'P1Y', 0);
  const vip: StoreProduct = {
    productId: 'vip_monthly', type: 'subscription', title: 'VIP', description: 'Double gas every day.', formattedPrice: '\u20a94,900', priceMicros: 4900000000, currency: 'KRW',
    offers: [
      { optionId: 'monthly', offerId: 'intro-50', offerToken: 'tok-vip-intro', phases: [phase('\u20a92,450', 2450000000, 'P1M', 3), monthly] },
      { optionId: 'monthly', offerToken: 'tok-vip-monthly', phases: [monthly] },
      { optionId: 'yearly', offerToken: 'tok-vip-yearly', phases: [yearly] },
      { optionId: 'yearly', offerId: 'trial-7d', offerToken: 'tok-vip-yearly-trial', phases: [phase('Free', 0, 'P1W', 1), yearly] },
    ],
  };
  const vipPlus: StoreProduct = { ...vip, productId: 'vip_plus', title: 'VIP+', offers: [{ optionId: 'monthly', offerToken: 'tok-plus-monthly', phases: [phase('\u20a99,900', 9900000000, 'P1M', 0)] }] };
  add('google-play queryProducts lists a subscription\u2019s base plans and offers with their pricing phases', { products: [vip] }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryProducts', { productIds: ['vip_monthly'], type: 'subscription' }, {
      result: {
        products: [{
          ...wire(vip),
          subscriptionOffers: vip.offers!.map((o) => ({
            offerId: o.offerId ?? null, basePlanId: o.optionId, kind: o.offerId ? 'offer' : 'base', freeTrial: o.offerId === 'trial-7d', pricingPhases: o.phases,
          })),
        }],
      },
    });
  });
  const vipBought = key.sign(playJson({ orderId: 'GPA.3312-7777-0000-11111', productId: 'vip_monthly', purchaseTime: 1763500000000, purchaseState: 0, purchaseToken: 'gp-token-vip', acknowledged: true }), 'sha1');
  add('google-play launchPurchase subscription in a named base plan, and an upgrade replacing the old token', {
    products: [vip, vipPlus], expectOfferTokens: ['tok-vip-yearly', 'tok-vip-yearly-trial', 'tok-plus-monthly', 'tok-plus-monthly'], expectReplacements: ['gp-token-vip 2', 'gp-token-vip 6'],
  }, (x) => {
    x.call('connect', connect, connected);
    const sub = { ...PURCHASE_PARAMS, productId: 'vip_monthly', type: 'subscription' };
    x.call('launchPurchase', { ...sub, basePlanId: 'yearly' }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [] });
    x.call('launchPurchase', { ...sub, basePlanId: 'yearly', offerId: 'trial-7d' }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [] });
    x.call('launchPurchase', { ...sub, basePlanId: 'monthly', offerId: 'trial-7d' }, { error: wireError('UNKNOWN_PRODUCT', 'vip_monthly has no offer trial-7d in base plan monthly at google-play.', false) });
    const plus = { ...sub, productId: 'vip_plus' };
    x.call('launchPurchase', { ...plus, replace: { purchaseToken: 'gp-token-vip', mode: 'charge-prorated-price' } }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [] });
    x.call('launchPurchase', { ...plus, replace: { purchaseToken: 'gp-token-vip', mode: 'deferred' } }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [] });
  });
  // Play's subscription center deep link (PlaySubscriptionLink): the app's list, or one subscription's page.
  add('google-play manageSubscriptions opens the list or one subscription', { owned: [vipBought], expectManaged: ['null null', 'vip_monthly gp-token-vip'] }, (x) => {
    x.call('connect', connect, connected);
    x.call('manageSubscriptions', {}, { result: {} });
    x.call('manageSubscriptions', { productId: 'vip_monthly' }, { result: {} });
  });
  add('google-play launchPurchase ok then purchasesUpdated', { products: PRODUCTS, flowPurchases: [bought] }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [playNative(bought)] });
  });
  add('google-play launchPurchase user canceled', { products: PRODUCTS, responses: { flow: [1] } }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [], error: playError(1) });
  });
  add('google-play launchPurchase pending', { products: PRODUCTS, flowPurchases: [pending] }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', { ...PURCHASE_PARAMS, productId: 'gas_50' }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [playNative(pending)] });
  });
  add('google-play launchPurchase item already owned', { products: PRODUCTS, responses: { launch: [7] } }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', { ...PURCHASE_PARAMS, productId: 'car_upgrade', type: 'non-consumable' }, { error: playError(7) });
  });
  add('google-play launchPurchase unknown product', { products: PRODUCTS }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', { ...PURCHASE_PARAMS, productId: 'no_such_product' }, { error: playError(4) });
  });
  add('google-play purchase fails the on-device signature check', { products: PRODUCTS, flowPurchases: [tampered] }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [], error: wireError('RECEIPT_SIGNATURE_INVALID', 'A purchase failed the on-device signature check and was left out.', false) });
  });
  add('google-play queryPurchases', { owned: [bought, pending, tampered] }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryPurchases', { type: 'consumable' }, { result: { purchases: [playNative(bought), playNative(pending)] } });
  });
  add('google-play consume', { owned: [bought] }, (x) => {
    x.call('connect', connect, connected);
    x.call('consume', { purchaseToken: 'gp-token-gas10-a' }, { result: {} });
    x.call('consume', { purchaseToken: 'gp-token-gas10-a' }, { error: wireError('ITEM_NOT_OWNED', 'The store does not list this purchase token.', false) });
  });
  add('google-play acknowledge', { owned: [upgrade] }, (x) => {
    x.call('connect', connect, connected);
    x.call('acknowledge', { purchaseToken: 'gp-token-upgrade' }, { result: {} });
  });
  const codes = PLAY_CODES.map(([code]) => code).filter((code) => code !== 7);
  add('google-play store response codes', { owned: [bought], responses: { consume: codes } }, (x) => {
    x.call('connect', connect, connected);
    for (const code of codes) x.call('consume', { purchaseToken: 'gp-token-gas10-a' }, { error: playError(code) });
    x.call('consume', { purchaseToken: 'gp-token-gas10-a' }, { result: {} });
  });
  add('google-play finish is not a Play method', {}, (x) => {
    x.call('connect', connect, connected);
    x.call('finish', { transactionId: 'GPA.3312-4567-8901-23456' }, { error: wireError('BAD_REQUEST', 'finish is not supported by google-play; use consume or acknowledge.', false) });
  });
  return list;
}
