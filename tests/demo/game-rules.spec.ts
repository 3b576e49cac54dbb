import { expect } from 'chai';
import fc from 'fast-check';
import {
  CAR_UPGRADE_PRODUCT_ID, GAS_PER_PURCHASE_LITRES, GAS_PRODUCT_ID, PREMIUM_GAS_MULTIPLIER, PREMIUM_PASS_PRODUCT_ID, STARTING_FUEL_LITRES, TRIP_KM,
  canBuyPremium, drive, grantPurchase, kmPerLitre, newGame, premiumPassOf, premiumSecondsLeft, takeBackRefunded, tripsLeft, type EntitlementsAnswer, type GameSave,
} from '../../assets/samples/gas-station/game-rules';
import { premiumPassText } from '../../assets/samples/gas-station/texts';
import { SaveStore, parseSave, type SaveStorage } from '../../assets/samples/gas-station/save-store';

const ID_A = '0b5b7e55-2f57-4a8e-9d8c-3c3c0e6c0a01';
const ID_B = '0b5b7e55-2f57-4a8e-9d8c-3c3c0e6c0a02';

function driveUntilEmpty(save: GameSave): { save: GameSave; trips: number } {
  let trips = 0;
  for (;;) {
    const r = drive(save);
    if (r.outcome === 'out-of-gas') return { save: r.save, trips };
    save = r.save;
    trips++;
  }
}

class MemoryStorage implements SaveStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null { return this.items.get(key) ?? null; }
  setItem(key: string, value: string): void { this.items.set(key, value); }
}

describe('gas station: game rules', () => {
  it('a new car drives five trips on its starting fuel, then is out of gas and stays put', () => {
    const { save, trips } = driveUntilEmpty(newGame());
    expect(trips).to.equal(5);
    expect(save.fuelLitres).to.equal(0);
    expect(save.odometerKm).to.equal(5 * TRIP_KM);
    const again = drive(save);
    expect(again.outcome).to.equal('out-of-gas');
    expect(again.save.odometerKm).to.equal(50);
  });

  it('BUY GAS adds fuel once per purchaseId, however often the purchase is replayed', () => {
    const empty = driveUntilEmpty(newGame()).save;
    const first = grantPurchase(empty, { purchaseId: ID_A, productId: GAS_PRODUCT_ID, quantity: 1 });
    expect(first.outcome).to.equal('granted');
    expect(first.save.fuelLitres).to.equal(GAS_PER_PURCHASE_LITRES);
    const replay = grantPurchase(first.save, { purchaseId: ID_A, productId: GAS_PRODUCT_ID, quantity: 1 });
    expect(replay.outcome).to.equal('already-granted');
    expect(replay.save.fuelLitres).to.equal(GAS_PER_PURCHASE_LITRES);
    const second = grantPurchase(replay.save, { purchaseId: ID_B, productId: GAS_PRODUCT_ID, quantity: 2 });
    expect(second.save.fuelLitres).to.equal(3 * GAS_PER_PURCHASE_LITRES);
    expect(second.save.appliedPurchaseIds).to.deep.equal([ID_A, ID_B]);
  });

  it('UPGRADE MY CAR doubles the mileage: the same fuel goes twice as far', () => {
    const stock = newGame();
    const upgraded = grantPurchase(stock, { purchaseId: ID_A, productId: CAR_UPGRADE_PRODUCT_ID, quantity: 1 });
    expect(upgraded.outcome).to.equal('granted');
    expect(kmPerLitre(stock)).to.equal(5);
    expect(kmPerLitre(upgraded.save)).to.equal(10);
    expect(driveUntilEmpty(upgraded.save).trips).to.equal(STARTING_FUEL_LITRES);
    expect(tripsLeft(upgraded.save)).to.equal(2 * tripsLeft(stock));
  });

  it('a second upgrade purchase is recorded but reported as already owned', () => {
    const once = grantPurchase(newGame(), { purchaseId: ID_A, productId: CAR_UPGRADE_PRODUCT_ID, quantity: 1 });
    const twice = grantPurchase(once.save, { purchaseId: ID_B, productId: CAR_UPGRADE_PRODUCT_ID, quantity: 1 });
    expect(twice).to.deep.include({ outcome: 'granted', reward: { kind: 'car-upgrade', alreadyOwned: true } });
    expect(twice.save.appliedPurchaseIds).to.deep.equal([ID_A, ID_B]);
  });

  it('a product the game does not know grants nothing and is not marked applied', () => {
    const r = grantPurchase(newGame(), { purchaseId: ID_A, productId: 'diamonds', quantity: 1 });
    expect(r.outcome).to.equal('unknown-product');
    expect(r.save).to.deep.equal(newGame());
  });

  it('fuel is only ever the starting fuel plus granted gas minus burned trips (any sequence of actions)', () => {
    const action = fc.oneof(
      fc.constant({ kind: 'drive' as const }),
      fc.record({ kind: fc.constant('buy' as const), id: fc.integer({ min: 0, max: 5 }), product: fc.constantFrom(GAS_PRODUCT_ID, CAR_UPGRADE_PRODUCT_ID) }),
    );
    fc.assert(fc.property(fc.array(action, { maxLength: 60 }), (actions) => {
      let save = newGame();
      let burned = 0;
      const gasIds = new Set<number>();
      const seen = new Set<number>();
      for (const a of actions) {
        if (a.kind === 'drive') {
          const r = drive(save);
          if (r.outcome === 'driven') burned += r.burnedLitres;
          save = r.save;
        } else {
          if (!seen.has(a.id) && a.product === GAS_PRODUCT_ID) gasIds.add(a.id);
          seen.add(a.id);
          save = grantPurchase(save, { purchaseId: `p${a.id}`, productId: a.product, quantity: 1 }).save;
        }
      }
      expect(save.fuelLitres).to.equal(STARTING_FUEL_LITRES + gasIds.size * GAS_PER_PURCHASE_LITRES - burned);
      expect(save.fuelLitres).to.be.at.least(0);
      expect(new Set(save.appliedPurchaseIds).size).to.equal(save.appliedPurchaseIds.length);
    }));
  });
});

