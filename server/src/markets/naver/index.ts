import { Type } from 'typebox';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { MarketModule, VerifiedReceipt } from '../types';
import { assertMarketConfig } from '../shared/config';
import { parseRsaPublicKey } from '../shared/keys';
import { verifySignedJson } from '../shared/signed-json';
import { compact, optionalString, requiredInteger, requiredString } from '../shared/fields';

export const NAVER_MARKET_ID = 'naver';

export const NaverConfig = Type.Object({
  packageName: Type.String({ minLength: 1 }),
  /** NIAP public key: base64 X.509 SPKI DER (the official sample's is RSA-1024). */
  licenceKey: Type.String({ minLength: 64 }),
  /** Purchases whose `environment` is not a production value are refused unless true. */
  allowTestPurchases: Type.Optional(Type.Boolean()),
});

/**
 * `environment` values taken as production. ASSUMPTION: the NIAP sample exposes
 * `getEnvironment()` but no document names its values; anything else counts as a test
 * purchase, so an unknown value is refused by default rather than counted as revenue.
 */
const PRODUCTION_ENVIRONMENTS = new Set(['REAL', 'PRODUCTION', 'COMMERCIAL', 'LIVE']);

/**
 * Naver App Store (NIAP v2, legacy builds; the store is now part of ONE store). Receipts are
 * `{originalJson = originalPurchaseAsJsonText, signature}`, SHA1withRSA over the exact bytes.
 * Field names follow the NIAP `Purchase` getters (STORES.md §4): paymentSeq, purchaseToken,
 * productCode, paymentTime, developerPayload, environment, packageName. There is no server
 * API, and a receipt exists only for a completed payment, so it is PURCHASED.
 */
export const naverMarket: MarketModule<typeof NaverConfig> = {
  id: NAVER_MARKET_ID,
  configSchema: NaverConfig,
  create(rawConfig) {
    const config = assertMarketConfig(NAVER_MARKET_ID, NaverConfig, rawConfig);
    const key = parseRsaPublicKey(NAVER_MARKET_ID, 'licenceKey', config.licenceKey);
    return {
      verifier: {
        async verify(receipt): Promise<VerifiedReceipt> {
          const data = verifySignedJson(receipt, { market: NAVER_MARKET_ID, key, digest: 'sha1' });
          if (requiredString(data, 'packageName') !== config.packageName) {
            throw new BillingError('RECEIPT_PACKAGE_MISMATCH', undefined, { details: { market: NAVER_MARKET_ID } });
          }
          const environment = optionalString(data, 'environment');
          const test = environment === undefined || !PRODUCTION_ENVIRONMENTS.has(environment.toUpperCase());
          if (test && config.allowTestPurchases !== true) {
            throw new BillingError('RECEIPT_TEST_NOT_ALLOWED', undefined, { details: { market: NAVER_MARKET_ID, environment } });
          }
          const paymentSeq = requiredString(data, 'paymentSeq');
          return {
            market: NAVER_MARKET_ID,
            storeTransactionId: paymentSeq,
            purchaseToken: optionalString(data, 'purchaseToken') || paymentSeq,
            marketProductId: requiredString(data, 'productCode'),
            state: 'PURCHASED',
            quantity: 1,
            purchaseTimeMs: requiredInteger(data, 'paymentTime'),
            environment: test ? 'sandbox' : 'production',
            test,
            binding: compact({ developerPayload: optionalString(data, 'developerPayload') }),
            storeFinished: false,
            decoded: data,
          };
        },
      },
    };
  },
};
