import { Type } from 'typebox';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { PubSubOidcAuth, UnauthenticatedAuth } from '../../domain/notification-auth';
import type { MarketModule, MarketService, VerifiedReceipt } from '../types';
import { assertMarketConfig } from '../shared/config';
import { parseRsaPublicKey } from '../shared/keys';
import { GOOGLE_PLAY_MARKET_ID, GooglePlayConfig } from './config';
import { GooglePlayDeveloperApi } from './developer-api';
import { googlePlayParser } from './notifications';
import { verifyGooglePlayReceipt } from './receipt';
import { googlePlaySubscriptions } from './subscriptions';
import { pollVoided } from './voided-poll';

export { GOOGLE_PLAY_MARKET_ID, GooglePlayConfig } from './config';
export { GooglePlayDeveloperApi } from './developer-api';

/**
 * Google Play: offline signature check, then (when a service account is configured) the
 * Developer API's view of the purchase wins: its state, acknowledgement and test flag.
 */
export const googlePlayMarket: MarketModule<typeof GooglePlayConfig> = {
  id: GOOGLE_PLAY_MARKET_ID,
  configSchema: GooglePlayConfig,
  create(rawConfig, ctx): MarketService {
    const config = assertMarketConfig(GOOGLE_PLAY_MARKET_ID, GooglePlayConfig, rawConfig);
    const key = parseRsaPublicKey(GOOGLE_PLAY_MARKET_ID, 'licenceKey', config.licenceKey);
    const storeApi = config.developerApi ? new GooglePlayDeveloperApi(config.packageName, config.developerApi, ctx) : undefined;
    const checkOnline = storeApi !== undefined && config.developerApi?.checkOnVerify !== false;
    const allowTest = config.allowTestPurchases === true;

    async function verify(receipt: unknown): Promise<VerifiedReceipt> {
      const verified = verifyGooglePlayReceipt(receipt, key, config.packageName);
      // The signed client JSON does not say whether a licence tester bought it: only the API does.
      if (!checkOnline || !storeApi) return { ...verified, testUnknown: true };
      // Only subscription purchases carry `autoRenewing` (STORES.md §1.1); their token is read from subscriptionsv2.
      const productType = typeof verified.decoded.autoRenewing === 'boolean' ? 'subscription' : undefined;
      const status = await storeApi.getPurchase({ ...verified, ...(productType ? { productType } : {}) }, 'verify');
      if (status.test && !allowTest) {
        throw new BillingError('RECEIPT_TEST_NOT_ALLOWED', undefined, { details: { market: GOOGLE_PLAY_MARKET_ID } });
      }
      const state = status.state === 'REFUNDED' ? 'CANCELED' : status.state;
      // A pending client receipt has no orderId; the API's keeps the id stable across pending → purchased.
      const apiOrderId = typeof status.raw.orderId === 'string' && status.raw.orderId ? status.raw.orderId : undefined;
      const storeTransactionId = typeof verified.decoded.orderId === 'string' && verified.decoded.orderId ? verified.storeTransactionId : apiOrderId ?? verified.storeTransactionId;
      return { ...verified, storeTransactionId, state, test: status.test, storeFinished: status.acknowledged || status.consumed, ...(status.charged ? { charged: status.charged } : {}) };
    }

    const subscriptions = googlePlaySubscriptions(config.packageName, storeApi, ctx);
    return { verifier: { verify }, ...(storeApi ? { storeApi } : {}), subscriptions };
  },
  notices(config) {
    if (config.developerApi && config.developerApi.checkOnVerify !== false) return [];
    return [
      `google-play ${config.packageName}: receipts are not checked with the Play Developer API, so licence-tester (test) purchases ` +
        'cannot be told from real ones; they are recorded with test unknown and counted as estimated revenue. Configure ' +
        'developerApi (service account) with checkOnVerify to flag them.',
    ];
  },
  notifications: {
    // A Pub/Sub push {message: {attributes, data, messageId, …}, subscription}: depth 3, the base64 data a few KB.
    limits: { maxDepth: 3, maxBytes: 32_768 },
    authModes: () => Type.Union([PubSubOidcAuth, UnauthenticatedAuth]),
    configureHint: 'notificationAuth: {mode: "pubsub-oidc", audience, serviceAccountEmail}',
    createParser: () => googlePlayParser(),
  },
  refundsUnfinished: true,
  lifecycleJobs: (billing, options) => [
    {
      name: 'voided-poll',
      intervalMs: options.intervals.voidedPoll,
      async run(cursor) {
        return (await pollVoided(billing, options, cursor)).cursor;
      },
    },
  ],
};