describe('gas station: premium pass (subscription)', () => {
  const AS_OF = '2026-01-01T00:00:00.000Z';
  const answer = (state: string, active: boolean, expiresAt: string | null = '2026-01-01T00:01:00.000Z'): EntitlementsAnswer => ({
    asOf: AS_OF,
    entitlements: [{ group: 'vip', state, active, expiresAt, autoRenew: state === 'ACTIVE' }],
  });

  it('BUY GAS gives double gas while the pass is active, normal gas otherwise; still once per purchaseId', () => {
    const premium = grantPurchase(newGame(), { purchaseId: ID_A, productId: GAS_PRODUCT_ID, quantity: 1 }, { premium: true });
    expect(premium.outcome).to.equal('granted');
    expect(premium.save.fuelLitres).to.equal(STARTING_FUEL_LITRES + GAS_PER_PURCHASE_LITRES * PREMIUM_GAS_MULTIPLIER);
    expect(PREMIUM_GAS_MULTIPLIER).to.equal(2);
    if (premium.outcome === 'granted') expect(premium.reward).to.deep.equal({ kind: 'gas', litres: 20, premium: true });
    const replay = grantPurchase(premium.save, { purchaseId: ID_A, productId: GAS_PRODUCT_ID, quantity: 1 }, { premium: true });
    expect(replay).to.deep.equal({ outcome: 'already-granted', save: premium.save });
    const plain = grantPurchase(premium.save, { purchaseId: ID_B, productId: GAS_PRODUCT_ID, quantity: 2 });
    expect(plain.save.fuelLitres).to.equal(premium.save.fuelLitres + 2 * GAS_PER_PURCHASE_LITRES);
  });

  it('the pass purchase itself adds no gas and is recorded once (its benefits follow the server)', () => {
    const r = grantPurchase(newGame(), { purchaseId: ID_A, productId: PREMIUM_PASS_PRODUCT_ID, quantity: 1 });
    expect(r.outcome).to.equal('granted');
    expect(r.save.fuelLitres).to.equal(STARTING_FUEL_LITRES);
    expect(r.save.appliedPurchaseIds).to.deep.equal([ID_A]);
    expect(grantPurchase(r.save, { purchaseId: ID_A, productId: PREMIUM_PASS_PRODUCT_ID, quantity: 1 }).outcome).to.equal('already-granted');
  });

  it('reads the pass from the server’s entitlements: benefits only in granting states, time left by the server’s clock', () => {
    expect(premiumPassOf({ asOf: AS_OF, entitlements: [] })).to.include({ state: null, active: false });
    const active = premiumPassOf(answer('ACTIVE', true));
    expect(active).to.include({ state: 'ACTIVE', active: true });
    expect(premiumSecondsLeft(active)).to.equal(60);
    expect(premiumPassText(active)).to.equal('Premium pass: active · 60 s left, renews');
    expect(premiumPassText(premiumPassOf(answer('IN_GRACE', true)))).to.match(/^Premium pass: payment failed, grace period/);
    expect(premiumPassText(premiumPassOf(answer('EXPIRED', false)))).to.equal('Premium pass: expired');
    expect(premiumPassText(null)).to.equal('No premium pass');
    expect(['ACTIVE', 'IN_GRACE', 'ON_HOLD', 'CANCELED_ACTIVE', 'EXPIRED', 'REVOKED'].map((state) => canBuyPremium(premiumPassOf(answer(state, false)))))
      .to.deep.equal([false, false, false, false, true, true]);
    expect(canBuyPremium(null)).to.equal(true);
  });

  it('a car upgrade the store refunded is taken back; an active one or a never-bought one is left alone', () => {
    const upgraded = { ...newGame(), carUpgraded: true };
    const revoked: EntitlementsAnswer = { asOf: AS_OF, entitlements: [{ group: CAR_UPGRADE_PRODUCT_ID, state: 'REVOKED', active: false, expiresAt: null, autoRenew: null }] };
    expect(takeBackRefunded(upgraded, revoked).carUpgraded).to.equal(false);
    const owned: EntitlementsAnswer = { asOf: AS_OF, entitlements: [{ group: CAR_UPGRADE_PRODUCT_ID, state: 'ACTIVE', active: true, expiresAt: null, autoRenew: null }] };
    expect(takeBackRefunded(upgraded, owned)).to.equal(upgraded);
    expect(takeBackRefunded(upgraded, { asOf: AS_OF, entitlements: [] })).to.equal(upgraded);
  });
});

