import { expect } from 'chai';
import { type CommonBillingComponent } from '../../assets/common-billing/cocos/common-billing-component';
import { type GasStationSample } from '../../assets/samples/gas-station/gas-station-component';
import { parseSave } from '../../assets/samples/gas-station/save-store';
import { Button, find, installCcUi, Label, type Node } from './support/cc-ui-double';
import { DEMO_APP_KEY, startDemoServer, type DemoServer } from './support/demo-server';
import { openGasStationScene } from './support/gas-station-scene';

/**
 * The Cocos sample component on the `cc` double (web platform: the sandbox market, whose
 * store dialog is the sample's own Cocos dialog), against the real billing server. The test
 * presses the sample's buttons and reads its labels, its save and the server's rows.
 */
installCcUi();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ccDouble = require('cc') as { __setPlatform(p: 'web'): void; sys: { localStorage: { getItem(k: string): string | null } } };

describe('Gas Station Cocos component (cc double, sandbox market, real server)', function () {
  this.timeout(30_000);
  let server: DemoServer;
  const started: GasStationSample[] = [];
  let playerCount = 0;
  let player = '';

  before(async () => { server = await startDemoServer(); });
  after(async () => { await server?.close(); });
  beforeEach(() => {
    ccDouble.__setPlatform('web'); // a fresh sys.localStorage: a fresh install
    player = `cocos-player-${++playerCount}`;
  });
  afterEach(async () => {
    for (const sample of started.splice(0)) {
      const billing = (sample.billingComponent as CommonBillingComponent).billing;
      await billing?.dispose();
    }
  });

  /** Opens gas-station.scene as the engine would, pointed at the test's billing server. */
  async function openGame(): Promise<{ sample: GasStationSample; root: Node }> {
    const { root, sample, billing } = await openGasStationScene();
    expect(sample.billingComponent, 'the scene links the sample to its CommonBilling component').to.equal(billing);
    billing.serverUrl = server.url;
    billing.appKey = DEMO_APP_KEY;
    sample.userKey = player;
    started.push(sample);
    await sample.startGame();
    await until(() => button(root, 'BuyGasButton').interactable, 'the shop to open');
    return { sample, root };
  }
  const ui = (root: Node, name: string) => find(root, `GasStationUI/${name}`);
  function component<T extends object>(node: Node, ctor: new () => T): T {
    const found = node.getComponent(ctor);
    if (!found) throw new Error(`${node.name} has no ${ctor.name}`);
    return found;
  }
  const text = (root: Node, name: string) => component(ui(root, name), Label).string;
  const button = (root: Node, name: string) => component(ui(root, name), Button);
  function click(root: Node, path: string): void {
    const node = find(root, `GasStationUI/${path}`);
    expect(node.activeInHierarchy, `${path} is shown`).to.equal(true);
    node.emit('click');
  }
  async function chooseInStore(root: Node, outcome: 'approve' | 'cancel' | 'pending' | 'fail' | 'duplicate'): Promise<void> {
    await until(() => ui(root, 'SandboxStoreDialog').active, 'the store dialog');
    click(root, `SandboxStoreDialog/Sheet/Choice-${outcome}`);
  }
  const fuel = (root: Node) => text(root, 'Fuel');
  const notices = (root: Node) => text(root, 'Notices');
  const save = () => {
    const parsed = parseSave(ccDouble.sys.localStorage.getItem('gas-station.save') ?? '');
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.save;
  };
  const serverRows = () => server.db.all<{ product_id: string; state: string; store_finished: number }>(
    'SELECT product_id, state, store_finished FROM purchases WHERE user_key = ? ORDER BY created_at', [player],
  );

  it('opens gas-station.scene, whose screen is under its GasStation node, and drives until the tank is empty', async () => {
    const { root } = await openGame();
    expect(root.children.map((c) => c.name)).to.deep.equal(['GasStationUI']);
    expect(fuel(root)).to.equal('10 L');
    for (let trip = 0; trip < 5; trip++) click(root, 'DriveButton');
    expect(fuel(root)).to.equal('0 L');
    expect(text(root, 'Road/Odometer')).to.equal('50 km');
    click(root, 'DriveButton');
    expect(notices(root)).to.match(/^Out of gas!/);
  });

  it('BUY GAS through its own store dialog: granted once, saved with the purchaseId, consumed and finished on the server', async () => {
    const { root } = await openGame();
    click(root, 'BuyGasButton');
    expect(button(root, 'BuyGasButton').interactable, 'no second purchase while one is open').to.equal(false);
    await chooseInStore(root, 'approve');
    await until(() => fuel(root) === '20 L', 'the gas to arrive');
    expect(notices(root)).to.match(/^\+10 L of gas!/);
    expect(ui(root, 'SandboxStoreDialog').active).to.equal(false);
    expect(save().appliedPurchaseIds).to.have.length(1);
    await until(async () => (await serverRows()).some((r) => r.store_finished === 1), 'the store-side finish');
    expect(await serverRows()).to.deep.equal([{ product_id: 'gas', state: 'CONSUMED', store_finished: 1 }]);
  });

  it('UPGRADE MY CAR doubles the mileage and the button shows it is owned', async () => {
    const { root } = await openGame();
    click(root, 'UpgradeButton');
    await chooseInStore(root, 'approve');
    await until(() => text(root, 'Mileage').includes('UPGRADED'), 'the upgrade');
    expect(text(root, 'Mileage')).to.equal('10 km/L · 10 trips left · UPGRADED');
    expect(text(root, 'UpgradeButton/Caption')).to.equal('UPGRADED');
    expect(button(root, 'UpgradeButton').interactable).to.equal(false);
  });

  it('PREMIUM PASS: bought through the store dialog, shown from the server’s entitlements, and BUY GAS then gives double gas', async () => {
    const { root } = await openGame();
    expect(text(root, 'Premium')).to.equal('No premium pass');
    click(root, 'PremiumButton');
    await chooseInStore(root, 'approve');
    await until(() => text(root, 'Premium').startsWith('Premium pass: active'), 'the active pass');
    expect(text(root, 'PremiumButton/Caption')).to.equal('PREMIUM ×2 GAS');
    expect(button(root, 'PremiumButton').interactable).to.equal(false);
    await until(() => button(root, 'BuyGasButton').interactable, 'the pass delivery to finish');
    click(root, 'BuyGasButton');
    await chooseInStore(root, 'approve');
    await until(() => fuel(root) === '30 L', 'the doubled gas');
    expect(notices(root)).to.match(/^\+20 L of gas! \(doubled by your premium pass\)/);
  });

  it('a duplicate store callback delivers the gas once', async () => {
    const { root } = await openGame();
    click(root, 'BuyGasButton');
    await chooseInStore(root, 'duplicate');
    await until(() => fuel(root) === '20 L', 'the gas');
    await until(() => button(root, 'BuyGasButton').interactable, 'the delivery to finish');
    click(root, 'BuyGasButton');
    await chooseInStore(root, 'approve');
    await until(() => fuel(root) === '30 L', 'the second gas (40 L had the duplicate been delivered twice)');
    expect(save().appliedPurchaseIds).to.have.length(2);
  });

  it('a purchase paid before a crash is announced as recovered at the next start and granted exactly once', async () => {
    const first = await openGame();
    click(first.root, 'BuyGasButton');
    await chooseInStore(first.root, 'fail'); // charged at the store, then the game "dies"
    await until(() => /failed/.test(notices(first.root)), 'the failure notice');
    expect(fuel(first.root)).to.equal('10 L');

    const second = await openGame();
    await until(() => fuel(second.root) === '20 L', 'the recovered gas');
    expect(notices(second.root)).to.match(/Recovered your Gas purchase from last time/);
    await until(async () => (await serverRows()).some((r) => r.store_finished === 1), 'the store-side finish');

    const third = await openGame();
    expect(fuel(third.root)).to.equal('20 L');
    expect(save().appliedPurchaseIds).to.have.length(1);
    expect((await serverRows()).map((r) => r.state)).to.deep.equal(['CONSUMED']);
  });

  it('a pending payment is shown as pending, grants nothing, and is delivered once it clears', async () => {
    const { root } = await openGame();
    click(root, 'BuyGasButton');
    await chooseInStore(root, 'pending');
    await until(() => text(root, 'Pending') !== '', 'the pending line');
    expect(text(root, 'Pending')).to.equal('1 payment(s) pending at the store');
    expect(fuel(root)).to.equal('10 L');
    expect(ui(root, 'CheckPaymentButton').active).to.equal(true);

    await settleAtStore('approve');
    click(root, 'CheckPaymentButton');
    await until(() => fuel(root) === '20 L', 'the cleared gas');
    expect(text(root, 'Pending')).to.equal('');
    expect(ui(root, 'CheckPaymentButton').active).to.equal(false);
  });

  /** The store's side: the player paid at the convenience store. */
  async function settleAtStore(outcome: 'approve' | 'decline'): Promise<void> {
    const headers = { 'x-app-key': DEMO_APP_KEY, 'content-type': 'application/json' };
    const session = await (await fetch(`${server.url}/v1/sessions`, { method: 'POST', headers, body: JSON.stringify({ market: 'sandbox', userKey: player }) })).json() as { sessionToken: string };
    const auth = { ...headers, authorization: `Bearer ${session.sessionToken}` };
    const list = await (await fetch(`${server.url}/v1/sandbox/purchases`, { headers: auth })).json() as { purchases: Array<{ purchaseToken: string; state: string }> };
    const pending = list.purchases.filter((p) => p.state === 'pending');
    expect(pending).to.have.length(1);
    const res = await fetch(`${server.url}/v1/sandbox/purchases/${pending[0]!.purchaseToken}/resolve`, { method: 'POST', headers: auth, body: JSON.stringify({ outcome }) });
    expect(res.status).to.equal(200);
  }
});

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
