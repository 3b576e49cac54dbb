import { expect } from 'chai';
import type { CreateSessionResponse, ReservePurchaseResponse, SubmitReceiptResponse } from '../../assets/common-billing/protocol/api';
import { DEFAULT_LIFECYCLE_OPTIONS } from '../../server/src/lifecycle/options';
import { runWatchdog } from '../../server/src/lifecycle/watchdog';
import { upsertProduct } from '../../server/src/storage/repos/products';
import { forEachEngine } from '../server/support/engines';
import { LifecycleHarness, startStoreSimulators, type StoreSimulators } from './support/harness';

const MINUTE = 60_000;
const DAY = 86_400_000;
const MONTH = 30 * DAY;

/**
 * Issue #16: a ONE store subscription has the one-time products' 3-day acknowledge deadline. Bought
 * through the real routes, it is verified at the store's subscription detail and the watchdog
 * acknowledges it (at `/purchases/all/…/acknowledge`) long before the store would refund it.
 */
forEachEngine('ONE store subscription: purchase and the 3-day acknowledge', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  beforeEach(async () => {
    h = await LifecycleHarness.start({ ...engine(), stores, options: { watchdog: { ...DEFAULT_LIFECYCLE_OPTIONS.watchdog, finishAfterMs: 10 * MINUTE } } });
    await h.db.write((tx) => upsertProduct(tx, h.appKey, {
      productId: 'vip', type: 'subscription', title: 'VIP', marketProductIds: { 'one-store': 'vip_one' }, subscription: { group: 'vip', period: 'P1M' },
    }, h.clock.now));
  });
  afterEach(async () => h.close());

  async function subscribe(userKey: string) {
    const session = (await h.call('POST', '/v1/sessions', { market: 'one-store', userKey, loginToken: h.loginToken(userKey) })).json<CreateSessionResponse>().sessionToken;
    const reservation = (await h.call('POST', '/v1/purchases', { productId: 'vip' }, session)).json<ReservePurchaseResponse>();
    const s = h.one.subscribe({ productId: 'vip_one', developerPayload: reservation.payload.developerPayload, periodMs: MONTH });
    const res = await h.call('POST', '/v1/receipts', { market: 'one-store', receipt: { originalJson: s.originalJson, signature: s.signature } }, session);
    expect(res.statusCode, res.body).to.equal(200);
    return { token: s.purchaseToken, purchaseId: res.json<SubmitReceiptResponse>().purchase.purchaseId };
  }

  it('the watchdog acknowledges a subscription within the deadline, through the subscription detail', async () => {
    const b = await subscribe('vic');
    expect(h.one.subscription(b.token).acknowledgementState).to.equal(0);
    const start = h.clock.now;
    while (h.one.subscription(b.token).acknowledgementState === 0 && h.clock.now - start < DAY) {
      h.clock.now += 10 * MINUTE;
      await runWatchdog(h.app.billing, h.app.lifecycle.options, h.app.metrics);
    }
    expect(h.one.subscription(b.token).acknowledgementState, 'acknowledged at the store').to.equal(1);
    expect(h.clock.now - start).to.be.below(3 * DAY);
    expect(await h.events(b.purchaseId)).to.include('WATCHDOG_FINISHED');
    // Past the 3-day deadline the store has not refunded it.
    h.clock.now = start + 4 * DAY;
    expect(h.one.subscription(b.token).purchaseState).to.equal(0);
  });

  it('a subscription the store refunded before it was acknowledged is revoked by the watchdog', async () => {
    const b = await subscribe('val');
    h.one.refundSubscription(b.token);
    h.clock.now += 20 * MINUTE;
    await runWatchdog(h.app.billing, h.app.lifecycle.options, h.app.metrics);
    expect(await h.purchase(b.purchaseId)).to.include({ state: 'REVOKED' });
  });
});
