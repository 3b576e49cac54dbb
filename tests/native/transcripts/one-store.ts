/**
 * ONE store transcripts (IAP SDK v21). Purchases are PurchaseData original JSON (STORES.md §3.1)
 * signed SHA512withRSA with a generated licence key; `nativeState` is ONE store's own
 * purchaseState (0 PURCHASED, 1 CANCEL, 2 REFUND).
 */
import { Exchange, type LicenceKey, PRODUCTS, PURCHASE_PARAMS, sealedKey, transcript, wireError, type SignedPurchase, type StoreScript, type Transcript } from './builders';

const MARKET = 'one-store';
const PACKAGE = 'com.example.gasstation';

interface OneStorePurchaseFields {
  orderId: string;
  productId: string;
  purchaseTime: number;
  purchaseId: string;
  purchaseToken: string;
  acknowledgeState: number;
}

export function oneStoreJson(f: OneStorePurchaseFields): string {
  return JSON.stringify({
    orderId: f.orderId,
    packageName: PACKAGE,
    productId: f.productId,
    purchaseTime: f.purchaseTime,
    purchaseId: f.purchaseId,
    purchaseToken: f.purchaseToken,
    developerPayload: PURCHASE_PARAMS.developerPayload,
    purchaseState: 0,
    recurringState: -1,
    acknowledgeState: f.acknowledgeState,
    quantity: 1,
  });
}

export function oneStoreNative(p: SignedPurchase): Record<string, unknown> {
  const raw = JSON.parse(p.originalJson) as Record<string, unknown>;
  return {
    productId: raw.productId,
    transactionId: raw.purchaseId,
    purchaseToken: raw.purchaseToken,
    nativeState: raw.purchaseState,
    quantity: raw.quantity,
    acknowledged: raw.acknowledgeState === 1,
    purchaseTime: raw.purchaseTime,
    developerPayload: raw.developerPayload,
    receipt: { originalJson: p.originalJson, signature: p.signature },
  };
}

/** PurchaseClient.ResponseCode → catalog code, as OneStoreErrors.java maps it. */
const ONE_STORE_CODES: Array<[number, string, string, boolean]> = [
  [1, 'RESULT_USER_CANCELED', 'USER_CANCELED', false],
  [2, 'RESULT_SERVICE_UNAVAILABLE', 'STORE_UNAVAILABLE', true],
  [3, 'RESULT_BILLING_UNAVAILABLE', 'STORE_NOT_READY', false],
  [4, 'RESULT_ITEM_UNAVAILABLE', 'UNKNOWN_PRODUCT', false],
  [5, 'RESULT_DEVELOPER_ERROR', 'STORE_ERROR', false],
  [6, 'RESULT_ERROR', 'STORE_ERROR', true],
  [7, 'RESULT_ITEM_ALREADY_OWNED', 'PRODUCT_ALREADY_OWNED', false],
  [8, 'RESULT_ITEM_NOT_OWNED', 'ITEM_NOT_OWNED', false],
  [9, 'RESULT_FAIL', 'STORE_ERROR', true],
  [10, 'RESULT_NEED_LOGIN', 'STORE_LOGIN_REQUIRED', true],
  [11, 'RESULT_NEED_UPDATE', 'STORE_UPDATE_REQUIRED', true],
  [12, 'RESULT_SECURITY_ERROR', 'STORE_ERROR', false],
  [13, 'RESULT_BLOCKED_APP', 'STORE_ERROR', false],
  [14, 'RESULT_NOT_SUPPORT_SANDBOX', 'STORE_ERROR', false],
  [99999, 'RESULT_EMERGENCY_ERROR', 'STORE_UNAVAILABLE', true],
  [1001, 'ERROR_DATA_PARSING', 'STORE_ERROR', true],
  [1002, 'ERROR_SIGNATURE_VERIFICATION', 'RECEIPT_SIGNATURE_INVALID', false],
  [1003, 'ERROR_ILLEGAL_ARGUMENT', 'BAD_REQUEST', false],
  [1004, 'ERROR_UNDEFINED_CODE', 'STORE_ERROR', true],
  [1005, 'ERROR_SIGNATURE_NOT_VALIDATION', 'MARKET_KEY_INVALID', false],
  [1006, 'ERROR_UPDATE_OR_INSTALL', 'STORE_UPDATE_REQUIRED', true],
  [1007, 'ERROR_SERVICE_DISCONNECTED', 'STORE_NOT_READY', true],
  [1008, 'ERROR_FEATURE_NOT_SUPPORTED', 'STORE_ERROR', false],
  [1009, 'ERROR_SERVICE_TIMEOUT', 'STORE_UNAVAILABLE', true],
  [1010, 'ERROR_CLIENT_NOT_ENABLED', 'STORE_NOT_READY', false],
  [77, 'UNKNOWN', 'STORE_ERROR', true],
];

