import { Type } from 'typebox';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { SignedPayloadAuth } from '../../domain/notification-auth';
import type { MarketModule, MarketService, VerifiedReceipt } from '../types';
import { assertMarketConfig } from '../shared/config';
import { malformed, tooLarge } from '../shared/signed-json';
import { APP_STORE_MARKET_ID, AppStoreConfig } from './config';
import { MAX_JWS_CHARS, StoreKitJwsVerifier } from './jws-verifier';
import { AppStoreServerApi } from './server-api';
import { appStoreParser } from './notifications';
import { appStoreRoutes } from './routes';
import { appStoreSubscriptions } from './subscriptions';
import { toVerifiedTransaction } from './transaction';

export { APP_STORE_MARKET_ID, AppStoreConfig } from './config';
export { StoreKitJwsVerifier } from './jws-verifier';
export { AppStoreServerApi } from './server-api';

/**
 * App Store (StoreKit 2): receipts are `{signedTransaction}` JWS, verified by our own ES256 /
 * x5c verifier against the configured roots. With `serverApi.checkOnVerify`, Apple's current
 * view of the transaction (refunds) is read too. Auto-renewable subscriptions: subscriptions.ts.
 */
export const appStoreMarket: MarketModule<typeof AppStoreConfig> = {
  id: APP_STORE_MARKET_ID,
  configSchema: AppStoreConfig,
  create(rawConfig, ctx): MarketService {
    const config = assertMarketConfig(APP_STORE_MARKET_ID, AppStoreConfig, rawConfig);
    const jws = new StoreKitJwsVerifier(config.rootCertificates, ctx.now);
    const storeApi = config.serverApi ? new AppStoreServerApi(config.serverApi, config, jws, ctx) : undefined;
    const checkOnline = storeApi !== undefined && config.serverApi?.checkOnVerify === true;

    async function verify(receipt: unknown): Promise<VerifiedReceipt> {
      const verified = toVerifiedTransaction(jws.verifyAndDecode(signedTransactionOf(receipt)), config);
      if (!checkOnline || !storeApi) return verified;
      const status = await storeApi.getPurchase(verified, 'verify');
      if (status.raw.productId !== verified.marketProductId) {
        throw new BillingError('RECEIPT_PRODUCT_MISMATCH', undefined, { details: { market: APP_STORE_MARKET_ID } });
      }
      return { ...verified, state: status.state === 'REFUNDED' ? 'CANCELED' : verified.state };
    }

    const subscriptions = appStoreSubscriptions(config, jws, storeApi, ctx);
    return { verifier: { verify }, ...(storeApi ? { storeApi } : {}), subscriptions };
  },
  notifications: {
    // {signedPayload}: one JWS whose x5c chain and nested signed transaction and renewal info stay well under 64 KiB.
    limits: { maxDepth: 1, maxBytes: 65_536 },
    // Signed by Apple: the JWS chain is the authentication, so there is nothing to configure.
    authModes: () => Type.Union([SignedPayloadAuth]),
    defaultAuth: () => ({ mode: 'signed-payload' }),
    configureHint: 'notificationAuth: {mode: "signed-payload"} (the default)',
    createParser: () => appStoreParser(),
  },
  // Promotional offer signatures (the In-App Purchase key stays on the server).
  registerRoutes: async (app) => {
    await app.register(appStoreRoutes);
  },
};

function signedTransactionOf(receipt: unknown): string {
  if (receipt === null || typeof receipt !== 'object' || Array.isArray(receipt)) throw malformed('receipt is not an object');
  const { signedTransaction, ...rest } = receipt as Record<string, unknown>;
  if (typeof signedTransaction !== 'string') throw malformed('receipt needs a signedTransaction string');
  if (Object.keys(rest).length > 0) throw malformed(`unexpected receipt field ${Object.keys(rest)[0]}`);
  if (signedTransaction.length > MAX_JWS_CHARS) throw tooLarge('signedTransaction');
  return signedTransaction;
}
