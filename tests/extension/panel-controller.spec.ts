import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { openMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';
import { encryptPublicKey, nodeRandomBytes, storedKeyStatus } from '../../extensions/common-billing/src/settings/key-vault';
import { PanelController, type PanelServer } from '../../extensions/common-billing/src/panel/controller';
import { registerDataKey, testConnection, type FetchLike } from '../../extensions/common-billing/src/server/billing-server-client';
import { BillingSettings } from '../../extensions/common-billing/src/settings/schema';
import { Value } from 'typebox/value';
import { closedPortUrl, dataKeyFromLogin, startLiveBillingServer, type LiveBillingServer } from './support/billing-server';
import { JsonProfiles } from './support/profile-storage';
import { rsaPublicKeyBase64 } from './support/keys';

const random = (n: number) => new Uint8Array(randomBytes(n));
const client = { fetch: fetch as unknown as FetchLike, timeoutMs: 2000 };
const server: PanelServer = {
  testConnection: (url, app, markets) => testConnection(client, url, app, markets),
  registerDataKey: (url, app, token, key) => registerDataKey(client, url, app, token, key),
  // What the extension's main process does for the panel (Node crypto).
  sealPublicKey: async (plain, dataKey, app, market) => encryptPublicKey(plain, dataKey, app, market, nodeRandomBytes),
  publicKeyStatus: async (sealed, dataKey, app, market) => storedKeyStatus(sealed, dataKey, app, market),
};

describe('extension: panel controller (settings, keys, server)', () => {
  let billing: LiveBillingServer;
  let profiles: JsonProfiles;
  let panel: PanelController;

  before(async () => {
    billing = await startLiveBillingServer();
  });
  after(() => billing?.close());
  beforeEach(async () => {
    profiles = new JsonProfiles();
    panel = new PanelController(profiles, server, random);
    await panel.load();
  });

  async function fillValidApp(): Promise<string> {
    panel.setServerUrl(`${billing.url}/`);
    await panel.setAppKey('gas-station');
    panel.setEnabled('google-play', true);
    const key = rsaPublicKeyBase64();
    expect(await panel.enterPublicKey('google-play', key)).to.equal(true);
    panel.setProductsText('google-play', 'gas = com.example.gas\ncar_upgrade');
    panel.setEnabled('sandbox', true);
    panel.setProductsText('sandbox', 'gas\ncar_upgrade');
    return key;
  }

  it('a valid app gets a data key at once; saving writes only ciphertext, which the SDK opens with that key', async () => {
    const plainKey = await fillValidApp();
    const dataKey = JSON.parse(profiles.localJson)['gas-station'] as string;
    expect(Buffer.from(dataKey, 'base64')).to.have.length(32);
    expect(await panel.save()).to.equal(true);
    expect(profiles.projectJson).not.to.contain(plainKey).and.not.to.contain(plainKey.slice(40, 80)).and.not.to.contain(dataKey);
    const saved = JSON.parse(profiles.projectJson);
    expect(Value.Check(BillingSettings, saved)).to.equal(true);
    expect(saved.serverUrl).to.equal(billing.url);
    expect(saved.markets['google-play'].products).to.deep.equal([
      { productId: 'gas', marketProductId: 'com.example.gas' },
      { productId: 'car_upgrade', marketProductId: 'car_upgrade' },
    ]);
    expect(openMarketKey(saved.markets['google-play'].encryptedPublicKey, dataKey, 'gas-station', 'google-play')).to.equal(plainKey);
    const reopened = new PanelController(profiles, server, random);
    await reopened.load();
    expect(reopened.keyStatus('google-play')).to.equal('ok');
    expect(reopened.registerCommand()).to.equal(`common-billing apps set-data-key gas-station ${dataKey}`);
  });

  it('gives the runtime component the ciphertext of each enabled market whose key opens', async () => {
    const plainKey = await fillValidApp();
    const keys = JSON.parse(panel.componentMarketKeys()) as Record<string, string>;
    expect(Object.keys(keys)).to.deep.equal(['google-play']);
    expect(openMarketKey(keys['google-play']!, panel.dataKey!, 'gas-station', 'google-play')).to.equal(plainKey);
    panel.setEnabled('google-play', false);
    expect(panel.componentMarketKeys()).to.equal('{}');
    panel.setEnabled('google-play', true);
    await panel.replaceDataKey();
    expect(panel.componentMarketKeys()).to.equal('{}');
  });

  it('a teammate without the data key sees foreign keys until entering the same data key', async () => {
    const plainKey = await fillValidApp();
    expect(await panel.save()).to.equal(true);
    const teammate = new JsonProfiles();
    teammate.projectJson = profiles.projectJson;
    const other = new PanelController(teammate, server, random);
    await other.load();
    expect(other.keyStatus('google-play')).to.equal('foreign');
    expect(await other.useDataKey('c2hvcnQ=')).to.equal(false);
    expect(other.errors.get('dataKey')?.details).to.include({ field: 'dataKey', reason: 'data-key-invalid' });
    expect(await other.useDataKey(` ${panel.dataKey!} `)).to.equal(true);
    expect(other.errors.has('dataKey')).to.equal(false);
    expect(other.keyStatus('google-play')).to.equal('ok');
    expect(JSON.parse(teammate.localJson)).to.deep.equal({ 'gas-station': panel.dataKey });
    const sealed = JSON.parse(other.componentMarketKeys())['google-play'];
    expect(openMarketKey(sealed, panel.dataKey!, 'gas-station', 'google-play')).to.equal(plainKey);
  });

  it('invalid input is shown on its field and never saved', async () => {
    await fillValidApp();
    expect(await panel.save()).to.equal(true);
    const before = profiles.projectJson;
    expect(await panel.enterPublicKey('one-store', 'bm90IGEga2V5')).to.equal(false);
    expect(panel.errors.get('publicKey:one-store')?.details).to.include({ reason: 'public-key-not-spki' });
    expect(panel.markets['one-store']!.encryptedPublicKey).to.equal('');
    panel.setProductsText('google-play', 'gas = a\ngas = b');
    panel.setServerUrl('billing.example.com');
    expect(await panel.save()).to.equal(false);
    expect([...panel.errors.keys()].sort()).to.deep.equal(['products:google-play', 'publicKey:one-store', 'serverUrl']);
    expect(profiles.projectJson).to.equal(before);
  });

  it('a new data key makes stored ciphertexts foreign, and saving asks for the keys again', async () => {
    await fillValidApp();
    await panel.replaceDataKey();
    expect(panel.keyStatus('google-play')).to.equal('foreign');
    expect(await panel.save()).to.equal(false);
    expect(panel.errors.get('publicKey:google-play')?.details).to.include({ reason: 'data-key-invalid' });
    await panel.enterPublicKey('google-play', rsaPublicKeyBase64());
    expect(await panel.save()).to.equal(true);
  });

  it('test connection reads /healthz and each enabled market\u2019s catalog, and lists mapped ids the server lacks', async () => {
    await fillValidApp();
    panel.setProductsText('sandbox', 'gas\nturbo = com.example.turbo');
    const summary = await panel.testConnection();
    expect(summary!.report.healthy).to.equal(true);
    expect(summary!.report.markets.find((m) => m.market === 'sandbox')).to.deep.include({ ok: true, productIds: ['car_upgrade', 'gas'] });
    // This server has no Google Play module: the market is reported, not the connection failed.
    const google = summary!.report.markets.find((m) => m.market === 'google-play')!;
    expect(google.ok).to.equal(false);
    expect(google.error!.code).to.equal('UNKNOWN_MARKET');
    expect(summary!.notOnServer.sandbox).to.deep.equal(['turbo']);
  });

  it('an unreachable server or an unknown app key is reported on the server field', async () => {
    await fillValidApp();
    panel.setServerUrl(await closedPortUrl());
    expect(await panel.testConnection()).to.equal(undefined);
    expect(panel.errors.get('serverUrl')).to.include({ code: 'NETWORK_ERROR' });
    panel.setServerUrl(billing.url);
    await panel.setAppKey('unknown-app');
    const summary = await panel.testConnection();
    expect(summary!.report.markets[0]!.error!.code).to.equal('APP_KEY_INVALID');
  });

  it('registers the data key through the admin API; the SDK then gets it at login and opens the saved key', async () => {
    const plainKey = await fillValidApp();
    expect(await panel.registerDataKey('')).to.equal(false);
    expect(panel.errors.get('adminToken')?.details).to.include({ reason: 'admin-token-missing' });
    expect(await panel.registerDataKey('wrong')).to.equal(false);
    expect(panel.errors.get('adminToken')).to.include({ code: 'UNAUTHENTICATED' });
    expect(await dataKeyFromLogin(billing)).not.to.equal(panel.dataKey);
    expect(await panel.registerDataKey(billing.adminToken)).to.equal(true);
    expect(panel.errors.has('adminToken')).to.equal(false);
    expect(await panel.save()).to.equal(true);
    const loginKey = await dataKeyFromLogin(billing);
    expect(loginKey).to.equal(panel.dataKey);
    const sealed = JSON.parse(profiles.projectJson).markets['google-play'].encryptedPublicKey;
    expect(openMarketKey(sealed, loginKey!, 'gas-station', 'google-play')).to.equal(plainKey);
  });
});
