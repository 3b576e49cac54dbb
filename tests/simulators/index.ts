/**
 * Store simulators for every Common Billing test suite: each signs like its store and serves
 * the store's server API on 127.0.0.1 (port 0). Production code reaches them only through
 * configuration (`sim.marketConfig()`); see README.md in this folder.
 */
export { startGooglePlaySimulator, GooglePlaySimulator, type GooglePlaySimulatorOptions, type GooglePurchaseInput, type SignedGoogleReceipt } from './google-play';
export { GooglePushAuthority } from './google-push-auth';
export { AUTO_REFUND_MS, type GooglePurchaseRecord, type GoogleVoidedRecord } from './google-play-records';
export { startAppStoreSimulator, AppStoreSimulator, type AppStoreSimulatorOptions, type AppStorePurchaseInput } from './app-store';
export { createApplePki, LEAF_MARKER_OID, INTERMEDIATE_MARKER_OID, type ApplePki, type ApplePkiOptions } from './apple-pki';
export { signEs256Jws, signHs256Jws, signRs256Jws, unsignedJws, type JwsSignOptions } from './jws';
export { startOneStoreSimulator, OneStoreSimulator, type OneStoreSimulatorOptions, type OneStorePurchaseRecord } from './one-store';
export { NaverSimulator } from './naver';
export { SandboxReceiptSigner } from './sandbox-receipts';
export { generateRsaLicenceKey, signText, type RsaLicenceKey } from './keys';
export { startLoopbackServer, type LoopbackServer, type SimRequest, type SimResponse } from './http';
