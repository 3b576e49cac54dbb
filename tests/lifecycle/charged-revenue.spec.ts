import { expect } from 'chai';
import type { CreateSessionResponse, ReservePurchaseResponse } from '../../assets/common-billing/protocol/api';
import type { SearchResponse, StatsResponse } from '../../server/src/console/api-schemas';
import { consoleFeature } from '../../server/src/console/feature';
import { registryOf } from '../../server/src/domain/market-services';
import { startupNotices } from '../../server/src/domain/startup-notices';
import { googlePlayMarket } from '../../server/src/markets/google-play';
import { forEachEngine } from '../server/support/engines';
import { consoleAgent } from './support/console-session';
import { LifecycleHarness, MARKET_PRODUCT, type StoreSimulators } from './support/harness';
import { startProductionStores } from './support/production-stores';

/** The catalog says 1,500 KRW; the stores charged something else. */
const CATALOG = { amountMicros: 1_500_000_000, currency: 'KRW' };

/**
 * Issue #14: revenue is what the stores charged, in each purchase's currency (Apple's JWS
 * price/currency), not today's catalog price; a purchase only priced from the catalog (Google
 * without a price in its API answer) is counted as an estimate, visibly.
 */
forEachEngine('revenue as charged', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startProductionStores();
  });
  after(async () => stores?.close());
  beforeEach(async () => {
    h = await LifecycleHarness.start({ ...engine(), stores, price: CATALOG, features: [consoleFeature({ markets: () => ['google-play', 'app-store', 'one-store'] })] });
  });
  afterEach(async () => h.close());

  async function buyApple(userKey: string, o: { price: number; currency: string; quantity?: number; environment?: 'Sandbox' }) {
    const session = (await h.call('POST', '/v1/sessions', { market: 'app-store', userKey, loginToken: h.loginToken(userKey) })).json<CreateSessionResponse>().sessionToken;
    const reservation = (await h.call('POST', '/v1/purchases', { productId: 'gas' }, session)).json<ReservePurchaseResponse>();
    const p = h.apple.purchase({ productId: MARKET_PRODUCT['app-store'], appAccountToken: reservation.payload.appAccountToken, ...o });
    const res = await h.call('POST', '/v1/receipts', { market: 'app-store', receipt: { signedTransaction: p.signedTransaction } }, session);
    expect(res.statusCode, res.body).to.equal(200);
  }

  it('revenue equals the sum of the simulators\u2019 charged prices, per currency, with catalog estimates flagged', async () => {
    // Charged by the App Store simulator (price in milliunits): KRW and USD.
    await buyApple('ann', { price: 1_200_000, currency: 'KRW' });
    await buyApple('bob', { price: 1_100_000, currency: 'KRW', quantity: 2 });
    await buyApple('cat', { price: 990, currency: 'USD' });
    await buyApple('dan', { price: 4_990, currency: 'USD' });
    // App Review's sandbox purchase is a test: never revenue.
    await buyApple('reviewer', { price: 9_990, currency: 'USD', environment: 'Sandbox' });
    // Google's purchase API reports no price: the catalog price, flagged as an estimate.
    await h.buy('google-play', 'eve');

    const support = await consoleAgent(h.app, 'support@example.com', 'support', h.clock.now);
    const day = new Date(h.clock.now).toISOString().slice(0, 10);
    const stats = (await support.get(`/console/api/stats?from=${day}&to=${day}`)).json<StatsResponse>();
    const point = (market: string, currency: string) => stats.revenue.find((r) => r.market === market && r.currency === currency);
    expect(point('app-store', 'KRW')).to.include({ amountMicros: (1_200 + 2 * 1_100) * 1_000_000, count: 2, estimatedCount: 0 });
    expect(point('app-store', 'USD')).to.include({ amountMicros: (990 + 4_990) * 1_000, count: 2, estimatedCount: 0 });
    expect(point('google-play', 'KRW')).to.include({ amountMicros: CATALOG.amountMicros, count: 1, estimatedCount: 1 });
    expect(stats.revenue).to.have.length(3);

    const list = (await support.get('/console/api/purchases?market=app-store')).json<SearchResponse>().items;
    const cat = list.find((r) => r.userKey === 'cat');
    expect(cat).to.include({ amountMicros: 990_000, currency: 'USD', priceEstimated: false });
    const csv = (await support.get('/console/api/purchases.csv')).body.trim().split('\r\n');
    const header = csv[0]!.split(',');
    const rows = csv.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i], v])));
    const bob = rows.find((r) => r.user_key === 'bob')!;
    expect(bob).to.include({ amount: '2200', currency: 'KRW', amount_estimated: 'false' });
    const eve = rows.find((r) => r.user_key === 'eve')!;
    expect(eve).to.include({ amount: '1500', currency: 'KRW', amount_estimated: 'true' });
  });

  it('Google test purchases without the Play Developer API are "test unknown", and the operator is told at start', async () => {
    await h.db.write((tx) => tx.run("UPDATE app_markets SET config = ?, updated_at = ? WHERE market = 'google-play'",
      [JSON.stringify(h.google.marketConfig({ online: false, allowTestPurchases: true })), (h.clock.now += 1000)]));
    const b = await h.buy('google-play', 'tester');
    const session = (await h.call('POST', '/v1/sessions', { market: 'google-play', userKey: 'tester', loginToken: h.loginToken('tester') })).json<CreateSessionResponse>();
    expect(session.unfinished[0]!.purchase).to.include({ purchaseId: b.purchaseId, test: false, testUnknown: true });
    const support = await consoleAgent(h.app, 'support@example.com', 'support', h.clock.now);
    const row = (await support.get('/console/api/purchases?market=google-play')).json<SearchResponse>().items[0];
    expect(row).to.include({ testUnknown: true, priceEstimated: true });
    const notices = await startupNotices(h.db, registryOf([googlePlayMarket]));
    expect(notices).to.have.length(1);
    expect(notices[0]).to.include({ appKey: h.appKey, market: 'google-play' });
    expect(notices[0]!.notice).to.match(/Play Developer API/);
  });
});
