import { expect } from 'chai';
import { CommonBilling } from '../../assets/common-billing/core/common-billing';
import type { KeyValueStorage } from '../../assets/common-billing/core/types';
import { GasStationGame } from '../../assets/samples/gas-station/gas-station-game';
import type { GasStationState, GasStationView, Notice } from '../../assets/samples/gas-station/gas-station-types';
import { SaveStore, type SaveStorage } from '../../assets/samples/gas-station/save-store';
import { DEMO_APP_KEY, startDemoServer, type DemoServer } from './support/demo-server';

/**
 * The purchase handling of the sample (GasStationGame) with the real SDK core, the sandbox
 * market and the real billing server: the edge a real game must get right — the save is
 * written BEFORE the purchase is confirmed, so a save that fails is granted on the replay.
 */
class MemoryKv implements KeyValueStorage {
  readonly items = new Map<string, string>();
  async getItem(key: string) { return this.items.get(key) ?? null; }
  async setItem(key: string, value: string) { this.items.set(key, value); }
  async removeItem(key: string) { this.items.delete(key); }
}

/** A save slot that can be made to fail, like a full disk. */
class SaveSlot implements SaveStorage {
  text: string | null = null;
  failWrites = false;
  getItem() { return this.text; }
  setItem(_key: string, value: string) {
    if (this.failWrites) throw new Error('disk full');
    this.text = value;
  }
}

class RecordingView implements GasStationView {
  state: GasStationState | null = null;
  readonly notices: Notice[] = [];
  render(state: GasStationState) { this.state = state; }
  notify(notice: Notice) { this.notices.push(notice); }
}

describe('Gas Station purchase handling (SDK core, sandbox market, real server)', function () {
  this.timeout(30_000);
  let server: DemoServer;
  let journal: MemoryKv;
  let slot: SaveSlot;
  const opened: CommonBilling[] = [];
  let player = 0;

  before(async () => { server = await startDemoServer(); });
  after(async () => { await server?.close(); });
  beforeEach(() => { journal = new MemoryKv(); slot = new SaveSlot(); player++; });
  afterEach(async () => { for (const b of opened.splice(0)) await b.dispose(); });

  async function openGame(): Promise<{ game: GasStationGame; view: RecordingView }> {
    const view = new RecordingView();
    const game = new GasStationGame(new SaveStore(slot), view);
    const billing = new CommonBilling();
    opened.push(billing);
    await billing.initialize('sandbox', game.listener, {
      serverUrl: server.url, appKey: DEMO_APP_KEY, platform: 'web', storage: journal,
      fetch: (url, init) => fetch(url, init), consumeModel: 'build-in', sandboxOutcome: async () => 'approve',
    });
    await game.start(billing, `game-spec-${player}`);
    return { game, view };
  }
  const rows = () => server.db.all<{ state: string; store_finished: number }>('SELECT state, store_finished FROM purchases WHERE user_key = ?', [`game-spec-${player}`]);
  async function until(ok: () => boolean | Promise<boolean>, what: string) {
    for (let i = 0; i < 300; i++) {
      if (await ok()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('a save that fails is not confirmed; the next start replays the purchase and grants it once', async () => {
    const first = await openGame();
    slot.failWrites = true;
    await first.game.buyGas();
    await until(() => first.view.notices.some((n) => /Could not save the game: disk full/.test(n.text)), 'the save error');
    expect(first.view.state?.save.fuelLitres, 'not granted in memory either').to.equal(10);
    expect(first.view.notices.filter((n) => n.kind === 'success'), 'nothing announced as delivered').to.deep.equal([]);
    await until(async () => (await rows()).some((r) => r.state === 'CONSUMED'), 'the server consume');
    // Give a (wrong) confirmation time to reach the server: it must never come.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await rows()).map((r) => r.store_finished), 'not confirmed at the store').to.deep.equal([0]);

    slot.failWrites = false;
    const second = await openGame();
    await until(() => second.view.state?.save.fuelLitres === 20, 'the replayed grant');
    await until(async () => (await rows()).every((r) => r.store_finished === 1), 'the store-side finish');
    expect(second.view.state?.save.appliedPurchaseIds).to.have.length(1);

    const third = await openGame();
    expect(third.view.state?.save.fuelLitres, 'no second grant').to.equal(20);
  });

  it('one purchase at a time: a second tap while the store is open changes nothing', async () => {
    const { game, view } = await openGame();
    const first = game.buyGas();
    expect(view.state?.buying).to.equal('gas');
    await game.buyGas();
    await first;
    await until(() => view.state?.save.fuelLitres === 20, 'the gas');
    await until(async () => (await rows()).every((r) => r.store_finished === 1), 'the store-side finish');
    expect(await rows()).to.have.length(1);
    // The server marks the row finished before the SDK has read that answer and told the game.
    await until(() => view.state?.buying === null, 'the shop to reopen');
  });
});
