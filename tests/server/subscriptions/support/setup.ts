import type { SubmitReceiptResponse } from '../../../../assets/common-billing/protocol/api';
import { upsertAppMarket } from '../../../../server/src/storage/repos/apps';
import { upsertProduct } from '../../../../server/src/storage/repos/products';
import { findSubscriptionByChain, type SubscriptionRow } from '../../../../server/src/storage/repos/subscriptions';
import type { EngineName } from '../../../../server/src/storage/types';
import type { SubscriptionSnapshot } from '../../../../server/src/subscriptions/types';
import { startHarness, type Harness, type HarnessOptions } from '../../support/harness';
import { signStandInReceipt, standInMarket, STAND_IN_MARKET, STAND_IN_SECRET, type StandInReceiptData, type StandInStore } from './store-stand-in';

export const VIP = { month: 'vip_month', year: 'vip_year', monthId: 'stand.vip.month', yearId: 'stand.vip.year' } as const;

export interface SubscriptionHarness {
  h: Harness;
  store: StandInStore;
  /** Login + reserve + receipt through the real routes; the answer as the SDK gets it. */
  buy(userKey: string, productId: string, receipt: Partial<StandInReceiptData> & { chainKey: string }): Promise<{ status: number; body: SubmitReceiptResponse & { error?: { code: string } } }>;
  /** A receipt sent without a new reservation (a renewal transaction, a restore). */
  send(userKey: string, receipt: StandInReceiptData): Promise<{ status: number; body: SubmitReceiptResponse & { error?: { code: string } } }>;
  row(chainKey: string): Promise<SubscriptionRow | undefined>;
  /** The store's answer for a chain, as data (what its subscription API would say). */
  storeSays(snapshot: Partial<SubscriptionSnapshot> & { chainKey: string }): void;
  close(): Promise<void>;
}

export async function startSubscriptionHarness(engine: { engine: EngineName; pgUrl?: string }, o: { api: boolean } & Partial<HarnessOptions>): Promise<SubscriptionHarness> {
  const store: StandInStore = { answers: new Map(), reads: [], now: () => h.clock.now };
  const h: Harness = await startHarness({ ...engine, ...o, extraMarkets: [standInMarket(store), ...(o.extraMarkets ?? [])] });
  await h.tdb.db.write(async (tx) => {
    await upsertAppMarket(tx, h.appKey, STAND_IN_MARKET, true, { secret: STAND_IN_SECRET, api: o.api }, h.clock.now);
    await upsertProduct(tx, h.appKey, { productId: VIP.month, type: 'subscription', title: 'VIP month', price: { amountMicros: 4_990_000, currency: 'USD' },
      marketProductIds: { [STAND_IN_MARKET]: VIP.monthId }, subscription: { group: 'vip', period: 'P1M' } }, h.clock.now);
    await upsertProduct(tx, h.appKey, { productId: VIP.year, type: 'subscription', title: 'VIP year', price: { amountMicros: 49_900_000, currency: 'USD' },
      marketProductIds: { [STAND_IN_MARKET]: VIP.yearId }, subscription: { group: 'vip', period: 'P1Y' } }, h.clock.now);
    await upsertProduct(tx, h.appKey, { productId: 'car_upgrade', type: 'non-consumable', title: 'Car upgrade', marketProductIds: { [STAND_IN_MARKET]: 'stand.car' } }, h.clock.now);
  });
  const marketIdOf = (productId: string) => (productId === VIP.month ? VIP.monthId : productId === VIP.year ? VIP.yearId : productId === 'car_upgrade' ? 'stand.car' : productId);
  let orders = 0;
  const send = async (userKey: string, receipt: StandInReceiptData) => {
    const session = (await h.login(userKey, {}, STAND_IN_MARKET)).sessionToken;
    const res = await h.post('/v1/receipts', { market: STAND_IN_MARKET, receipt: signStandInReceipt(receipt) }, session);
    return { status: res.statusCode, body: res.json() };
  };
  return {
    h,
    store,
    async buy(userKey, productId, receipt) {
      const session = (await h.login(userKey, {}, STAND_IN_MARKET)).sessionToken;
      const r = await h.reserve(session, productId);
      const data: StandInReceiptData = { orderId: `order-${++orders}`, productId: marketIdOf(productId), purchaseTime: h.clock.now, state: 'PURCHASED', developerPayload: r.payload.developerPayload, ...receipt };
      const res = await h.post('/v1/receipts', { market: STAND_IN_MARKET, receipt: signStandInReceipt(data) }, session);
      return { status: res.statusCode, body: res.json() };
    },
    send,
    row: (chainKey) => findSubscriptionByChain(h.tdb.db, STAND_IN_MARKET, chainKey),
    storeSays(s) {
      store.answers.set(s.chainKey, {
        market: STAND_IN_MARKET, marketProductId: VIP.monthId, state: 'ACTIVE', periodStartMs: h.clock.now, periodEndMs: h.clock.now + 30 * 86_400_000,
        autoRenew: true, environment: 'production', test: false, asOfMs: h.clock.now, source: 'store-api', binding: {}, ...s,
      });
    },
    close: () => h.close(),
  };
}
