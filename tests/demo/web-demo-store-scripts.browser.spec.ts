import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../support/environment';
import { DEMO_APP_KEY, ensureDemoBuilt, startDemoServer, type DemoServer } from './support/demo-server';

/**
 * The sandbox store's two one-time scripts in the web demo (issue #16), in real Chromium
 * against the real billing server: a duplicate purchase callback is delivered once, and a
 * refund after delivery (the store desk) revokes the purchase on the server and the game
 * takes the car upgrade back.
 */
describe('web demo in Chromium: duplicate store callback and refund after delivery', function () {
  this.timeout(120_000);
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;

  before(async function () {
    const executablePath = requireChromium(this);
    ensureDemoBuilt();
    server = await startDemoServer();
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => { context = await browser.newContext({ viewport: { width: 760, height: 1200 } }); });
  afterEach(async () => { await context?.close(); });

  async function openGame(): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
    await page.goto(`${server.url}/demo/`);
    await page.getByTestId('buy-gas').and(page.locator(':enabled')).waitFor();
    return page;
  }
  const player = async (page: Page) => (await page.getByTestId('player').textContent())?.trim() ?? '';
  async function buy(page: Page, button: string, choice: string): Promise<void> {
    await page.getByTestId(button).and(page.locator(':enabled')).click();
    await page.getByTestId('store-dialog').waitFor({ state: 'visible' });
    await page.getByTestId(`choice-${choice}`).click();
  }
  const fuelIs = (page: Page, litres: number) => page.waitForFunction((want) => document.querySelector('[data-testid="fuel"]')?.textContent === String(want), litres);
  const rows = (userKey: string) => server.db.all<{ product_id: string; state: string }>(
    'SELECT product_id, state FROM purchases WHERE app_key = ? AND user_key = ? ORDER BY created_at', [DEMO_APP_KEY, userKey],
  );
  async function waitForRows(userKey: string, ok: (r: { product_id: string; state: string }[]) => boolean) {
    for (let i = 0; i < 100; i++) {
      const r = await rows(userKey);
      if (ok(r)) return r;
      await new Promise((done) => setTimeout(done, 100));
    }
    return rows(userKey);
  }

  it('"Pay, store calls back twice": one charge, one purchase on the server, the gas delivered once', async () => {
    const page = await openGame();
    const userKey = await player(page);
    await buy(page, 'buy-gas', 'duplicate');
    await fuelIs(page, 20);
    // A second, ordinary purchase afterwards: had the duplicate been delivered again, the tank would show 40.
    await buy(page, 'buy-gas', 'approve');
    await fuelIs(page, 30);
    const done = await waitForRows(userKey, (r) => r.length === 2 && r.every((p) => p.state === 'CONSUMED'));
    expect(done).to.deep.equal([{ product_id: 'gas', state: 'CONSUMED' }, { product_id: 'gas', state: 'CONSUMED' }]);
    expect(await server.db.all('SELECT state FROM sandbox_store_purchases WHERE app_key = ? AND user_key = ?', [DEMO_APP_KEY, userKey])).to.have.length(2);
  });

  it('the store desk refunds the car upgrade after delivery: revoked on the server, taken back in the game', async () => {
    const page = await openGame();
    const userKey = await player(page);
    await buy(page, 'upgrade-car', 'approve');
    await page.getByTestId('upgraded').waitFor({ state: 'visible' });
    await waitForRows(userKey, (r) => r.some((p) => p.state === 'CONSUMED'));

    await page.getByTestId('desk-refund-car_upgrade').click();
    await page.getByTestId('upgraded').waitFor({ state: 'hidden' });
    await page.getByTestId('log').locator('li', { hasText: 'The store refunded your car upgrade' }).first().waitFor();
    expect(await page.getByTestId('mileage').textContent()).to.equal('5');
    expect(await page.getByTestId('upgrade-car').isEnabled()).to.equal(true);
    expect(await rows(userKey)).to.deep.equal([{ product_id: 'car_upgrade', state: 'REVOKED' }]);
    const events = await server.db.all<{ type: string }>(
      "SELECT e.type FROM purchase_events e JOIN purchases p ON p.purchase_id = e.purchase_id WHERE p.user_key = ? AND e.type = 'REVOKED'", [userKey],
    );
    expect(events).to.have.length(1);
  });
});
