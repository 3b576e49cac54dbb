import { expect } from 'chai';
import type { CreateSessionResponse, SubmitReceiptResponse } from '../../assets/common-billing/protocol/api';
import type { QueueResponse } from '../../server/src/console/api-schemas';
import { consoleFeature } from '../../server/src/console/feature';
import { obfuscatedAccountId, userAppAccountToken } from '../../server/src/domain/tokens';
import { runWatchdog } from '../../server/src/lifecycle/watchdog';
import { enqueueWebhookEvents } from '../../server/src/lifecycle/webhooks/outbox';
import { forEachEngine } from '../server/support/engines';
import { consoleAgent } from './support/console-session';
import { LifecycleHarness, MARKET_PRODUCT, startStoreSimulators, type StoreSimulators } from './support/harness';

/**
 * Issue #14: purchases started outside the game (promo codes, the Play Store, Apple's promoted
 * in-app purchases) name no reservation. A validly signed one is recorded UNCLAIMED and
 * delivered once, to the first valid claimer; a second claimer is refused.
 */
forEachEngine('purchases without a reservation', (engine) => {
  let h: LifecycleHarness;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  beforeEach(async () => {
    h = await LifecycleHarness.start({ ...engine(), stores, features: [consoleFeature({ markets: () => ['google-play', 'app-store', 'one-store'] })] });
  });
  afterEach(async () => h.close());

  const session = async (userKey: string, market = 'google-play') =>
    (await h.call('POST', '/v1/sessions', { market, userKey, loginToken: h.loginToken(userKey) })).json<CreateSessionResponse>().sessionToken;
  const submit = async (userKey: string, market: string, receipt: object) => h.call('POST', '/v1/receipts', { market, receipt }, await session(userKey, market));
  const claim = (body: object) => h.call('POST', '/v1/purchases/claim', body, h.secretKey);

  it('a promo-code purchase becomes UNCLAIMED, is delivered once to the first claimer and refused to a second', async () => {
    // The game server hears about the claim like any verification (webhook purchase.verified).
    await h.db.write((tx) => tx.run('INSERT INTO lifecycle_webhook_endpoints (app_key, url, enabled, created_at, updated_at) VALUES (?, ?, 1, ?, ?)',
      [h.appKey, 'https://game.example/webhook', h.clock.now - 1, h.clock.now - 1]));
    const promo = h.google.purchase({ productId: MARKET_PRODUCT['google-play'], promo: true });
    const receipt = { originalJson: promo.originalJson, signature: promo.signature };
    const first = await submit('ann', 'google-play', receipt);
    expect(first.statusCode, first.body).to.equal(200);
    const { purchase, paymentToken } = first.json<SubmitReceiptResponse>();
    expect(purchase).to.include({ userKey: 'ann', productId: 'gas', state: 'VERIFIED', storeTransactionId: promo.orderId });
    expect(await h.events(purchase.purchaseId)).to.include.members(['UNCLAIMED', 'CLAIMED']);
    // Delivered once: the game server consumes it once.
    const consume = () => h.call('POST', `/v1/purchases/${purchase.purchaseId}/consume`, { paymentToken }, h.secretKey);
    expect((await consume()).json()).to.include({ alreadyConsumed: false });
    expect((await consume()).json()).to.include({ alreadyConsumed: true });
    // A second player (device or game server) is refused; the first player's device replays the same answer.
    const second = await submit('bob', 'google-play', receipt);
    expect(second.json().error.code).to.equal('RECEIPT_ALREADY_USED');
    expect((await claim({ userKey: 'bob', market: 'google-play', receipt })).json().error.code).to.equal('RECEIPT_ALREADY_USED');
    expect((await claim({ userKey: 'bob', purchaseId: purchase.purchaseId })).json().error.code).to.equal('RECEIPT_ALREADY_USED');
    const again = await submit('ann', 'google-play', receipt);
    expect(again.json().purchase).to.include({ purchaseId: purchase.purchaseId, state: 'CONSUMED' });
    const rows = await h.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM purchases WHERE store_transaction_id = ?', [promo.orderId!]);
    expect(Number(rows[0]!.n)).to.equal(1);
    await enqueueWebhookEvents(h.db, h.clock.now, 86_400_000);
    const hooks = await h.db.all<{ type: string }>('SELECT type FROM lifecycle_webhook_events WHERE purchase_id = ? ORDER BY created_at, type', [purchase.purchaseId]);
    expect(hooks.map((w) => w.type)).to.deep.equal(['purchase.consumed', 'purchase.verified']);
  });

  it('an unclaimed Google purchase is acknowledged at the store before the 3-day refund, and still claimed later', async () => {
    const p = h.google.purchase({ productId: MARKET_PRODUCT['google-play'], obfuscatedAccountId: obfuscatedAccountId(h.keys, h.appKey, 'eli') });
    const receipt = { originalJson: p.originalJson, signature: p.signature };
    // Reported by another player's device: refused for them, recorded UNCLAIMED for its owner.
    expect((await submit('fay', 'google-play', receipt)).json().error.code).to.equal('RECEIPT_PAYLOAD_INVALID');
    h.clock.now += 13 * 3_600_000; // past the watchdog's finishAfterMs, well before the 3-day deadline
    await runWatchdog(h.app.billing, h.app.lifecycle.options, h.app.metrics);
    expect(h.google.record(p.purchaseToken).acknowledged, 'acknowledged at the store').to.equal(true);
    expect(h.google.record(p.purchaseToken).consumed, 'acknowledged, not consumed: it is still the player\u2019s').to.equal(false);
    const row = await h.db.get<{ state: string; store_finished: number }>('SELECT state, store_finished FROM purchases WHERE store_transaction_id = ?', [p.orderId!]);
    expect(row).to.deep.equal({ state: 'UNCLAIMED', store_finished: 1 });
    const claimed = await claim({ userKey: 'eli', market: 'google-play', receipt });
    expect(claimed.statusCode, claimed.body).to.equal(200);
    expect(claimed.json().purchase).to.include({ userKey: 'eli', state: 'VERIFIED' });
  });

  it('Google obfuscatedAccountId must be the claimer\u2019s: another player leaves it UNCLAIMED for the right one', async () => {
    const p = h.google.purchase({ productId: MARKET_PRODUCT['google-play'], obfuscatedAccountId: obfuscatedAccountId(h.keys, h.appKey, 'cat') });
    const receipt = { originalJson: p.originalJson, signature: p.signature };
    const wrong = await submit('dan', 'google-play', receipt);
    expect(wrong.json().error.code).to.equal('RECEIPT_PAYLOAD_INVALID');
    const row = await h.db.get<{ state: string; user_key: string }>('SELECT state, user_key FROM purchases WHERE store_transaction_id = ?', [p.orderId!]);
    expect(row).to.deep.equal({ state: 'UNCLAIMED', user_key: '' });
    const right = await claim({ userKey: 'cat', market: 'google-play', receipt });
    expect(right.statusCode, right.body).to.equal(200);
    expect(right.json().purchase).to.include({ userKey: 'cat', state: 'VERIFIED' });
    expect(right.json().paymentToken).to.be.a('string');
  });

  it('an Apple promoted purchase reported by ONE_TIME_CHARGE is UNCLAIMED, listed in the console and assigned once by support (audited)', async () => {
    const p = h.apple.purchase({ productId: MARKET_PRODUCT['app-store'], offerType: 3 });
    const n = h.apple.notificationOf('ONE_TIME_CHARGE', { transactionId: p.transactionId });
    expect((await h.notify('app-store', { signedPayload: n.signedPayload })).json()).to.deep.equal({ status: 'processed' });
    const support = await consoleAgent(h.app, 'support@example.com', 'support', h.clock.now);
    const viewer = await consoleAgent(h.app, 'viewer@example.com', 'viewer', h.clock.now);
    const queue = (await support.get('/console/api/queues/unclaimed')).json<QueueResponse>().items;
    expect(queue).to.have.length(1);
    expect(queue[0]).to.include({ state: 'UNCLAIMED', userKey: '', market: 'app-store', storeTransactionId: p.transactionId, amountMicros: 1_200_000_000, currency: 'KRW', priceEstimated: false });
    const purchaseId = queue[0]!.purchaseId;
    expect((await viewer.post(`/console/api/purchases/${purchaseId}/assign`, { userKey: 'eve', reason: 'promo ticket #1' })).statusCode).to.equal(403);
    const assigned = await support.post(`/console/api/purchases/${purchaseId}/assign`, { userKey: 'eve', reason: 'promo ticket #1' });
    expect(assigned.statusCode, assigned.body).to.equal(200);
    const twice = await support.post(`/console/api/purchases/${purchaseId}/assign`, { userKey: 'fox', reason: 'promo ticket #2' });
    expect(twice.json().error.code).to.equal('CONFLICT');
    expect(await h.purchase(purchaseId)).to.include({ state: 'VERIFIED', user_key: 'eve' });
    const audit = await h.db.all<{ action: string; target_id: string; reason: string }>("SELECT action, target_id, reason FROM console_audit WHERE action = 'assign'");
    expect(audit).to.deep.equal([{ action: 'assign', target_id: purchaseId, reason: 'promo ticket #1' }]);
    // The player's next login lists it as unfinished, with its payment token.
    const login = (await h.call('POST', '/v1/sessions', { market: 'app-store', userKey: 'eve', loginToken: h.loginToken('eve') })).json<CreateSessionResponse>();
    expect(login.unfinished.map((u) => u.purchase.purchaseId)).to.include(purchaseId);
  });

  it('Apple appAccountToken naming no reservation is the player\u2019s account token: only that player claims it', async () => {
    const p = h.apple.purchase({ productId: MARKET_PRODUCT['app-store'], appAccountToken: userAppAccountToken(h.keys, h.appKey, 'gil') });
    const receipt = { signedTransaction: p.signedTransaction };
    expect((await submit('hal', 'app-store', receipt)).json().error.code).to.equal('RECEIPT_PAYLOAD_INVALID');
    const mine = await submit('gil', 'app-store', receipt);
    expect(mine.statusCode, mine.body).to.equal(200);
    expect(mine.json().purchase).to.include({ userKey: 'gil', state: 'VERIFIED' });
  });

  it('the game-server claim needs the app secret and validates its body', async () => {
    const noSecret = await h.call('POST', '/v1/purchases/claim', { userKey: 'x', purchaseId: '00000000-0000-4000-8000-000000000000' });
    expect(noSecret.statusCode).to.equal(401);
    expect((await claim({ userKey: 'x', purchaseId: 'not-a-uuid' })).statusCode).to.equal(400);
    expect((await claim({ userKey: 'x', purchaseId: '00000000-0000-4000-8000-000000000000' })).json().error.code).to.equal('PURCHASE_NOT_FOUND');
  });
});
