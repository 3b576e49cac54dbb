/**
 * The rules of "Gas Station", free of any engine: the Cocos component and the web demo both
 * run exactly this module, so the game behaves the same in the editor, on a phone and at /demo.
 *
 * A car burns GAS as you DRIVE. BUY GAS (consumable `gas`) puts fuel in the tank; UPGRADE MY
 * CAR (non-consumable `car_upgrade`) halves what every trip burns. Every grant is keyed by the
 * billing server's `purchaseId`, and the save remembers the ids it applied, so a purchase that
 * is replayed (a recovered purchase after a crash, a duplicate store callback) is never granted
 * twice.
 */

/** The game's product ids, as registered on the billing server (`common-billing demo` creates them). */
export const GAS_PRODUCT_ID = 'gas';
export const CAR_UPGRADE_PRODUCT_ID = 'car_upgrade';

/** Litres a new game starts with: enough for a few trips, so the player meets an empty tank soon. */
export const STARTING_FUEL_LITRES = 10;
/** Litres one BUY GAS adds (times the purchase quantity). */
export const GAS_PER_PURCHASE_LITRES = 10;
/** Kilometres one press of DRIVE covers. */
export const TRIP_KM = 10;
/** Litres one trip burns: the stock car does 5 km/l, the upgraded one 10 km/l. */
export const TRIP_FUEL_STOCK_LITRES = 2;
export const TRIP_FUEL_UPGRADED_LITRES = 1;

export const SAVE_VERSION = 1;

/** Everything the game keeps between sessions. Plain data, so it serializes as JSON. */
export interface GameSave {
  version: typeof SAVE_VERSION;
  fuelLitres: number;
  odometerKm: number;
  carUpgraded: boolean;
  /** Every purchaseId already granted, oldest first: the guard against granting a purchase twice. */
  appliedPurchaseIds: string[];
}

export function newGame(): GameSave {
  return { version: SAVE_VERSION, fuelLitres: STARTING_FUEL_LITRES, odometerKm: 0, carUpgraded: false, appliedPurchaseIds: [] };
}

export function tripFuelLitres(save: GameSave): number {
  return save.carUpgraded ? TRIP_FUEL_UPGRADED_LITRES : TRIP_FUEL_STOCK_LITRES;
}

export function kmPerLitre(save: GameSave): number {
  return TRIP_KM / tripFuelLitres(save);
}

/** How many more trips the fuel in the tank allows. */
export function tripsLeft(save: GameSave): number {
  return Math.floor(save.fuelLitres / tripFuelLitres(save));
}

export type DriveResult =
  | { outcome: 'driven'; save: GameSave; km: number; burnedLitres: number }
  | { outcome: 'out-of-gas'; save: GameSave };

/** One press of DRIVE: a trip if the tank holds enough for it, otherwise nothing moves. */
export function drive(save: GameSave): DriveResult {
  const burn = tripFuelLitres(save);
  if (save.fuelLitres < burn) return { outcome: 'out-of-gas', save };
  return {
    outcome: 'driven',
    km: TRIP_KM,
    burnedLitres: burn,
    save: { ...save, fuelLitres: save.fuelLitres - burn, odometerKm: save.odometerKm + TRIP_KM },
  };
}

/** The part of a verified purchase that decides what the player gets. */
export interface Grantable {
  purchaseId: string;
  productId: string;
  quantity: number;
}

export type GrantResult =
  /** Newly granted: the caller saves `save` before telling the billing SDK it was delivered. */
  | { outcome: 'granted'; save: GameSave; reward: Reward }
  /** This purchaseId was granted before (a replay): nothing changes, but it is still safe to consume/confirm. */
  | { outcome: 'already-granted'; save: GameSave }
  /** Not a product of this game: nothing is granted and the purchase must not be consumed. */
  | { outcome: 'unknown-product'; save: GameSave };

export type Reward = { kind: 'gas'; litres: number } | { kind: 'car-upgrade'; alreadyOwned: boolean };

/** Applies a paid purchase exactly once per purchaseId. */
export function grantPurchase(save: GameSave, purchase: Grantable): GrantResult {
  if (save.appliedPurchaseIds.includes(purchase.purchaseId)) return { outcome: 'already-granted', save };
  const applied = [...save.appliedPurchaseIds, purchase.purchaseId];
  if (purchase.productId === GAS_PRODUCT_ID) {
    const litres = GAS_PER_PURCHASE_LITRES * Math.max(1, Math.floor(purchase.quantity));
    return { outcome: 'granted', reward: { kind: 'gas', litres }, save: { ...save, fuelLitres: save.fuelLitres + litres, appliedPurchaseIds: applied } };
  }
  if (purchase.productId === CAR_UPGRADE_PRODUCT_ID) {
    // A second upgrade purchase (e.g. restored on a new device after a local one) changes
    // nothing but is recorded, so it is not offered again as "new".
    return {
      outcome: 'granted',
      reward: { kind: 'car-upgrade', alreadyOwned: save.carUpgraded },
      save: { ...save, carUpgraded: true, appliedPurchaseIds: applied },
    };
  }
  return { outcome: 'unknown-product', save };
}

export function wasGranted(save: GameSave, purchaseId: string): boolean {
  return save.appliedPurchaseIds.includes(purchaseId);
}
