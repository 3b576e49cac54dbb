import { createHmac } from 'node:crypto';
import { Type } from 'typebox';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { MarketModule, VerifiedReceipt } from '../../../../server/src/markets/types';
import type { SubscriptionRef, SubscriptionSnapshot } from '../../../../server/src/subscriptions/types';

/**
 * STORE STAND-IN, for the subscription core's tests only (tests/server/subscriptions): a market
 * built from the contract (server/src/subscriptions/types.ts), not from any store. Receipts are
 * `{originalJson, signature}` (HMAC like the route tests' test market); `fromReceipt` turns one
 * into a signed snapshot; the optional subscription API answers whatever the test put in
 * `answers` (the store's truth, as data). Per-store behaviour is tested in the market folders' specs.
 */
export const STAND_IN_MARKET = 'sub-stand-in';
export const STAND_IN_SECRET = 'stand-in-hmac-secret';

const Config = Type.Object({ secret: Type.String({ minLength: 8 }), api: Type.Boolean() });

export interface StandInReceiptData {
  orderId: string;
  chainKey: string;
  productId: string;
  purchaseTime: number;
  state: 'PURCHASED' | 'PENDING' | 'CANCELED';
  developerPayload?: string;
  /** A store that signs the expiry (like one that carries it in the receipt). */
  expiresAt?: number;
}

export interface StandInStore {
  /** The subscription API's answers by chain key (the test writes the store's truth). */
  answers: Map<string, SubscriptionSnapshot>;
  /** Every read the core made (to assert the API was used, not how often). */
  reads: SubscriptionRef[];
  now(): number;
}

export function signStandInReceipt(data: StandInReceiptData): { originalJson: string; signature: string } {
  const originalJson = JSON.stringify(data);
  return { originalJson, signature: createHmac('sha256', STAND_IN_SECRET).update(originalJson).digest('base64') };
}

export function standInMarket(store: StandInStore): MarketModule<typeof Config> {
  return {
    id: STAND_IN_MARKET,
    configSchema: Config,
    create(config) {
      return {
        verifier: {
          async verify(receipt: unknown): Promise<VerifiedReceipt> {
            const r = receipt as { originalJson?: unknown; signature?: unknown };
            if (typeof r?.originalJson !== 'string' || typeof r.signature !== 'string') throw new BillingError('RECEIPT_MALFORMED');
            if (createHmac('sha256', config.secret).update(r.originalJson).digest('base64') !== r.signature) throw new BillingError('RECEIPT_SIGNATURE_INVALID');
            const d = JSON.parse(r.originalJson) as StandInReceiptData;
            return {
              market: STAND_IN_MARKET, storeTransactionId: d.orderId, purchaseToken: d.chainKey, marketProductId: d.productId, state: d.state,
              quantity: 1, purchaseTimeMs: d.purchaseTime, environment: 'production', test: false,
              binding: { developerPayload: d.developerPayload }, storeFinished: false, decoded: { ...d },
            };
          },
        },
        subscriptions: {
          fromReceipt(v, catalog) {
            const d = v.decoded as unknown as StandInReceiptData;
            return {
              market: STAND_IN_MARKET, chainKey: d.chainKey, marketProductId: v.marketProductId, state: 'ACTIVE',
              periodStartMs: v.purchaseTimeMs, periodEndMs: d.expiresAt ?? v.purchaseTimeMs + catalog.periodMs, periodEndEstimated: d.expiresAt === undefined,
              autoRenew: true, periodTransactionId: v.storeTransactionId, environment: v.environment, test: v.test, asOfMs: v.purchaseTimeMs,
              source: 'signed', binding: v.binding,
            };
          },
          ...(config.api
            ? {
                api: {
                  async read(ref: SubscriptionRef): Promise<SubscriptionSnapshot> {
                    store.reads.push(ref);
                    const answer = store.answers.get(ref.chainKey);
                    if (!answer) throw new BillingError('RECEIPT_STORE_REJECTED', 'The stand-in store knows no such subscription.');
                    return { ...answer, asOfMs: store.now(), source: 'store-api' };
                  },
                },
              }
            : {}),
          manageUrl: (id) => `https://store.example/manage/${id}`,
        },
      };
    },
  };
}