describe('gas station: save store', () => {
  it('round-trips a save through the storage, applied purchase ids included', () => {
    const storage = new MemoryStorage();
    const store = new SaveStore(storage);
    expect(store.load().status).to.equal('new');
    const save = grantPurchase(newGame(), { purchaseId: ID_A, productId: GAS_PRODUCT_ID, quantity: 1 }).save;
    store.write(save);
    expect(new SaveStore(storage).load()).to.deep.equal({ status: 'loaded', save });
  });

  it('treats the undefined that Cocos returns for a missing web key as no save', () => {
    const store = new SaveStore({ getItem: () => undefined, setItem: () => undefined });
    expect(store.load().status).to.equal('new');
  });

  it('starts over with a reason when the stored text is not a save', () => {
    const storage = new MemoryStorage();
    for (const [text, reason] of [
      ['{oops', 'not JSON'],
      ['42', 'not an object'],
      ['{"version":2}', 'unknown save version 2'],
      ['{"version":1,"fuelLitres":-1,"odometerKm":0,"carUpgraded":false,"appliedPurchaseIds":[]}', 'fuelLitres is not a non-negative integer'],
      ['{"version":1,"fuelLitres":1,"odometerKm":0,"carUpgraded":false,"appliedPurchaseIds":[3]}', 'appliedPurchaseIds is not a list of strings'],
    ] as const) {
      storage.setItem('gas-station.save', text);
      expect(new SaveStore(storage).load()).to.deep.equal({ status: 'corrupt', save: newGame(), reason });
    }
  });

  it('drops unknown fields instead of carrying them along', () => {
    const r = parseSave('{"version":1,"fuelLitres":3,"odometerKm":20,"carUpgraded":true,"appliedPurchaseIds":[],"cheat":1}');
    expect(r).to.deep.equal({ ok: true, save: { version: 1, fuelLitres: 3, odometerKm: 20, carUpgraded: true, appliedPurchaseIds: [] } });
  });
});
