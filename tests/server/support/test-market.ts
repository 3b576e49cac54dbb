import { createHmac } from 'node:crypto';
import { Type } from 'typebox';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import type { MarketModule, VerifiedReceipt } from '../../../server/src/markets/types';

/**
 * A tiny market for route tests, registered through the registry seam like any real market:
 * receipts are `{originalJson, signature}` with signature = base64 HMAC-SHA256(config.secret,
 * originalJson). It fails closed like the real verifiers (bad MAC, wrong package).
 */
export const TEST_MARKET = 'test-market';

const Config = Type.Object({ packageName: Type.String({ minLength: 1 }), secret: Type.String({ minLength: 8 }) });

export interface TestReceiptData {
  orderId: string;
  packageName: string;
  productId: string;
  purchaseTime: number;
  state: 'PURCHASED' | 'PENDING' | 'CANCELED';
  developerPayload?: string;
  obfuscatedAccountId?: string;
  obfuscatedProfileId?: string;
  appAccountToken?: string;
  test?: boolean;
  sandbox?: boolean;
}

export function signTestReceipt(secret: string, data: TestReceiptData): { originalJson: string; signature: string } {
  const originalJson = JSON.stringify(data);
  return { originalJson, signature: createHmac('sha256', secret).update(originalJson).digest('base64') };
}

export const testMarketModule: MarketModule<typeof Config> = {
  id: TEST_MARKET,
  configSchema: Config,
  create(config) {
    return {
      verifier: {
        async verify(receipt: unknown): Promise<VerifiedReceipt> {
          const r = receipt as { originalJson?: unknown; signature?: unknown };
          if (typeof r?.originalJson !== 'string' || typeof r.signature !== 'string') throw new BillingError('RECEIPT_MALFORMED');
          const expected = createHmac('sha256', config.secret).update(r.originalJson).digest('base64');
          if (expected !== r.signature) throw new BillingError('RECEIPT_SIGNATURE_INVALID');
          const d = JSON.parse(r.originalJson) as TestReceiptData;
          if (d.packageName !== config.packageName) throw new BillingError('RECEIPT_PACKAGE_MISMATCH');
          return {
            market: TEST_MARKET,
            storeTransactionId: d.orderId,
            purchaseToken: `tok-${d.orderId}`,
            marketProductId: d.productId,
            state: d.state,
            quantity: 1,
            purchaseTimeMs: d.purchaseTime,
            environment: d.sandbox ? 'sandbox' : 'production',
            test: d.test ?? false,
            binding: {
              developerPayload: d.developerPayload,
              obfuscatedAccountId: d.obfuscatedAccountId,
              obfuscatedProfileId: d.obfuscatedProfileId,
              appAccountToken: d.appAccountToken,
            },
            storeFinished: false,
            decoded: { ...d },
          };
        },
      },
    };
  },
};
