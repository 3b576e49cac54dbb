import { expect } from 'chai';
import { performAction } from '../../server/src/console/actions';
import { verifyWebhook } from '../../server/src/lifecycle/webhooks/signature';
import { forEachEngine } from '../server/support/engines';
import { startGameServer } from './support/game-server';
import { LifecycleHarness, startStoreSimulators, type StoreSimulators } from './support/harness';

/** Issue #4: outbound webhooks, HMAC-signed, retried with backoff, delivered at least once with a stable event id. */
forEachEngine('outbound webhooks', (engine) => {
  let h: LifecycleHarness;
  let game: Awaited<ReturnType<typeof startGameServer>>;
  let stores: StoreSimulators | undefined;
  before(async () => {
    stores = await startStoreSimulators();
  });
  after(async () => stores?.close());
  afterEach(async () => {
    await h.close();
    await game.close();
  });

  /** Runs due jobs, then moves the clock past any backoff, a few times. */
  async function runJobs(times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      await h.app.lifecycle.scheduler.tick();
      h.clock.now += 10 * 60_000;
    }
  }

  it('a refund after consumption reaches the game server once, after the endpoint failed twice', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    game = await startGameServer({ 'purchase.revoked': [500, 503] });
    const set = await h.call('PUT', '/v1/lifecycle/webhook', { url: game.url }, h.secretKey);
    expect(set.statusCode).to.equal(200);
    h.clock.now += 1000;
    const b = await h.buy('google-play', 'ann');
    await h.consume(b);
    h.google.refund(b.token, 1);
    await h.notify('google-play', h.google.voidedNotification(b.token, 1));
    await runJobs(6);

    const delivered = game.received.filter((r) => r.answered === 200);
    expect(delivered.map((r) => r.type).sort()).to.deep.equal(['purchase.consumed', 'purchase.revoked', 'purchase.verified']);
    const revoked = game.received.filter((r) => r.type === 'purchase.revoked');
    expect(revoked.filter((r) => r.answered === 200), 'delivered once').to.have.length(1);
    // The failed deliveries are retried with the same event id: the game server dedupes on it.
    expect(revoked.map((r) => r.answered)).to.deep.equal([500, 503, 200]);
    expect(new Set(revoked.map((r) => r.eventId)).size).to.equal(1);
    for (const r of game.received) expect(verifyWebhook(h.secretKey, r.body, r.signature, h.clock.now, 3600)).to.equal(true);
    const body = JSON.parse(revoked[0]!.body) as { id: string; purchase: { purchaseId: string; state: string }; detail: { reason: string; delivered: boolean } };
    expect(body.id).to.equal(revoked[0]!.eventId);
    expect(body.purchase).to.include({ purchaseId: b.purchaseId, state: 'REVOKED' });
    expect(body.detail).to.include({ reason: 'google:FULL_REFUND', delivered: true });

    const log = await h.call('GET', `/v1/lifecycle/webhook/deliveries?purchaseId=${b.purchaseId}`, undefined, h.secretKey);
    const entries = log.json<{ deliveries: { type: string; delivered: boolean; attempts: number }[] }>().deliveries;
    expect(entries.every((e) => e.delivered)).to.equal(true);
    expect(entries.reduce((n, e) => n + e.attempts, 0)).to.equal(game.received.length);

    // Nothing is sent twice once delivered, however often the job runs.
    const count = game.received.length;
    await runJobs(3);
    expect(game.received).to.have.length(count);
  });

  it('a pending purchase resolved by the store re-query sends purchase.verified and purchase.pending_resolved', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    game = await startGameServer();
    await h.call('PUT', '/v1/lifecycle/webhook', { url: game.url }, h.secretKey);
    h.clock.now += 1000;
    const b = await h.buy('google-play', 'bob', { pending: true });
    h.google.completePending(b.token);
    await runJobs(2);
    expect((await h.purchase(b.purchaseId)).state).to.equal('VERIFIED');
    expect(game.received.map((r) => r.type).sort()).to.deep.equal(['purchase.pending_resolved', 'purchase.verified']);
  });

  it('a console re-delivery sends purchase.verified again with a new event id and stamps the request', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    game = await startGameServer();
    await h.call('PUT', '/v1/lifecycle/webhook', { url: game.url }, h.secretKey);
    h.clock.now += 1000;
    const b = await h.buy('app-store', 'cid');
    await h.consume(b);
    await runJobs(1);
    await performAction(h.db, 'redeliver', { purchaseId: b.purchaseId, actor: 'agent@example.com', reason: 'item missing', ip: null }, h.clock.now);
    await runJobs(2);
    const verified = game.received.filter((r) => r.type === 'purchase.verified');
    expect(verified).to.have.length(2);
    expect(verified[0]!.eventId).to.not.equal(verified[1]!.eventId);
    const request = await h.db.get<{ webhook_sent_at: number | null }>('SELECT webhook_sent_at FROM console_redeliveries WHERE purchase_id = ?', [b.purchaseId]);
    expect(request?.webhook_sent_at).to.be.a('number');
  });

  it('backs off between attempts and gives up after maxAttempts, keeping the log', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores, options: { webhooks: { timeoutMs: 2000, maxAttempts: 3, baseBackoffMs: 60_000, maxBackoffMs: 3600_000, batch: 50, lookbackMs: 86_400_000 } } });
    game = await startGameServer({ 'purchase.verified': [500, 500, 500, 500] });
    await h.call('PUT', '/v1/lifecycle/webhook', { url: game.url }, h.secretKey);
    h.clock.now += 1000;
    const b = await h.buy('app-store', 'dee');
    await h.app.lifecycle.scheduler.tick();
    expect(game.received).to.have.length(1);
    h.clock.now += 30_000;
    await h.app.lifecycle.scheduler.tick();
    expect(game.received, 'still inside the 60 s backoff').to.have.length(1);
    h.clock.now += 31_000;
    await h.app.lifecycle.scheduler.tick();
    expect(game.received).to.have.length(2);
    h.clock.now += 10 * 60_000;
    await h.app.lifecycle.scheduler.tick();
    h.clock.now += 10 * 60_000;
    await h.app.lifecycle.scheduler.tick();
    expect(game.received, 'dead after 3 attempts').to.have.length(3);
    const log = (await h.call('GET', `/v1/lifecycle/webhook/deliveries?purchaseId=${b.purchaseId}`, undefined, h.secretKey)).json<{ deliveries: { attempts: number; dead: boolean; delivered: boolean; log: { status: number }[] }[] }>();
    expect(log.deliveries).to.have.length(1);
    expect(log.deliveries[0]).to.deep.include({ attempts: 3, dead: true, delivered: false });
    expect(log.deliveries[0]!.log.map((l) => l.status)).to.deep.equal([500, 500, 500]);
  });

  it('refuses a webhook URL that is not absolute http(s)', async () => {
    h = await LifecycleHarness.start({ ...engine(), stores });
    game = await startGameServer();
    const res = await h.call('PUT', '/v1/lifecycle/webhook', { url: 'ftp://example.com/x' }, h.secretKey);
    expect(res.statusCode).to.equal(400);
    expect(res.json().error.code).to.equal('WEBHOOK_URL_INVALID');
    expect((await h.call('PUT', '/v1/lifecycle/webhook', { url: game.url }, 'cbsk_wrong')).json().error.code).to.equal('APP_SECRET_INVALID');
  });
});
