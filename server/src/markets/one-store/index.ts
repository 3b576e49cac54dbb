import { Type } from 'typebox';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { PnsSignatureAuth, UnauthenticatedAuth } from '../../domain/notification-auth';
import type { MarketModule, MarketService, VerifiedReceipt } from '../types';
import { assertMarketConfig } from '../shared/config';
import { parseRsaPublicKey } from '../shared/keys';
import { ONE_STORE_MARKET_ID, OneStoreConfig } from './config';
import { OneStoreApiClient } from './api-client';
import { oneStoreParser } from './notifications';
import { verifyOneStoreReceipt } from './receipt';
import { isSubscriptionReceipt, oneStoreSubscriptions } from './subscriptions';

export { ONE_STORE_MARKET_ID, OneStoreConfig } from './config';
export { OneStoreApiClient } from './api-client';

/**
 * ONE store (IAP SDK v21, server API V7). Offline: SHA512withRSA signature, package, state.
 * Online (when serverApi is configured): the store's purchase details decide the state.
 */
export const oneStoreMarket: MarketModule<typeof OneStoreConfig> = {
  id: ONE_STORE_MARKET_ID,
  configSchema: OneStoreConfig,
  create(rawConfig, ctx): MarketService {
    const config = assertMarketConfig(ONE_STORE_MARKET_ID, OneStoreConfig, rawConfig);
    const key = parseRsaPublicKey(ONE_STORE_MARKET_ID, 'licenceKey', config.licenceKey);
    const storeApi = config.serverApi ? new OneStoreApiClient(config.serverApi, ctx) : undefined;
    const checkOnline = storeApi !== undefined && config.serverApi?.checkOnVerify !== false;
    const allowTest = config.allowTestPurchases === true;

    async function verify(receipt: unknown): Promise<VerifiedReceipt> {
      let verified = verifyOneStoreReceipt(receipt, key, config.packageName);
      if (storeApi?.isSandbox) verified = { ...verified, environment: 'sandbox', test: true };
      if (verified.test && !allowTest) {
        throw new BillingError('RECEIPT_TEST_NOT_ALLOWED', undefined, { details: { market: ONE_STORE_MARKET_ID } });
      }
      if (!checkOnline || !storeApi) return verified;
      const productType = isSubscriptionReceipt(verified) ? 'subscription' : undefined;
      const status = await storeApi.getPurchase({ ...verified, ...(productType ? { productType } : {}) }, 'verify');
      const state = status.state === 'REFUNDED' ? 'CANCELED' : status.state;
      return { ...verified, state, storeFinished: status.acknowledged || status.consumed, ...(status.charged ? { charged: status.charged } : {}) };
    }

    const subscriptions = oneStoreSubscriptions(config.packageName, storeApi, ctx);
    return { verifier: { verify }, ...(storeApi ? { storeApi } : {}), subscriptions };
  },
  notifications: {
    // One JSON object whose paymentTypeList is an array of objects: depth 3.
    limits: { maxDepth: 3, maxBytes: 16_384 },
    authModes: () => Type.Union([PnsSignatureAuth, UnauthenticatedAuth]),
    configureHint: 'notificationAuth: {mode: "pns-signature"}',
    createParser: () => oneStoreParser(),
  },
  refundsUnfinished: true,
};
