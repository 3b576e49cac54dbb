import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { sealMarketKey } from '../../extensions/common-billing/src/settings/market-key-seal';
import { type GasStationSample } from '../../assets/samples/gas-station/gas-station-component';
import { loginTokenFor } from '../../server/src/domain/login-token';
import { updateAppSettings, upsertAppMarket } from '../../server/src/storage/repos/apps';
import { __setPlatform } from '../doubles/cc';
import { FakeAndroidStore } from '../sdk/support/fake-android-store';
import { Button, find, installCcUi, Label, type Node } from './support/cc-ui-double';
import { DEMO_APP_KEY, startDemoServer, type DemoServer } from './support/demo-server';
import { openGasStationScene } from './support/gas-station-scene';

/**
 * The same sample component on "Android": the CommonBilling component picks google-play, the
 * JSB transport talks to the cc double's jsbBridgeWrapper (string-only, deferred delivery),
 * whose native side is the Google Play simulator; receipts go to the real billing server and
 * its google-play verifier. No sandbox dialog here: the store's own sheet decides.
 */
installCcUi();
const PACKAGE = 'com.example.gasstation';

describe('Gas Station Cocos component on Android (JSB bridge double + Google Play simulator)', function () {
  this.timeout(30_000);
  let server: DemoServer;
  let store: FakeAndroidStore;
  let encryptedKey: string;
  const started: GasStationSample[] = [];
  let n = 0;

  before(async () => { server = await startDemoServer(); });
  after(async () => {
    __setPlatform('web');
    await server?.close();
  });
  beforeEach(async () => {
    store = new FakeAndroidStore(__setPlatform('android')!, PACKAGE);
    const dataKey = randomBytes(32).toString('base64');
    await server.db.write(async (tx) => {
      // Google Play is a real store: the app is no longer sandbox-only and players need the game server's login token.
      await updateAppSettings(tx, DEMO_APP_KEY, { identity: { sandboxOnly: false, loginTokenRequired: true } }, Date.now());
      await upsertAppMarket(tx, DEMO_APP_KEY, 'google-play', true, { packageName: PACKAGE, licenceKey: store.licenceKey }, Date.now());
      await tx.run('UPDATE apps SET data_key = ? WHERE app_key = ?', [dataKey, DEMO_APP_KEY]);
    });
    encryptedKey = sealMarketKey(store.licenceKey, dataKey, DEMO_APP_KEY, 'google-play', randomBytes(12));
    n++;
  });
  afterEach(async () => {
    for (const sample of started.splice(0)) await sample.billingComponent?.billing?.dispose();
  });

  async function openGame(): Promise<Node> {
    const { root, sample, billing } = await openGasStationScene();
    billing.serverUrl = server.url;
    billing.appKey = DEMO_APP_KEY;
    billing.encryptedMarketKeys = JSON.stringify({ 'google-play': encryptedKey });
    sample.userKey = `android-player-${n}`;
    // The test plays the game server: it makes the login token with the app secret.
    sample.loginToken = async (userKey) => loginTokenFor(server.appSecret, DEMO_APP_KEY, userKey, Math.floor(Date.now() / 1000) + 600);
    started.push(sample);
    await sample.startGame();
    await until(() => button(root, 'BuyGasButton').interactable, 'the shop to open');
    return root;
  }
  const ui = (root: Node, name: string) => find(root, `GasStationUI/${name}`);
  const text = (root: Node, name: string) => ui(root, name).getComponent(Label)!.string;
  const button = (root: Node, name: string) => ui(root, name).getComponent(Button)!;
  const click = (root: Node, name: string) => ui(root, name).emit('click');
  const rows = () => server.db.all<{ market: string; state: string; store_finished: number }>(
    'SELECT market, state, store_finished FROM purchases WHERE user_key = ?', [`android-player-${n}`],
  );

  it('BUY GAS through Google Play: granted once, consumed on the server and at the store', async () => {
    const root = await openGame();
    expect(store.connectedWith, 'the decrypted licence key reached the native side').to.equal(store.licenceKey);
    click(root, 'BuyGasButton');
    await until(() => text(root, 'Fuel') === '20 L', 'the gas');
    expect(ui(root, 'SandboxStoreDialog').active).to.equal(false);
    await until(async () => (await rows()).some((r) => r.store_finished === 1), 'the store-side finish');
    expect(await rows()).to.deep.equal([{ market: 'google-play', state: 'CONSUMED', store_finished: 1 }]);
    expect(store.ownedPurchases()).to.deep.equal([]);
  });

  it('a pending Google Play payment is shown as pending and delivered when the store completes it', async () => {
    const root = await openGame();
    store.outcome = 'pending';
    click(root, 'BuyGasButton');
    await until(() => text(root, 'Pending') !== '', 'the pending line');
    expect(text(root, 'Fuel')).to.equal('10 L');
    store.completePending(store.ownedPurchases()[0]!.purchaseToken);
    await until(() => text(root, 'Fuel') === '20 L', 'the gas after the payment cleared');
    expect(text(root, 'Pending')).to.equal('');
    expect(text(root, 'Notices')).to.match(/Your pending Gas payment cleared/);
  });
});

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
