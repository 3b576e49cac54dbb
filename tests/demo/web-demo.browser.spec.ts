import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../support/environment';
import { ensureConsoleBuilt, ensureDemoBuilt, startDemoServer, DEMO_APP_KEY, type DemoServer } from './support/demo-server';

/**
 * The web demo played in real Chromium against the real billing server (SQLite, 127.0.0.1):
 * what the player sees AND what the server recorded.
 */
const ARTIFACTS = join(__dirname, '..', 'artifacts', 'demo');

interface PurchaseRow {
  purchase_id: string;
  product_id: string;
  state: string;
  environment: string;
  test: number;
  store_finished: number;
}

describe('web demo in Chromium (Gas Station against the billing server)', function () {
  this.timeout(120_000);
  let executablePath: string;
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;

  before(async function () {
    executablePath = requireChromium(this);
    ensureDemoBuilt();
    ensureConsoleBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startDemoServer({ withConsole: true });
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  // A fresh context per test = a fresh browser profile = a new player.
  beforeEach(async () => { context = await browser.newContext({ viewport: { width: 760, height: 1000 } }); });
  afterEach(async () => { await context?.close(); });

  async function openGame(): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
    await page.goto(`${server.url}/demo/`);
    await page.getByTestId('buy-gas').and(page.locator(':enabled')).waitFor();
    return page;
  }
  const text = async (page: Page, id: string) => (await page.getByTestId(id).textContent())?.trim() ?? '';
  const fuel = async (page: Page) => Number(await text(page, 'fuel'));
  const player = (page: Page) => text(page, 'player');
  const rows = (userKey: string) => server.db.all<PurchaseRow>(
    'SELECT purchase_id, product_id, state, environment, test, store_finished FROM purchases WHERE app_key = ? AND user_key = ? ORDER BY created_at',
    [DEMO_APP_KEY, userKey],
  );
  const storeRows = (userKey: string) => server.db.all<{ state: string; product_id: string }>(
    'SELECT state, product_id FROM sandbox_store_purchases WHERE app_key = ? AND user_key = ?', [DEMO_APP_KEY, userKey],
  );
  async function waitForRows(userKey: string, ok: (r: PurchaseRow[]) => boolean): Promise<PurchaseRow[]> {
    for (let i = 0; i < 100; i++) {
      const r = await rows(userKey);
      if (ok(r)) return r;
      await new Promise((done) => setTimeout(done, 100));
    }
    return rows(userKey);
  }
  async function buy(page: Page, button: 'buy-gas' | 'upgrade-car', choice: 'approve' | 'cancel' | 'pending' | 'fail'): Promise<void> {
    await page.getByTestId(button).click();
    try {
      await page.getByTestId('store-dialog').waitFor({ state: 'visible', timeout: 10_000 });
    } catch (error) {
      // Say what the game told the player instead of only "not visible".
      throw new Error(`the store dialog did not open; the game says: ${await page.getByTestId('log').innerText()}`, { cause: error });
    }
    await page.getByTestId(`choice-${choice}`).click();
  }
  async function waitForFuel(page: Page, litres: number): Promise<void> {
    await page.waitForFunction((want) => document.querySelector('[data-testid="fuel"]')?.textContent === String(want), litres);
  }
  const logLine = (page: Page, pattern: RegExp) => page.getByTestId('log').locator('li', { hasText: pattern }).first().waitFor();
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('drives until empty, buys gas, upgrades the car; the server has both purchases consumed and finished', async () => {
    const page = await openGame();
    const userKey = await player(page);
    expect(await fuel(page)).to.equal(10);
    await shot(page, '01-start');
    for (let trip = 1; trip <= 5; trip++) await page.getByTestId('drive').click();
    expect(await fuel(page)).to.equal(0);
    expect(await text(page, 'odometer')).to.equal('50');
    await page.getByTestId('drive').click();
    await logLine(page, /Out of gas/);
    await shot(page, '02-out-of-gas');

    await page.getByTestId('buy-gas').click();
    await page.getByTestId('store-dialog').waitFor({ state: 'visible' });
    expect(await text(page, 'store-price')).to.equal('0.99 USD');
    await shot(page, '03-store-dialog');
    await page.getByTestId('choice-approve').click();
    await waitForFuel(page, 10);

    await buy(page, 'upgrade-car', 'approve');
    await page.getByTestId('upgraded').waitFor({ state: 'visible' });
    expect(await text(page, 'mileage')).to.equal('10');
    expect(await text(page, 'trips-left')).to.equal('10');
    expect(await page.getByTestId('upgrade-car').isDisabled()).to.equal(true);
    await page.getByTestId('drive').click();
    expect(await fuel(page)).to.equal(9);
    await shot(page, '04-upgraded');

    const done = await waitForRows(userKey, (r) => r.filter((p) => p.store_finished === 1).length === 2);
    expect(done.map((p) => [p.product_id, p.state, p.environment, p.test, p.store_finished])).to.deep.equal([
      ['gas', 'CONSUMED', 'sandbox', 1, 1],
      ['car_upgrade', 'CONSUMED', 'sandbox', 1, 1],
    ]);
  });

  it('a canceled purchase charges nothing, grants nothing and says so', async () => {
    const page = await openGame();
    const userKey = await player(page);
    await buy(page, 'buy-gas', 'cancel');
    await logLine(page, /purchase canceled/);
    await page.getByTestId('buy-gas').and(page.locator(':enabled')).waitFor();
    expect(await fuel(page)).to.equal(10);
    expect(await storeRows(userKey)).to.deep.equal([]);
    expect((await rows(userKey)).filter((p) => ['VERIFIED', 'CONSUMED'].includes(p.state))).to.deep.equal([]);
  });

  it('the tab closed after payment: reopened, the purchase is recovered and the gas delivered exactly once', async () => {
    let page = await openGame();
    const userKey = await player(page);
    // The "crash": the store charged, then the tab dies before the receipt reaches the server.
    let paid!: () => void;
    const receiptSent = new Promise<void>((resolve) => { paid = resolve; });
    await page.route('**/v1/receipts', () => paid()); // never answered
    await buy(page, 'buy-gas', 'approve');
    await receiptSent;
    await page.close();
    expect(await storeRows(userKey)).to.deep.equal([{ state: 'purchased', product_id: 'gas' }]);
    expect((await rows(userKey)).map((p) => p.state)).to.deep.equal(['RESERVED']);

    page = await openGame();
    await waitForFuel(page, 20);
    const log = await page.getByTestId('log').textContent();
    expect(log).to.match(/Recovered your Gas purchase/);
    expect(log).to.match(/Delivered from an interrupted purchase: \+10 L of gas!/);
    await shot(page, '05-recovered');
    const settled = await waitForRows(userKey, (r) => r.some((p) => p.store_finished === 1));
    expect(settled.map((p) => [p.product_id, p.state, p.store_finished])).to.deep.equal([['gas', 'CONSUMED', 1]]);

    // Opening it once more changes nothing: delivered once, for good.
    await page.close();
    page = await openGame();
    await page.waitForTimeout(500);
    expect(await fuel(page)).to.equal(20);
    const save = JSON.parse((await page.evaluate(() => localStorage.getItem('gas-station.save'))) ?? '{}') as { appliedPurchaseIds: string[] };
    expect(save.appliedPurchaseIds).to.deep.equal([settled[0]!.purchase_id]);
  });

  it('"pay, then the app crashes": the paid purchase comes back on reload and is delivered once', async () => {
    const page = await openGame();
    const userKey = await player(page);
    await buy(page, 'buy-gas', 'fail');
    await page.getByTestId('log').locator('li.error').first().waitFor();
    expect(await fuel(page)).to.equal(10);
    await page.reload();
    await waitForFuel(page, 20);
    const settled = await waitForRows(userKey, (r) => r.some((p) => p.store_finished === 1));
    expect(settled.map((p) => [p.product_id, p.state])).to.deep.equal([['gas', 'CONSUMED']]);
  });

  it('pay later: shown as pending, delivered when the payment clears; a declined one grants nothing', async () => {
    const page = await openGame();
    const userKey = await player(page);
    await buy(page, 'buy-gas', 'pending');
    await page.getByTestId('pending').waitFor({ state: 'visible' });
    expect(await fuel(page)).to.equal(10);
    await shot(page, '06-pending');
    // Nothing is paid yet: the store holds a pending record, the server has nothing verified.
    expect(await storeRows(userKey)).to.deep.equal([{ state: 'pending', product_id: 'gas' }]);
    expect((await rows(userKey)).filter((p) => ['VERIFIED', 'CONSUMED'].includes(p.state))).to.deep.equal([]);
    await page.getByTestId('pending-approve').click();
    await waitForFuel(page, 20);
    await page.getByTestId('pending').waitFor({ state: 'hidden' });
    // The cleared payment is delivered, then finished at the store; buy again only after that.
    await waitForRows(userKey, (r) => r.some((p) => p.store_finished === 1));

    await buy(page, 'buy-gas', 'pending');
    await page.getByTestId('pending').waitFor({ state: 'visible' });
    await page.getByTestId('pending-decline').click();
    await page.getByTestId('pending').waitFor({ state: 'hidden' });
    await logLine(page, /pending payment was declined/);
    expect(await fuel(page)).to.equal(20);
    const final = await waitForRows(userKey, (r) => r.some((p) => p.store_finished === 1));
    expect(final.filter((p) => ['VERIFIED', 'CONSUMED'].includes(p.state)).map((p) => [p.product_id, p.state])).to.deep.equal([['gas', 'CONSUMED']]);
    expect((await storeRows(userKey)).map((p) => p.state).sort()).to.deep.equal(['canceled', 'consumed']);
    expect(await page.locator('[data-testid="log"] li.warning, [data-testid="log"] li.error').allInnerTexts(), 'no alarming notices').to.deep.equal([]);
  });

  it('support finds the player\u2019s demo purchases in the console', async () => {
    const game = await openGame();
    const userKey = await player(game);
    await buy(game, 'buy-gas', 'approve');
    await waitForFuel(game, 20);
    const [bought] = await waitForRows(userKey, (r) => r.some((p) => p.store_finished === 1));

    const password = await server.consoleAccount('support@example.com');
    const support = await context.newPage();
    await support.setViewportSize({ width: 1280, height: 720 });
    await support.goto(`${server.url}/console/`);
    await support.fill('#signin-email', 'support@example.com');
    await support.fill('#signin-password', password);
    await support.click('form.signin button[type=submit]');
    await support.locator('.topbar .who').waitFor();
    // Sign-in opens an unfiltered search, which lists this purchase too: wait until the filtered
    // search has replaced it before reading the rows.
    const unfiltered = await support.locator('section.results').elementHandle();
    await support.fill('#f-userKey', userKey);
    await support.click('#search-form button[type=submit]');
    await unfiltered!.waitForElementState('hidden');
    await support.locator(`table.grid tbody tr[data-purchase-id="${bought!.purchase_id}"]`).waitFor();
    expect(await support.locator('table.grid tbody tr').count()).to.equal(1);
    await shot(support, '07-console-finds-purchase');
  });
});
