import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Entitlement, EntitlementsResponse } from '../../assets/common-billing/protocol/entitlements';
import { DEFAULT_SANDBOX_SUBSCRIPTION_CLOCK } from '../../server/src/markets/sandbox/config';
import { CHROMIUM_ARGS, requireChromium } from '../support/environment';
import { ensureDemoBuilt, startDemoServer, type DemoServer } from './support/demo-server';

/**
 * The premium pass's life in the web demo (issue #16), in real Chromium against the real billing
 * server: buy it, watch it renew twice on the sandbox store's accelerated clock, fail to renew,
 * enter grace, go on hold and expire. The server's clock is driven by the test and the store's
 * clock job is run through the lifecycle scheduler, so nothing waits on wall time; the page is
 * polled (bounded) until it shows what the server says. Asserted: what the page shows AND what
 * GET /v1/users/{userKey}/entitlements answers the game server.
 */
const ARTIFACTS = join(__dirname, '..', 'artifacts', 'demo');
const { periodMs: PERIOD, graceMs: GRACE, holdMs: HOLD } = DEFAULT_SANDBOX_SUBSCRIPTION_CLOCK;

describe('web demo in Chromium: the premium pass renews, fails, goes into grace and expires', function () {
  this.timeout(180_000);
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  const clock = { now: Date.now() };

  before(async function () {
    const executablePath = requireChromium(this);
    ensureDemoBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startDemoServer({ clock });
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 760, height: 1200 } });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const text = async (page: Page, id: string) => (await page.getByTestId(id).textContent())?.trim() ?? '';
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const iso = (ms: number) => new Date(ms).toISOString();

  /** What the game server reads (app secret). */
  async function vip(userKey: string): Promise<Entitlement | undefined> {
    const res = await fetch(`${server.url}/v1/users/${encodeURIComponent(userKey)}/entitlements`, { headers: { 'x-app-key': 'gas-station-demo', authorization: `Bearer ${server.appSecret}` } });
    expect(res.status).to.equal(200);
    const answer = (await res.json()) as EntitlementsResponse;
    expect(answer.asOf).to.equal(iso(clock.now));
    return answer.entitlements.find((e) => e.group === 'vip');
  }

  /** The server's clock moves to `ms`, and the lifecycle jobs (the store's clock among them) run once. */
  async function moveClockTo(ms: number): Promise<void> {
    clock.now = ms;
    await server.app.lifecycle.scheduler.tick();
  }

  /** Bounded wait until the page shows the pass in `state` (with `expiresAt`, when given). */
  async function passShows(page: Page, state: string, expiresAt?: string): Promise<void> {
    try {
      await page.waitForFunction(([want, expires]) => {
        const line = document.querySelector<HTMLElement>('[data-testid="premium"]');
        return line?.dataset.state === want && (expires === null || line.dataset.expiresAt === expires);
      }, [state, expiresAt ?? null] as const, { timeout: 20_000 });
    } catch (error) {
      const line = page.getByTestId('premium');
      throw new Error(`the page shows ${await line.getAttribute('data-state')} / ${await line.getAttribute('data-expires-at')} ("${await line.innerText()}"), ` +
        `not ${state} / ${expiresAt ?? 'any'}; the game says: ${await page.getByTestId('log').innerText()}`, { cause: error });
    }
  }

  it('buy, renew ×2, fail to renew → grace (double gas still on) → hold → expired (double gas off)', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
    await page.goto(`${server.url}/demo/`);
    await page.getByTestId('buy-premium').and(page.locator(':enabled')).waitFor();
    const userKey = await text(page, 'player');
    expect(await text(page, 'premium')).to.equal('No premium pass');

    // Buy the pass on the sandbox store's sheet.
    const boughtAt = clock.now;
    await page.getByTestId('buy-premium').click();
    await page.getByTestId('store-dialog').waitFor({ state: 'visible' });
    expect(await text(page, 'store-price')).to.equal('4.99 USD');
    await page.getByTestId('choice-approve').click();
    await passShows(page, 'ACTIVE', iso(boughtAt + PERIOD));
    expect(await text(page, 'premium')).to.equal(`Premium pass: active · ${PERIOD / 1000} s left, renews`);
    expect(await page.getByTestId('premium-badge').isVisible()).to.equal(true);
    expect(await page.getByTestId('buy-premium').isDisabled()).to.equal(true);
    expect(await vip(userKey)).to.include({ productId: 'premium_pass', state: 'ACTIVE', active: true, expiresAt: iso(boughtAt + PERIOD), autoRenew: true, market: 'sandbox' });

    // Double gas while it is active.
    await page.getByTestId('buy-gas').click();
    await page.getByTestId('choice-approve').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="fuel"]')?.textContent === '30');
    await page.getByTestId('log').locator('li', { hasText: 'doubled by your premium pass' }).first().waitFor();
    await shot(page, 'premium-01-active');

    // Two renewals on the store's accelerated clock.
    await moveClockTo(boughtAt + PERIOD + 1_000);
    await passShows(page, 'ACTIVE', iso(boughtAt + 2 * PERIOD));
    await page.getByTestId('log').locator('li', { hasText: 'Premium pass renewed' }).first().waitFor();
    expect(await vip(userKey)).to.include({ state: 'ACTIVE', expiresAt: iso(boughtAt + 2 * PERIOD) });
    await moveClockTo(boughtAt + 2 * PERIOD + 1_000);
    await passShows(page, 'ACTIVE', iso(boughtAt + 3 * PERIOD));
    expect(await vip(userKey)).to.include({ state: 'ACTIVE', expiresAt: iso(boughtAt + 3 * PERIOD) });
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="desk-pass-detail"]')?.dataset.renewals === '2');
    await shot(page, 'premium-02-renewed-twice');

    // The store desk scripts the next renewal to fail: grace, then hold, then expiry.
    await page.getByTestId('desk-pass-fail-expire').click();
    await page.getByTestId('log').locator('li', { hasText: 'Store desk: premium pass fail then expire' }).first().waitFor();
    await moveClockTo(boughtAt + 3 * PERIOD + 1_000);
    await passShows(page, 'IN_GRACE');
    expect(await text(page, 'premium')).to.match(/^Premium pass: payment failed, grace period/);
    expect(await page.getByTestId('premium-badge').isVisible()).to.equal(true);
    expect(await vip(userKey)).to.include({ state: 'IN_GRACE', active: true });
    await page.getByTestId('buy-gas').click();
    await page.getByTestId('choice-approve').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="fuel"]')?.textContent === '50');
    await shot(page, 'premium-03-grace');

    await moveClockTo(boughtAt + 3 * PERIOD + GRACE + 1_000);
    await passShows(page, 'ON_HOLD');
    expect(await vip(userKey)).to.include({ state: 'ON_HOLD', active: false });

    await moveClockTo(boughtAt + 3 * PERIOD + GRACE + HOLD + 1_000);
    await passShows(page, 'EXPIRED');
    expect(await text(page, 'premium')).to.equal('Premium pass: expired');
    expect(await page.getByTestId('premium-badge').isVisible()).to.equal(false);
    expect(await vip(userKey)).to.include({ state: 'EXPIRED', active: false });
    await page.getByTestId('log').locator('li', { hasText: 'Premium pass expired' }).first().waitFor();

    // Back to normal gas, and the pass can be bought again.
    await page.getByTestId('buy-gas').click();
    await page.getByTestId('choice-approve').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="fuel"]')?.textContent === '60');
    await page.getByTestId('buy-premium').and(page.locator(':enabled')).waitFor();
    await shot(page, 'premium-04-expired');
  });
});
