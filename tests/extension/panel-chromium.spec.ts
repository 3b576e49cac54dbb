import { expect } from 'chai';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';
import { CHROMIUM_ARGS, requireChromium } from '../support/environment';
import { buildExtension, EXTENSION_DIR, readTree } from './support/extension-build';
import { mountPanelInPage, type PanelPageInput } from './support/panel-page';
import { closedPortUrl, dataKeyFromLogin, startLiveBillingServer, type LiveBillingServer } from './support/billing-server';
import { ecPublicKeyBase64, rsaPublicKeyBase64 } from './support/keys';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
type Profiles = PanelPageInput['profiles'];
type MainModule = { methods: Record<string, (...args: unknown[]) => unknown> };

describe('extension: the panel in Chromium with a stubbed Editor', function () {
  this.timeout(120000);
  let browser: Browser;
  let page: Page;
  let billing: LiveBillingServer;
  let files: Record<string, string>;
  let main: MainModule;
  let messages: Record<string, { methods: string[] }>;
  let distDir: string;

  before(async function () {
    const executablePath = requireChromium(this);
    distDir = await buildExtension();
    files = { ...readTree(distDir, '/ext/dist'), ...readTree(join(EXTENSION_DIR, 'static'), '/ext/static'), ...readTree(join(EXTENSION_DIR, 'i18n'), '/ext/i18n') };
    // The real main-process module answers the panel's messages, as in the editor.
    main = createRequire(__filename)(join(distDir, 'main.js')) as MainModule;
    messages = JSON.parse(readFileSync(join(EXTENSION_DIR, 'package.json'), 'utf8')).contributions.messages;
    billing = await startLiveBillingServer();
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await billing?.close();
    if (distDir) rmSync(dirname(distDir), { recursive: true, force: true });
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 600, height: 900 } });
    await page.exposeFunction('__cbMessage', async (pkg: string, message: string, ...args: unknown[]) => {
      expect(pkg).to.equal('common-billing');
      const method = messages[message]?.methods[0];
      if (!method || !main.methods[method]) throw new Error(`no handler for ${message}`);
      return main.methods[method]!(...args);
    });
    await page.setContent('<!doctype html><html><body style="margin:0;background:#2b2b2b"><div id="panel-host" style="width:600px"></div></body></html>');
  });
  afterEach(() => page.close());

  async function open(profiles: Profiles = { project: {}, local: {} }): Promise<void> {
    // tsx keeps function names with an __name() helper that the page does not have.
    await page.evaluate('window.__name = (f) => f');
    await page.evaluate(mountPanelInPage, { files, profiles });
  }
  /** ui-input/ui-textarea are set by value + change event, as the editor's elements do. */
  async function setValue(selector: string, value: string): Promise<void> {
    await page.locator(selector).evaluate((el, v) => {
      (el as HTMLElement & { value: string }).value = v;
      el.dispatchEvent(new Event('change'));
    }, value);
  }
  async function check(market: string): Promise<void> {
    await page.locator(`[data-market="${market}"] .market-enabled`).evaluate((el) => {
      (el as HTMLElement & { value: boolean }).value = true;
      el.dispatchEvent(new Event('change'));
    });
  }
  const profiles = () => page.evaluate(() => (window as unknown as { __profiles: Profiles }).__profiles);
  const text = (selector: string) => page.locator(selector).textContent();
  const waitForText = (selector: string, pattern: RegExp) =>
    page.waitForFunction(({ s, p }) => new RegExp(p).test(document.getElementById('panel-host')!.shadowRoot!.querySelector(s)?.textContent ?? ''), { s: selector, p: pattern.source });

  async function fillApp(): Promise<string> {
    await setValue('#server-url', billing.url);
    await setValue('#app-key', 'gas-station');
    await page.waitForFunction(() => ((window as unknown as { __profiles: Profiles }).__profiles.local.dataKeys as Record<string, string> | undefined)?.['gas-station']);
    await check('google-play');
    const key = rsaPublicKeyBase64();
    await setValue('[data-market="google-play"] .market-public-key', key);
    await setValue('[data-market="google-play"] .market-products', 'gas = com.example.gas\ncar_upgrade = com.example.car');
    await check('sandbox');
    await setValue('[data-market="sandbox"] .market-products', 'gas\ncar_upgrade');
    return key;
  }

  it('saves only ciphertext that the SDK decrypts with the data key, and a wrong data key fails', async () => {
    await open();
    const key = await fillApp();
    expect(await page.locator('[data-market="google-play"] .market-public-key').evaluate((el) => (el as HTMLElement & { value: string }).value)).to.equal('');
    expect(await text('[data-market="google-play"] .cb-key-status')).to.match(/^Encrypted with this app's data key\.\s+cbk1\./);
    await page.locator('#save').click();
    await waitForText('#save-status', /Saved/);
    const saved = await profiles();
    const dataKey = (saved.local.dataKeys as Record<string, string>)['gas-station']!;
    const projectJson = JSON.stringify(saved.project);
    expect(projectJson).not.to.contain(key.slice(40, 100)).and.not.to.contain(dataKey);
    const config = saved.project.config as { markets: Record<string, { encryptedPublicKey: string }> };
    const sealed = config.markets['google-play']!.encryptedPublicKey;
    expect(openMarketKey(sealed, dataKey, 'gas-station', 'google-play')).to.equal(key);
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    expect(() => openMarketKey(sealed, wrongKey, 'gas-station', 'google-play')).to.throw().with.property('code', 'MARKET_KEY_INVALID');
    expect(await text('#data-key-command')).to.equal(`common-billing apps set-data-key gas-station ${dataKey}`);
    await page.locator('#copy-command').click();
    expect(await page.evaluate(() => (window as unknown as { __clipboard: string }).__clipboard)).to.equal(`common-billing apps set-data-key gas-station ${dataKey}`);

    // The runtime component's "Encrypted Market Keys" value: only enabled markets with a key.
    await page.locator('#copy-component-keys').click();
    const componentKeys = JSON.parse(await page.evaluate(() => (window as unknown as { __clipboard: string }).__clipboard));
    expect(componentKeys).to.deep.equal({ 'google-play': sealed });

    // Test connection and registration go through the real main.js to the server on 127.0.0.1.
    await page.locator('#test-connection').click();
    await waitForText('#connection-result', /sandbox: 2 product\(s\) on the server/);
    await setValue('#admin-token', billing.adminToken);
    await page.locator('#register-data-key').click();
    await waitForText('#register-result', /registered/);
    // The SDK's login now carries the data key that opens the saved ciphertext.
    expect(await dataKeyFromLogin(billing)).to.equal(dataKey);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#panel-host').screenshot({ path: join(ARTIFACTS, 'extension-panel.png') });
  });

  it('shows invalid input next to its field and never saves it', async () => {
    await open();
    await fillApp();
    await page.locator('#save').click();
    await waitForText('#save-status', /Saved/);
    const before = JSON.stringify((await profiles()).project);

    const ecKey = ecPublicKeyBase64();
    await setValue('[data-market="one-store"] .market-public-key', ecKey);
    await setValue('[data-market="naver"] .market-public-key', 'this is not base64');
    await setValue('[data-market="google-play"] .market-products', 'gas = a\ngas = b');
    await setValue('#server-url', 'billing.example.com');
    expect(await text('[data-error-for="publicKey:one-store"]')).to.equal('The public key is not an RSA key. (VALIDATION_FAILED)');
    expect(await text('[data-error-for="publicKey:naver"]')).to.equal('The public key is not base64. (VALIDATION_FAILED)');
    expect(await text('[data-error-for="products:google-play"]')).to.equal('A game product id is mapped twice. (VALIDATION_FAILED)');
    expect(await text('[data-error-for="serverUrl"]')).to.contain('http(s)://');
    expect(await page.locator('#server-url').getAttribute('class')).to.contain('invalid');
    // The rejected key stays visible for correction; nothing of it reaches the settings.
    expect(await page.locator('[data-market="one-store"] .market-public-key').evaluate((el) => (el as HTMLElement & { value: string }).value)).to.equal(ecKey);
    expect(await page.locator('[data-market="one-store"] .cb-key-status').textContent()).to.contain('No public key yet');
    await page.locator('#save').click();
    await waitForText('#save-status', /Not saved/);
    expect(JSON.stringify((await profiles()).project)).to.equal(before);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#panel-host').screenshot({ path: join(ARTIFACTS, 'extension-panel-errors.png') });
  });

  it('reports an unreachable server next to the server URL', async () => {
    await open();
    await fillApp();
    await setValue('#server-url', await closedPortUrl());
    await page.locator('#test-connection').click();
    await waitForText('[data-error-for="serverUrl"]', /could not be reached.*NETWORK_ERROR/);
    expect(await page.locator('#connection-result li').count()).to.equal(0);
  });

  it('reopens saved settings: keys show as encrypted, mappings as text', async () => {
    await open();
    await fillApp();
    await page.locator('#save').click();
    await waitForText('#save-status', /Saved/);
    const saved = await profiles();
    await page.setContent('<!doctype html><html><body><div id="panel-host"></div></body></html>');
    await open(saved);
    expect(await page.locator('#app-key').evaluate((el) => (el as HTMLElement & { value: string }).value)).to.equal('gas-station');
    expect(await text('[data-market="google-play"] .cb-key-status')).to.match(/^Encrypted with this app's data key/);
    expect(await page.locator('[data-market="google-play"] .market-products').evaluate((el) => (el as HTMLElement & { value: string }).value)).to.equal('gas = com.example.gas\ncar_upgrade = com.example.car');
    // config-changed (a VCS pull changed the settings file) reloads the panel.
    await page.evaluate(() => {
      const w = window as unknown as { __profiles: Profiles };
      (w.__profiles.project.config as { markets: Record<string, { products: unknown[] }> }).markets['google-play']!.products = [{ productId: 'turbo', marketProductId: 'com.example.turbo' }];
    });
    await page.evaluate(() => (window as unknown as { __panelMethod(name: string): Promise<void> }).__panelMethod('reload'));
    expect(await page.locator('[data-market="google-play"] .market-products').evaluate((el) => (el as HTMLElement & { value: string }).value)).to.equal('turbo = com.example.turbo');
    // Another machine without this app's data key sees that the key must be entered again.
    await page.setContent('<!doctype html><html><body><div id="panel-host"></div></body></html>');
    await open({ project: saved.project, local: {} });
    expect(await text('[data-market="google-play"] .cb-key-status')).to.match(/another data key/);
    await setValue('#data-key-input', 'not-a-key');
    await page.locator('#use-data-key').click();
    await waitForText('[data-error-for="dataKey"]', /VALIDATION_FAILED/);
    await setValue('#data-key-input', (saved.local.dataKeys as Record<string, string>)['gas-station']!);
    await page.locator('#use-data-key').click();
    await waitForText('[data-market="google-play"] .cb-key-status', /^Encrypted with this app's data key/);
    expect(await text('[data-error-for="dataKey"]')).to.equal('');
  });

  it('offers Korean although the editor has only English and Chinese: the choice relabels the panel and is kept locally', async () => {
    await open();
    expect(await text('h2[data-i18n="server.heading"]')).to.equal('Billing server');
    await setValue('#panel-language', 'ko');
    await waitForText('h2[data-i18n="server.heading"]', /^결제 서버$/);
    expect(await text('label[data-i18n="language.label"]')).to.equal('패널 언어');
    expect((await profiles()).local.panelLanguage).to.equal('ko');
    await page.close();
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><div id="panel-host"></div></body></html>');
    await open({ project: {}, local: { panelLanguage: 'ko' } });
    expect(await text('h2[data-i18n="markets.heading"]')).to.equal('마켓');
  });
});