export function oneStoreError(nativeCode: number) {
  const row = ONE_STORE_CODES.find(([code]) => code === nativeCode);
  if (!row) throw new Error(`no ONE store code ${nativeCode}`);
  return wireError(row[2], `ONE store: ${row[1]} (${nativeCode})`, row[3], nativeCode);
}

export function oneStoreTranscripts(key: LicenceKey): Transcript[] {
  const connect = { market: MARKET, marketKey: key.marketKey(MARKET) };
  const connected = { result: { connected: true } };
  const bought = key.sign(oneStoreJson({ orderId: 'ONESTORE7_000000000000000000000000001', productId: 'gas_10', purchaseTime: 1763700000000, purchaseId: 'SANDBOX3000000004564', purchaseToken: 'os-token-gas10-a', acknowledgeState: 0 }), 'sha512');
  const upgrade = key.sign(oneStoreJson({ orderId: 'ONESTORE7_000000000000000000000000002', productId: 'car_upgrade', purchaseTime: 1763600000000, purchaseId: 'SANDBOX3000000004570', purchaseToken: 'os-token-upgrade', acknowledgeState: 0 }), 'sha512');
  const tampered = { originalJson: bought.originalJson.replace('"gas_10"', '"gas_50"'), signature: bought.signature };
  const list: Transcript[] = [];
  const add = (name: string, store: StoreScript, build: (x: Exchange) => void) => {
    const x = new Exchange();
    build(x);
    list.push(transcript(name, MARKET, store, x));
  };

  add('one-store connect ok', {}, (x) => x.call('connect', connect, connected));
  add('one-store connect with a bad licence key', {}, (x) =>
    x.call('connect', { market: MARKET, marketKey: sealedKey('bm90LWEta2V5', MARKET) }, { error: wireError('MARKET_KEY_INVALID', 'The market public key is not a base64 X.509 RSA public key.', false) }));
  // PurchaseClient is built with the key the device opened (setBase64PublicKey).
  add('one-store connect opens the sealed market key on the device', { expectLicenceKeys: [key.publicKeyBase64] }, (x) => x.call('connect', connect, connected));
  // ONE store's SDK cannot run without its licence key: refused before any store client exists.
  add('one-store connect without a market key is refused', { expectLicenceKeys: [] }, (x) =>
    x.call('connect', { market: MARKET }, { error: wireError('MARKET_KEY_MISSING', 'one-store needs its licence key: enter it in the Common Billing panel (one-store, Public key).', false) }));
  add('one-store connect service unavailable', { responses: { connect: [2] } }, (x) => x.call('connect', connect, { error: oneStoreError(2) }));
  add('one-store connect update required, update installed', { responses: { connect: [11, 0], updateOrInstall: [0] } }, (x) => x.call('connect', connect, connected));
  add('one-store connect update required, user declines', { responses: { connect: [11], updateOrInstall: [1] } }, (x) => x.call('connect', connect, { error: oneStoreError(11) }));
  add('one-store queryProducts', { products: PRODUCTS }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryProducts', { productIds: ['gas_10', 'gas_50', 'no_such_product'], type: 'consumable' }, { result: { products: PRODUCTS.slice(0, 2) } });
  });
  // Subscriptions (issue #16): an upgrade replaces the old token with ONE store's proration mode
  // (PurchaseFlowParams.ProrationMode; it has no full-price mode), and the management screen opens
  // for the owned subscription (PurchaseClient.launchManageSubscription with its PurchaseData).
  const vip = { productId: 'vip_monthly', type: 'subscription' as const, title: 'VIP', description: '', formattedPrice: '\u20a94,900', priceMicros: 4900000000, currency: 'KRW' };
  const vipBought = key.sign(oneStoreJson({ orderId: 'ONESTORE7_000000000000000000000000009', productId: 'vip_monthly', purchaseTime: 1763500000000, purchaseId: 'SANDBOX3000000004999', purchaseToken: 'os-token-vip', acknowledgeState: 1 }), 'sha512');
  add('one-store launchPurchase upgrade replaces the old subscription with a proration mode', {
    products: [vip, { ...vip, productId: 'vip_plus' }], expectReplacements: ['os-token-vip 1', 'os-token-vip 4'],
  }, (x) => {
    x.call('connect', connect, connected);
    const plus = { ...PURCHASE_PARAMS, productId: 'vip_plus', type: 'subscription' };
    x.call('launchPurchase', { ...plus, replace: { purchaseToken: 'os-token-vip', mode: 'with-time-proration' } }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [] });
    x.call('launchPurchase', { ...plus, replace: { purchaseToken: 'os-token-vip', mode: 'deferred' } }, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [] });
    x.call('launchPurchase', { ...plus, replace: { purchaseToken: 'os-token-vip', mode: 'charge-full-price' } }, { error: wireError('BAD_REQUEST', 'charge-full-price is not a one-store replacement mode.', false) });
  });
  add('one-store manageSubscriptions opens the list or the owned subscription', { owned: [vipBought], expectManaged: ['null null', 'vip_monthly os-token-vip', 'vip_yearly null'] }, (x) => {
    x.call('connect', connect, connected);
    x.call('manageSubscriptions', {}, { result: {} });
    x.call('manageSubscriptions', { productId: 'vip_monthly' }, { result: {} });
    x.call('manageSubscriptions', { productId: 'vip_yearly' }, { result: {} });
  });
  add('one-store launchPurchase ok then purchasesUpdated', { products: PRODUCTS, flowPurchases: [bought] }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [oneStoreNative(bought)] });
  });
  add('one-store launchPurchase user canceled', { products: PRODUCTS, responses: { flow: [1] } }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [], error: oneStoreError(1) });
  });
  add('one-store launchPurchase item already owned', { products: PRODUCTS, responses: { launch: [7] } }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', { ...PURCHASE_PARAMS, productId: 'car_upgrade', type: 'non-consumable' }, { error: oneStoreError(7) });
  });
  add('one-store launchPurchase login required, user signs in', { products: PRODUCTS, flowPurchases: [bought], responses: { launch: [10, 0], signIn: [0] } }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [oneStoreNative(bought)] });
  });
  add('one-store launchPurchase login required, user declines', { products: PRODUCTS, responses: { launch: [10], signIn: [1] } }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { error: oneStoreError(10) });
  });
  add('one-store launchPurchase update required, user declines', { products: PRODUCTS, responses: { launch: [11], updateOrInstall: [1] } }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { error: oneStoreError(11) });
  });
  add('one-store purchase fails the on-device signature check', { products: PRODUCTS, flowPurchases: [tampered] }, (x) => {
    x.call('connect', connect, connected);
    x.call('launchPurchase', PURCHASE_PARAMS, { result: { purchases: [] } });
    x.event({ type: 'purchasesUpdated', purchases: [], error: wireError('RECEIPT_SIGNATURE_INVALID', 'A purchase failed the on-device signature check and was left out.', false) });
  });
  add('one-store queryPurchases', { owned: [bought, upgrade, tampered] }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryPurchases', { type: 'consumable' }, { result: { purchases: [oneStoreNative(bought), oneStoreNative(upgrade)] } });
  });
  add('one-store consume', { owned: [bought] }, (x) => {
    x.call('connect', connect, connected);
    x.call('queryPurchases', { type: 'consumable' }, { result: { purchases: [oneStoreNative(bought)] } });
    x.call('consume', { purchaseToken: 'os-token-gas10-a' }, { result: {} });
    x.call('consume', { purchaseToken: 'os-token-gas10-a' }, { error: wireError('ITEM_NOT_OWNED', 'The store does not list this purchase token.', false) });
  });
  add('one-store acknowledge', { owned: [upgrade] }, (x) => {
    x.call('connect', connect, connected);
    x.call('acknowledge', { purchaseToken: 'os-token-upgrade' }, { result: {} });
  });
  const codes = ONE_STORE_CODES.map(([code]) => code).filter((code) => code !== 10 && code !== 11);
  add('one-store store response codes', { owned: [bought], responses: { queryPurchases: codes } }, (x) => {
    x.call('connect', connect, connected);
    for (const code of codes) x.call('queryPurchases', { type: 'consumable' }, { error: oneStoreError(code) });
    x.call('queryPurchases', { type: 'consumable' }, { result: { purchases: [oneStoreNative(bought)] } });
  });
  add('one-store finish is not a ONE store method', {}, (x) => {
    x.call('connect', connect, connected);
    x.call('finish', { transactionId: 'SANDBOX3000000004564' }, { error: wireError('BAD_REQUEST', 'finish is not supported by one-store; use consume or acknowledge.', false) });
  });
  return list;
}
