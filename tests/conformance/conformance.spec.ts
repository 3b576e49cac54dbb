import { expect } from 'chai';
import { runConformance } from '../../server/src/conformance/runner';
import { SCENARIOS } from '../../server/src/conformance/scenarios';
import type { ConformanceReport } from '../../server/src/conformance/types';
import { forEachEngine } from '../server/support/engines';
import { ADMIN_TOKEN, FAST_JOBS, startLocalTarget, type LocalTarget } from './support';

const verdicts = (report: ConformanceReport) => Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));

forEachEngine('common-billing conformance against a local server', (engine) => {
  let target: LocalTarget | undefined;
  afterEach(async () => target?.close());

  it('passes every scenario it can run; the ones it cannot are listed as not run, with why', async function () {
    this.timeout(120_000);
    target = await startLocalTarget(engine());
    const report = await runConformance({ url: target.url, adminToken: ADMIN_TOKEN, simulatorHost: '127.0.0.1', bindHost: '127.0.0.1', jobWaitMs: 20_000 });
    const failed = report.results.filter((r) => r.verdict === 'fail').map((r) => `${r.id}: ${r.observed}`);
    expect(failed, failed.join('\n')).to.deep.equal([]);
    expect(report.results.map((r) => r.id)).to.deep.equal(SCENARIOS.map((s) => s.id));
    const notRun = report.results.filter((r) => r.verdict === 'not run');
    expect(notRun.map((r) => r.id).sort()).to.deep.equal(SCENARIOS.filter((s) => !s.run || s.requires?.some((x) => x !== 'simulator-host')).map((s) => s.id).sort());
    for (const r of notRun) expect(r.note, r.id).to.match(/^needs |not built/);
    expect(report.passed).to.equal(SCENARIOS.length - notRun.length).and.to.be.greaterThan(7);
  });

  it('without --simulator-host, the scenarios that need the target to call back are not run (never passed)', async function () {
    this.timeout(60_000);
    target = await startLocalTarget(engine());
    const report = await runConformance({ url: target.url, adminToken: ADMIN_TOKEN, only: ['webhook-down-then-up', 'replay-across-users'] });
    expect(verdicts(report)).to.deep.equal({ 'replay-across-users': 'pass', 'webhook-down-then-up': 'not run' });
    expect(report.results.find((r) => r.id === 'webhook-down-then-up')!.note).to.match(/--simulator-host/);
  });

  it('fails the webhook scenario against a server that gives up on a webhook after one attempt', async function () {
    this.timeout(60_000);
    target = await startLocalTarget(engine(), { webhooks: { ...FAST_JOBS.webhooks!, maxAttempts: 1 } });
    const report = await runConformance({
      url: target.url, adminToken: ADMIN_TOKEN, simulatorHost: '127.0.0.1', bindHost: '127.0.0.1', jobWaitMs: 3_000, only: ['webhook-down-then-up', 'consume-twice-concurrently'],
    });
    expect(verdicts(report)).to.deep.equal({ 'webhook-down-then-up': 'fail', 'consume-twice-concurrently': 'pass' });
    expect(report.results.find((r) => r.id === 'webhook-down-then-up')!.observed).to.match(/0 delivered/);
  });

  it('fails the forged-notification scenario when the app accepts unauthenticated notifications', async function () {
    this.timeout(60_000);
    target = await startLocalTarget(engine());
    const weakened = { 'google-play': { notificationAuth: { mode: 'unauthenticated' } } };
    const report = await runConformance({ url: target.url, adminToken: ADMIN_TOKEN, marketSettings: weakened, only: ['forged-notification', 'replay-across-users'] });
    expect(verdicts(report)).to.deep.equal({ 'forged-notification': 'fail', 'replay-across-users': 'pass' });
    expect(report.results.find((r) => r.id === 'forged-notification')!.observed).to.match(/accepted/);
    const strict = await runConformance({ url: target.url, adminToken: ADMIN_TOKEN, only: ['forged-notification'] });
    expect(verdicts(strict), strict.results[0]!.observed).to.deep.equal({ 'forged-notification': 'pass' });
  });

  it('fails the sandbox-in-production scenario when the Production app refuses App Review\u2019s Sandbox purchases', async function () {
    this.timeout(60_000);
    target = await startLocalTarget(engine());
    const report = await runConformance({ url: target.url, adminToken: ADMIN_TOKEN, marketSettings: { 'app-store': { acceptSandbox: false } }, only: ['sandbox-in-production'] });
    expect(verdicts(report)).to.deep.equal({ 'sandbox-in-production': 'fail' });
    expect(report.results[0]!.observed).to.match(/^Sandbox: RECEIPT_\w+; Production: VERIFIED, production, not test$/);
  });

  it('retires the temporary app: no login is accepted for it afterwards', async function () {
    this.timeout(60_000);
    target = await startLocalTarget(engine());
    await runConformance({ url: target.url, adminToken: ADMIN_TOKEN, only: ['replay-across-users'] });
    const apps = await target.app.billing.db.all<{ app_key: string }>("SELECT app_key FROM apps WHERE app_key LIKE 'conformance-%'");
    expect(apps).to.have.length(1);
    const enabled = await target.app.billing.db.all('SELECT market FROM app_markets WHERE app_key = ? AND enabled = 1', [apps[0]!.app_key]);
    expect(enabled).to.deep.equal([]);
    const login = await fetch(`${target.url}/v1/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-app-key': apps[0]!.app_key }, body: JSON.stringify({ market: 'sandbox', userKey: 'after-the-run' }),
    });
    expect(((await login.json()) as { error: { code: string } }).error.code).to.equal('MARKET_NOT_ENABLED');
  });

  it('refuses to start without a valid admin token, and says so', async function () {
    this.timeout(30_000);
    target = await startLocalTarget(engine());
    const error = await runConformance({ url: target.url, adminToken: 'not-the-admin-token-0123456789' }).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.match(/create the temporary app.*401 UNAUTHENTICATED/);
  });
});
