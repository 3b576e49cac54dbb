import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { HttpClient } from '../../server/src/conformance/http-client';
import { TargetApp, type Session } from '../../server/src/conformance/target-app';
import { WebhookReceiver } from '../../server/src/conformance/webhook-receiver';
import { startAppStoreSimulator, type AppStoreSimulator } from '../simulators/app-store';
import { ADMIN_TOKEN, startLocalTarget, type LocalTarget } from '../conformance/support';
import { requirePromtool } from '../support/environment';
import { parsePrometheusText, type Exposition } from '../support/prometheus-text';
import { forEachEngine } from './support/engines';

function promtoolProblems(promtool: string, text: string): string[] {
  try {
    execFileSync(promtool, ['check', 'metrics'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] });
    return [];
  } catch (error) {
    const e = error as { status?: number; stdout?: Buffer; stderr?: Buffer };
    // 3: lint problems only (listed); 1: the text did not parse.
    if (e.status !== 3) throw error;
    return `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`.split('\n').filter(Boolean);
  }
}

forEachEngine('/metrics (prom-client): each metric moves when its event happens', (engine) => {
  let target: LocalTarget;
  let app: TargetApp;
  let user: Session;
  let apple: AppStoreSimulator;
  let receiver: WebhookReceiver | undefined;

  before(async function () {
    this.timeout(30_000);
    target = await startLocalTarget(engine());
    app = new TargetApp(new HttpClient(target.url), ADMIN_TOKEN);
    await app.create();
    user = await app.login(app.user('metrics'));
    apple = await startAppStoreSimulator({ bundleId: 'com.example.metrics' });
  });
  after(async () => {
    await receiver?.close();
    await apple?.close();
    await target?.close();
  });

  async function scrape(): Promise<Exposition & { text: string }> {
    const response = await fetch(`${target.url}/metrics`);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    return { ...parsePrometheusText(text), text };
  }

  it('is valid exposition text for a strict parser and for promtool check metrics', async function () {
    const promtool = requirePromtool(this);
    await user.buyVerified();
    const { text, types } = await scrape();
    expect(types.get('http_request_duration_seconds')).to.equal('histogram');
    // promtool parses the exposition from stdin and lints it; it exits 1 on a parse error and 3
    // on lint problems. The only problems allowed are in prom-client's default Node.js gauges
    // (nodejs_active_*_total); every billing_* and http_* metric must be clean.
    const problems = promtoolProblems(promtool, text);
    expect(problems.filter((p) => !/^nodejs_active_\w+_total non-counter metrics should not have "_total" suffix$/.test(p))).to.deep.equal([]);
  });

  it('counts verifications by market and outcome code, and HTTP latency by route', async () => {
    const before = await scrape();
    const { store } = await user.buyVerified();
    const forged = await user.submit({ ...store.receipt, originalJson: store.receipt.originalJson.replace('"quantity":1', '"quantity":9') });
    expect(forged.code).to.equal('RECEIPT_SIGNATURE_INVALID');
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => after.sum(name, labels) - before.sum(name, labels);
    expect(delta('billing_verifications_total', { market: 'sandbox', code: 'OK' })).to.equal(1);
    expect(delta('billing_verifications_total', { market: 'sandbox', code: 'RECEIPT_SIGNATURE_INVALID' })).to.equal(1);
    expect(delta('http_request_duration_seconds_count', { method: 'POST', route: '/v1/receipts' })).to.equal(2);
    expect(delta('http_requests_total', { method: 'POST', route: '/v1/receipts', status: '400' })).to.equal(1);
  });

  it('counts consume outcomes: first, repeat and the error code', async () => {
    const { purchase, paymentToken } = await user.buyVerified();
    const before = await scrape();
    expect((await app.consume(purchase.purchaseId, paymentToken)).body.alreadyConsumed).to.equal(false);
    expect((await app.consume(purchase.purchaseId, paymentToken)).body.alreadyConsumed).to.equal(true);
    const wrong = await app.consume(purchase.purchaseId, 'not-the-payment-token');
    const after = await scrape();
    const delta = (result: string) => after.sum('billing_consumes_total', { result }) - before.sum('billing_consumes_total', { result });
    expect([delta('first'), delta('repeat'), delta(wrong.code!)]).to.deep.equal([1, 1, 1]);
  });

  it('shows the watchdog backlog and the oldest unfinished purchase\u2019s age per market, and drops them once finished', async () => {
    const fresh = await app.login(app.user('backlog'));
    const before = (await scrape()).value('billing_watchdog_backlog', { market: 'sandbox' }) ?? 0;
    const { purchase } = await fresh.buyVerified();
    const during = await scrape();
    expect(during.value('billing_watchdog_backlog', { market: 'sandbox' })).to.equal(before + 1);
    expect(during.value('billing_oldest_unfinished_purchase_age_seconds', { market: 'sandbox' })).to.be.within(0, 3600);
    // Every purchase of the earlier tests is finished at the store too: the backlog empties.
    for (const p of await app.purchasesOf(user.userKey)) await user.call('POST', `/v1/purchases/${p.purchaseId}/finished`);
    expect((await fresh.call('POST', `/v1/purchases/${purchase.purchaseId}/finished`)).status).to.equal(200);
    const after = await scrape();
    expect(after.value('billing_watchdog_backlog', { market: 'sandbox' })).to.equal(undefined);
    expect(after.value('billing_oldest_unfinished_purchase_age_seconds', { market: 'sandbox' })).to.equal(undefined);
  });

  it('counts store notifications by market, store event type and outcome', async () => {
    const enabled = await app.admin('PUT', `/v1/admin/apps/${app.appKey}/markets/app-store`, { enabled: true, config: apple.marketConfig({ serverApi: false }) });
    expect(enabled.status, JSON.stringify(enabled.body)).to.equal(200);
    const before = await scrape();
    const test = await app.http.call('POST', '/v1/notifications/app-store', { body: apple.notification('TEST') });
    expect(test.status, JSON.stringify(test.body)).to.equal(200);
    const bad = await app.http.call('POST', '/v1/notifications/app-store', { body: { signedPayload: 'not-a-jws' } });
    const after = await scrape();
    const delta = (labels: Record<string, string>) => after.sum('billing_notifications_total', labels) - before.sum('billing_notifications_total', labels);
    expect(delta({ market: 'app-store', type: 'TEST', outcome: (test.body as { status: string }).status })).to.equal(1);
    expect(delta({ market: 'app-store', type: 'unknown', outcome: bad.code! })).to.equal(1);
  });

  it('measures webhook failures and the delivery lag once the game server answers', async function () {
    this.timeout(30_000);
    receiver = await WebhookReceiver.start('127.0.0.1', '127.0.0.1');
    receiver.secret = app.secretKey;
    receiver.up = false;
    await app.http.call('PUT', '/v1/lifecycle/webhook', { body: { url: receiver.url }, headers: { authorization: `Bearer ${app.secretKey}` } });
    const before = await scrape();
    const { purchase } = await user.buyVerified();
    expect(await receiver.waitFor(() => receiver!.of(purchase.purchaseId).length > 0, 10_000)).to.equal(true);
    const down = await scrape();
    expect(down.sum('billing_webhook_failures_total', { reason: 'http-5xx' }) - before.sum('billing_webhook_failures_total', { reason: 'http-5xx' })).to.be.greaterThan(0);
    receiver.up = true;
    expect(await receiver.waitFor(() => receiver!.of(purchase.purchaseId).some((r) => r.answered === 200), 10_000)).to.equal(true);
    const up = await scrape();
    expect(up.sum('billing_webhook_delivery_lag_seconds_count') - before.sum('billing_webhook_delivery_lag_seconds_count')).to.be.greaterThan(0);
    expect(up.sum('billing_webhook_attempts_total', { outcome: 'delivered' }) - before.sum('billing_webhook_attempts_total', { outcome: 'delivered' })).to.be.greaterThan(0);
    expect(up.sum('billing_webhook_delivery_lag_seconds_sum') - before.sum('billing_webhook_delivery_lag_seconds_sum')).to.be.greaterThan(0);
  });

  it('measures group-commit batch sizes and sync times', async () => {
    const before = await scrape();
    await Promise.all([user.buyVerified(), user.buyVerified(), user.buyVerified()]);
    const after = await scrape();
    const writes = after.sum('billing_group_commit_batch_size_sum') - before.sum('billing_group_commit_batch_size_sum');
    const batches = after.sum('billing_group_commit_batch_size_count') - before.sum('billing_group_commit_batch_size_count');
    expect(batches).to.be.greaterThan(0);
    expect(writes).to.be.at.least(batches).and.at.least(6);
    expect(after.sum('billing_group_commit_sync_seconds_count') - before.sum('billing_group_commit_sync_seconds_count')).to.be.greaterThan(0);
  });
});
