import { expect } from 'chai';
import { lifecycleOptions } from '../../../server/src/lifecycle/options';
import { enqueueWebhookEvents } from '../../../server/src/lifecycle/webhooks/outbox';
import { deliverDueWebhooks } from '../../../server/src/lifecycle/webhooks/sender';
import { verifyWebhook } from '../../../server/src/lifecycle/webhooks/signature';
import { openDatabase } from '../../../server/src/storage/open';
import { startGameServer } from '../../lifecycle/support/game-server';
import { forEachEngine } from '../support/engines';
import { notify } from './support/notices';
import { startSubscriptionHarness, VIP, type SubscriptionHarness } from './support/setup';

const DAY = 86_400_000;
const JAN1 = Date.UTC(2026, 0, 1);
const FEB1 = Date.UTC(2026, 1, 1);

forEachEngine('subscriptions: entitlement webhooks', (engine) => {
  let s: SubscriptionHarness;
  let game: Awaited<ReturnType<typeof startGameServer>>;
  beforeEach(async () => {
    game = await startGameServer();
  });
  afterEach(async () => {
    await game?.close();
    await s?.close();
  });

  const options = lifecycleOptions({ runJobs: false });
  async function run(db = s.h.tdb.db): Promise<void> {
    await enqueueWebhookEvents(db, s.h.clock.now, options.webhooks.lookbackMs, 0);
    await deliverDueWebhooks({ db, keys: s.h.keys, now: () => s.h.clock.now, options });
  }

  it('started, renewed, grace_started, revoked and changed — each once, signed, derived from the subscription timeline', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.h.tdb.db.write((tx) => tx.run('INSERT INTO lifecycle_webhook_endpoints (app_key, url, enabled, created_at, updated_at) VALUES (?, ?, 1, ?, ?)', [s.h.appKey, game.url, 0, 0]));
    const bought = await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
    await notify(s, 'n-cancel', { chainKey: 'chain-a', event: 'CANCELED', storeType: 'CANCEL', eventTimeMs: JAN1 + DAY });
    await notify(s, 'n-uncancel', { chainKey: 'chain-a', event: 'UNCANCELED', storeType: 'UNCANCEL', eventTimeMs: JAN1 + 2 * DAY });
    s.h.clock.now += 1000;
    await notify(s, 'n-renew', { chainKey: 'chain-a', event: 'RENEWED', storeType: 'RENEWED', eventTimeMs: FEB1 - DAY });
    // A replayed notification under another id is a timeline note: no webhook.
    s.h.clock.now += 1000;
    await notify(s, 'n-renew-2', { chainKey: 'chain-a', event: 'RENEWED', storeType: 'RENEWED', eventTimeMs: FEB1 - DAY });
    s.h.clock.now += 1000;
    await notify(s, 'n-grace', { chainKey: 'chain-a', event: 'GRACE_STARTED', storeType: 'GRACE', eventTimeMs: Date.UTC(2026, 2, 1) });
    s.h.clock.now += 1000;
    await notify(s, 'n-refund', { chainKey: 'chain-a', event: 'REVOKED', storeType: 'REFUND', eventTimeMs: Date.UTC(2026, 2, 2) });
    await run();
    await run();
    const types = game.received.map((r) => r.type);
    expect([...types].sort()).to.deep.equal(['entitlement.changed', 'entitlement.changed', 'entitlement.grace_started', 'entitlement.renewed', 'entitlement.revoked', 'entitlement.started', 'purchase.verified'].sort());
    expect(new Set(game.received.map((r) => r.eventId)).size).to.equal(game.received.length);
    const revoked = game.received.find((r) => r.type === 'entitlement.revoked')!;
    expect(verifyWebhook(s.h.secretKey, revoked.body, revoked.signature, s.h.clock.now)).to.equal(true);
    const body = JSON.parse(revoked.body);
    expect(body).to.deep.include({ type: 'entitlement.revoked', appKey: s.h.appKey, userKey: 'player-1' });
    expect(body.entitlement).to.deep.include({ group: 'vip', state: 'REVOKED', active: false, purchaseId: bought.body.purchase.purchaseId });
    expect(body.event).to.deep.include({ type: 'REVOKED', from: 'IN_GRACE', to: 'REVOKED', source: 'notification' });
  });

  it('expired (the server\u2019s own, by the re-check) is sent once even when two instances scan at once', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.h.tdb.db.write((tx) => tx.run('INSERT INTO lifecycle_webhook_endpoints (app_key, url, enabled, created_at, updated_at) VALUES (?, ?, 1, ?, ?)', [s.h.appKey, game.url, 0, 0]));
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
    await notify(s, 'n-expired', { chainKey: 'chain-a', event: 'EXPIRED', storeType: 'EXPIRED', eventTimeMs: FEB1 });
    const db2 = await openDatabase(s.h.tdb.config);
    try {
      await Promise.all([run(), run(db2), run(), run(db2)]);
      await run();
    } finally {
      await db2.close();
    }
    expect(game.received.map((r) => r.type).filter((t) => t.startsWith('entitlement.')).sort()).to.deep.equal(['entitlement.expired', 'entitlement.started']);
  });

  it('no endpoint: nothing is derived (the scan stays cheap)', async () => {
    s = await startSubscriptionHarness(engine(), { api: false });
    await s.buy('player-1', VIP.month, { chainKey: 'chain-a', orderId: 'order-1', expiresAt: FEB1 });
    expect(await enqueueWebhookEvents(s.h.tdb.db, s.h.clock.now, options.webhooks.lookbackMs, 0)).to.deep.equal({ created: 0, newestAt: s.h.clock.now });
  });
});
