import { expect } from 'chai';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../support/environment';
import { buildConsoleUi } from './support/build';
import { APP_KEY, startConsoleServer, type ConsoleServer } from './support/console-server';
import { paidPurchase } from './support/fixtures';
import { generatePurchase, insertPurchases, random } from './support/purchases';
import { listSubscriptionEvents } from '../../server/src/storage/repos/subscriptions';
import { applyStoreStatements } from './support/subscriptions';

/** The console in real Chromium against the real server (SQLite on 127.0.0.1): what an agent sees and what the server recorded. */
const ARTIFACTS = join(__dirname, '..', 'artifacts', 'console');
const DAY = 86_400_000;

describe('support console in Chromium', function () {
  this.timeout(120_000);
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  let password: string;
  let known: { purchaseId: string; storeTransactionId: string; purchaseToken: string };
  let subscriptionId: string;
  let passPurchase: { purchaseId: string };

  before(async function () {
    const executablePath = requireChromium(this);
    buildConsoleUi();
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startConsoleServer('sqlite');
    const rnd = random(42);
    await insertPurchases(server.db, Array.from({ length: 600 }, (_, i) => generatePurchase(i, rnd, APP_KEY, server.clock.now - 3600_000, 30, 80)));
    known = await paidPurchase(server.db, { userKey: 'player-kim', at: server.clock.now - 2 * 3600_000, consumed: true, storeFinished: true });
    await paidPurchase(server.db, { userKey: 'player-kim', market: 'one-store', productId: 'coins_1000', at: server.clock.now - 60 * 3600_000 });
    // Kim's premium pass on the App Store, written by the subscription core itself: bought, renewed
    // once (charged 4.99 USD), then the renewal failed and the store keeps access (grace).
    const now = server.clock.now;
    const pass = { market: 'app-store', chainKey: '3000001', marketProductId: 'premium_pass', autoRenew: true };
    passPurchase = await paidPurchase(server.db, { userKey: 'player-kim', market: 'app-store', productId: 'premium_pass', productType: 'subscription', at: now - 40 * DAY });
    subscriptionId = await applyStoreStatements(server.db, { userKey: 'player-kim', purchaseId: passPurchase.purchaseId }, [
      { at: now - 40 * DAY, cause: { source: 'receipt' }, snapshot: { ...pass, state: 'ACTIVE', periodStartMs: now - 40 * DAY, periodEndMs: now - 10 * DAY,
        periodTransactionId: '3000001', charged: { priceMicros: 4_990_000, currency: 'USD' } } },
      { at: now - 10 * DAY, cause: { source: 'notification', notificationId: 'n-renew-1', event: 'RENEWED', storeType: 'DID_RENEW', eventTimeMs: now - 10 * DAY },
        snapshot: { ...pass, state: 'ACTIVE', periodStartMs: now - 10 * DAY, periodEndMs: now - DAY, periodTransactionId: '3000002', charged: { priceMicros: 4_990_000, currency: 'USD' } } },
      // The store's notification reached the server an hour after the store's event time.
      { at: now - DAY + 3600_000, cause: { source: 'notification', notificationId: 'n-grace-1', event: 'GRACE_STARTED', storeType: 'DID_FAIL_TO_RENEW/GRACE_PERIOD', eventTimeMs: now - DAY },
        snapshot: { ...pass, state: 'IN_GRACE', periodStartMs: now - 10 * DAY, periodEndMs: now - DAY, graceEndMs: now + 15 * DAY } },
    ]);
    password = await server.account('agent@example.com', 'support');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // Clear re-renders the form on the hash change, after the click returns: typing before that
  // would fill the old form, which the new, empty one then replaces.
  const clearSearch = async () => {
    await page.click('#search-form button[type=button]');
    await page.waitForFunction(() => location.hash === '#/search'
      && ['#f-userKey', '#f-orderId'].every((id) => (document.querySelector(id) as HTMLInputElement | null)?.value === ''));
  };
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const resultIds = () => page.locator('table.grid tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-purchase-id')));

  it('signs in', async function () {
    await page.goto(`${server.baseUrl}/console/`);
    await page.locator('#signin-email').waitFor();
    await shot('01-sign-in');
    await page.fill('#signin-email', 'agent@example.com');
    await page.fill('#signin-password', 'wrong-password');
    await page.click('form.signin button[type=submit]');
    await expect(await page.locator('.error').textContent({ timeout: 10_000 })).to.include('The email or the password is wrong');
    await page.fill('#signin-password', password);
    await page.click('form.signin button[type=submit]');
    await page.locator('.topbar .who').waitFor();
    expect(await page.locator('.topbar .who').textContent()).to.equal('agent@example.com · support');
    await page.locator('table.grid tbody tr').first().waitFor();
    await shot('02-search-all');
  });

  it('searches by user key, by order id and by market + state', async function () {
    await page.fill('#f-userKey', 'player-kim');
    await page.click('#search-form button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('table.grid tbody tr').length === 3);
    const ids = await resultIds();
    expect(ids).to.include(known.purchaseId);
    await shot('03-search-user');

    await clearSearch();
    await page.fill('#f-orderId', known.storeTransactionId);
    await page.click('#search-form button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('table.grid tbody tr').length === 1);
    expect(await resultIds()).to.deep.equal([known.purchaseId]);

    await clearSearch();
    await page.selectOption('#f-market', 'one-store');
    await page.selectOption('#f-state', 'REVOKED');
    await page.click('#search-form button[type=submit]');
    await page.waitForURL(/market=one-store&state=REVOKED/);
    // The page re-renders on the hash change, after the URL moved: wait for the new results (the
    // old page's rows are still there for a moment), i.e. the expected number of one-store rows.
    const expected = Math.min(50, Number((await server.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM purchases WHERE market = 'one-store' AND state = 'REVOKED'"))!.n));
    await page.waitForFunction((n) => {
      const trs = Array.from(document.querySelectorAll('table.grid tbody tr'));
      return trs.length === n && trs.every((tr) => tr.querySelectorAll('td')[3]?.textContent === 'one-store');
    }, expected);
    const rows = await page.locator('table.grid tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    expect(rows.length).to.equal(expected);
    for (const cells of rows) expect([cells[3], cells[5]]).to.deep.equal(['one-store', 'REVOKED']);
  });

  it('downloads the CSV of the current search with the same rows', async function () {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-export')]);
    const file = await download.path();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    const expected = await server.db.all<{ purchase_id: string }>(
      "SELECT purchase_id FROM purchases WHERE market = 'one-store' AND state = 'REVOKED' ORDER BY created_at DESC, purchase_id DESC");
    expect(lines[0]).to.match(/^purchase_id,created_at,user_key,market/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).to.deep.equal(expected.map((r) => r.purchase_id));
    expect(download.suggestedFilename()).to.match(/^payments-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it('opens a detail, re-delivers with a reason and sees the audit entry', async function () {
    await page.goto(`${server.baseUrl}/console/#/search?userKey=player-kim`);
    await page.locator(`tr[data-purchase-id="${known.purchaseId}"] a`).click();
    await page.locator('#timeline li').first().waitFor();
    expect(await page.locator('#timeline .badge.kind').allTextContents()).to.deep.equal(['reservation', 'verification', 'consume', 'store-finish']);
    expect(await page.locator('#receipt').textContent()).to.include('[redacted]');
    await shot('04-detail');
    await page.click('button[data-action=redeliver]');
    await page.fill('#action-reason', 'Ticket 8812: gas never arrived after payment');
    await shot('05-redeliver-reason');
    await page.click('form.reason-form button[type=submit]');
    await page.locator('#audit tbody tr').first().waitFor();
    const audit = await page.locator('#audit tbody tr td').allTextContents();
    expect(audit.slice(1)).to.deep.equal(['agent@example.com', 'redeliver', 'Ticket 8812: gas never arrived after payment']);
    expect(await page.locator('.detail-head .badge.flag').textContent()).to.equal('Re-delivery requested');
    const row = await server.db.get<{ state: string; delivered_at: number | null }>('SELECT state, delivered_at FROM purchases WHERE purchase_id = ?', [known.purchaseId]);
    expect(row).to.deep.equal({ state: 'VERIFIED', delivered_at: null });
    await shot('06-after-redeliver');
  });

  it('shows the queues', async function () {
    await page.click('.topbar nav a[href="#/queues"]');
    await page.locator('#queue-deadline table, #queue-deadline p.empty').first().waitFor();
    expect(await page.locator('#queue-deadline tbody tr').count()).to.be.greaterThan(0);
    await shot('07-queues');
  });

  it('shows the revenue chart and counts by state', async function () {
    const to = new Date(server.clock.now).toISOString().slice(0, 10);
    const from = new Date(server.clock.now - 29 * DAY).toISOString().slice(0, 10);
    await page.goto(`${server.baseUrl}/console/#/stats?from=${from}&to=${to}`);
    await page.locator('svg.chart').first().waitFor();
    const currencies = await page.locator('svg.chart').evaluateAll((svgs) => svgs.map((s) => s.getAttribute('data-currency')));
    expect(currencies).to.deep.equal(['KRW', 'USD']);
    const bars = await page.locator('svg.chart rect[data-market]').evaluateAll((rects) => rects.map((r) => r.getAttribute('data-market')));
    expect(bars.length).to.be.greaterThan(20);
    expect(bars).not.to.include('sandbox');
    expect(await page.locator('#counts tbody tr').count()).to.be.greaterThan(3);
    await shot('08-stats');
  });

  it('finds a subscription by its original transaction id, opens the player and sees the timeline and the counts', async function () {
    const now = () => server.clock.now;
    await page.goto(`${server.baseUrl}/console/#/search`);
    // Found by its label and submitted from the keyboard.
    await page.getByLabel('Subscription: original transaction id or token').fill('3000001');
    await page.keyboard.press('Enter');
    await page.waitForURL(/subscriptionKey=3000001/);
    await page.locator('#subscription-results tbody tr').first().waitFor();
    expect(await page.locator('#subscription-results tbody tr').count()).to.equal(1);
    await shot('10-subscription-search');
    await page.locator('#subscription-results a.player-link').focus();
    await page.keyboard.press('Enter');
    await page.locator('article.subscription').first().waitFor();
    expect(await page.locator('article.subscription h4 .badge').textContent()).to.equal('IN_GRACE');
    expect(await page.locator('.sub-periods tbody tr td.mono').allTextContents()).to.deep.equal(['3000001', '3000002']);
    // Every event the core recorded, in its order, ending in grace.
    const recorded = await listSubscriptionEvents(server.db, subscriptionId);
    expect(recorded.length).to.be.greaterThan(2);
    expect(recorded[recorded.length - 1]!.to_state).to.equal('IN_GRACE');
    expect(await page.locator('.sub-events .badge.kind').allTextContents()).to.deep.equal(recorded.map((e) => e.type));
    const lastEvent = await page.locator('.sub-events li').last().textContent();
    expect(lastEvent).to.include(`recorded ${new Date(now() - DAY + 3600_000).toISOString().slice(0, 19).replace('T', ' ')}`);
    // The game's answer: the VIP entitlement is still granted in grace.
    const vipRow = await page.locator('#entitlements tr[data-group="vip"] td').allTextContents();
    expect(vipRow.slice(0, 5)).to.deep.equal(['vip', 'premium_pass', 'subscription', 'IN_GRACE', 'yes']);
    // The game's answer for the player, as of the server's clock.
    expect(await page.locator('#entitlements h3 .meta').first().textContent()).to.equal(` · as of ${new Date(now()).toISOString().replace('T', ' ').replace('.000Z', '')}`);
    await shot('11-player-timeline');

    // A renewal's transaction id names no payment: the payment search says which subscription it belongs to.
    await page.goto(`${server.baseUrl}/console/#/search?storeTransactionId=3000002`);
    await page.locator('#subscription-results tbody tr').waitFor();
    expect(await page.locator('p.empty').textContent()).to.equal('No payments match.');
    expect(await page.locator(`#subscription-results tr[data-subscription-id="${subscriptionId}"] a.player-link`).textContent()).to.equal('player-kim');

    // The payment that started the subscription shows its timeline too, and links to the player.
    await page.goto(`${server.baseUrl}/console/#/purchase/${passPurchase.purchaseId}`);
    await page.locator('#entitlements article.subscription').waitFor();
    expect(await page.locator('#entitlements article.subscription').getAttribute('data-subscription-id')).to.equal(subscriptionId);
    expect(await page.locator('#entitlements .sub-periods tbody tr').count()).to.equal(2);
    await shot('12-payment-with-subscription');
    // Another payment of the same player: the entitlement answer and the link, no timeline.
    await page.goto(`${server.baseUrl}/console/#/purchase/${known.purchaseId}`);
    await page.locator('#player-link').waitFor();
    expect(await page.locator('#entitlements article.subscription').count()).to.equal(0);
    await page.locator('#player-link').click();
    await page.locator('article.subscription').first().waitFor();

    await page.click('.topbar nav a[href="#/subscriptions"]');
    await page.locator('.topbar nav a.active[href="#/subscriptions"]').waitFor();
    // The server's clock is not the browser's: the period is the 30 days up to the server's today.
    await page.goto(`${server.baseUrl}/console/#/subscriptions?from=${new Date(now() - 29 * DAY).toISOString().slice(0, 10)}&to=${new Date(now()).toISOString().slice(0, 10)}`);
    await page.locator('#subscription-counts tbody tr').first().waitFor();
    const row = page.locator('#subscription-counts tr[data-product="premium_pass"][data-market="app-store"][data-test="false"] td');
    const cells = await row.allTextContents();
    // product, market, env, active, in grace, on hold, paused, canceled, expired, revoked
    expect(cells).to.deep.equal(['premium_pass', 'app-store', 'production', '0', '1', '0', '0', '0', '0', '0']);
    expect(await page.locator('#subscription-revenue svg.chart').count()).to.equal(1);
    await shot('13-subscriptions-panel');
  });

  it('switches to Korean and back', async function () {
    await page.click('#lang-switch');
    expect(await page.locator('.topbar nav a').first().textContent()).to.equal('결제 내역');
    await page.click('.topbar nav a[href="#/search"]');
    // The search page replaces the subscriptions page on the hash change: wait for its form and rows.
    await page.waitForFunction(() => location.hash === '#/search' && document.querySelector('#search-form') !== null
      && document.querySelectorAll('.results table.grid tbody tr').length > 0);
    expect(await page.locator('table.grid th').first().textContent()).to.equal('생성 시각 (UTC)');
    await shot('09-search-korean');
    await page.click('#lang-switch');
    expect(await page.locator('.topbar nav a').first().textContent()).to.equal('Payments');
  });

  it('signs out', async function () {
    await page.click('#sign-out');
    await page.locator('#signin-email').waitFor();
    const me = await page.evaluate(async () => (await fetch('/console/api/me')).status);
    expect(me).to.equal(401);
  });
});
