import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { MarketModule, VerifiedReceipt } from '../types';
import { assertMarketConfig } from '../shared/config';
import { parseRsaPublicKey } from '../shared/keys';
import { verifySignedJson, malformed } from '../shared/signed-json';
import { compact, quantityOf, requiredInteger, requiredString, optionalString } from '../shared/fields';
import { SANDBOX_MARKET_ID, SandboxMarketConfig } from './config';
import { sandboxRoutes } from './routes';
import { sandboxStoreOf } from './store-instance';
import { sandboxSubscriptions } from './subscriptions';

/** How often the sandbox store's clock looks for renewals due (the scheduler's tick bounds it too). */
export const SANDBOX_CLOCK_INTERVAL_MS = 5_000;

export { SANDBOX_MARKET_ID, SandboxMarketConfig } from './config';

/** Sandbox raw purchaseState values (SandboxReceiptData): 0 purchased, 4 pending. */
const SANDBOX_STATE = { 0: 'PURCHASED', 4: 'PENDING' } as const;

/**
 * The sandbox market: receipts `{originalJson, signature}` signed RSASSA-PKCS1-v1_5 SHA-256 by
 * the per-app sandbox key. Every sandbox purchase is a test purchase (never revenue).
 */
export const sandboxMarket: MarketModule<typeof SandboxMarketConfig> = {
  id: SANDBOX_MARKET_ID,
  configSchema: SandboxMarketConfig,
  create(rawConfig, ctx) {
    const config = assertMarketConfig(SANDBOX_MARKET_ID, SandboxMarketConfig, rawConfig);
    const key = parseRsaPublicKey(SANDBOX_MARKET_ID, 'publicKeyPem', config.publicKeyPem);
    return {
      verifier: {
        async verify(receipt): Promise<VerifiedReceipt> {
          const data = verifySignedJson(receipt, { market: SANDBOX_MARKET_ID, key, digest: 'sha256' });
          if (requiredString(data, 'packageName') !== config.packageName) {
            throw new BillingError('RECEIPT_PACKAGE_MISMATCH', undefined, { details: { market: SANDBOX_MARKET_ID } });
          }
          const rawState = requiredInteger(data, 'purchaseState');
          const state = SANDBOX_STATE[rawState as keyof typeof SANDBOX_STATE];
          if (state === undefined) throw malformed('purchaseState is not 0 or 4');
          const purchaseToken = requiredString(data, 'purchaseToken');
          return {
            market: SANDBOX_MARKET_ID,
            storeTransactionId: requiredString(data, 'orderId'),
            purchaseToken,
            marketProductId: requiredString(data, 'productId'),
            state,
            quantity: quantityOf(data),
            purchaseTimeMs: requiredInteger(data, 'purchaseTime'),
            environment: 'sandbox',
            test: true,
            binding: compact({ developerPayload: optionalString(data, 'developerPayload') }),
            storeFinished: false,
            decoded: data,
          };
        },
      },
      subscriptions: sandboxSubscriptions(ctx),
    };
  },
  // The sandbox store's accelerated clock: renewals, failed renewals, grace, hold and expiry
  // happen on the server's clock and reach the subscription core as store notifications.
  lifecycleJobs: (billing) => [
    {
      name: 'sandbox-store-clock',
      intervalMs: SANDBOX_CLOCK_INTERVAL_MS,
      async run() {
        await sandboxStoreOf(billing).subscriptions.runClock();
      },
    },
  ],
  // The sandbox STORE itself (buy with a scripted outcome, resolve, consume) is served here.
  registerRoutes: async (app) => {
    await app.register(sandboxRoutes);
  },
};
