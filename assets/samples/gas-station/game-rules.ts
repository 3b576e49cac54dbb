/**
 * The rules of "Gas Station", free of any engine: the Cocos component and the web demo both
 * run exactly this module, so the game behaves the same in the editor, on a phone and at /demo.
 *
 * A car burns GAS as you DRIVE. BUY GAS (consumable `gas`) puts fuel in the tank; UPGRADE MY
 * CAR (non-consumable `car_upgrade`) halves what every trip burns. The PREMIUM PASS (subscription
 * `premium_pass`, entitlement group `vip`) doubles the gas of every BUY GAS while it is active; the
 * billing server says whether it is (getEntitlements), the save never does. Every grant is keyed by the
 * billing server's `purchaseId`, and the save remembers the ids it applied, so a purchase that
 * is replayed (a recovered purchase after a crash, a duplicate store callback) is never granted
 * twice.
 */

/** The game's product ids, as registered on the billing server (`common-billing demo` creates them). */
export const GAS_PRODUCT_ID = 'gas';
export const CAR_UPGRADE_PRODUCT_ID = 'car_upgrade';
export const PREMIUM_PASS_PRODUCT_ID = 'premium_pass';
/** The pass's entitlement group in the catalog (`subscription: {group: 'vip', period: 'P1M'}`). */
export const PREMIUM_GROUP = 'vip';
/** BUY GAS gives this many times the gas while the premium pass is active. */
export const PREMIUM_GAS_MULTIPLIER = 2;

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

export type Reward =
  | { kind: 'gas'; litres: number; premium: boolean }
  | { kind: 'car-upgrade'; alreadyOwned: boolean }
  | { kind: 'premium-pass' };

/** What the player has now that changes a grant (from the billing server, at delivery time). */
export interface Perks {
  /** The premium pass grants its benefits now (entitlement `active`). */
  premium: boolean;
}
export const NO_PERKS: Perks = { premium: false };

/** Applies a paid purchase exactly once per purchaseId. */
export function grantPurchase(save: GameSave, purchase: Grantable, perks: Perks = NO_PERKS): GrantResult {
  if (save.appliedPurchaseIds.includes(purchase.purchaseId)) return { outcome: 'already-granted', save };
  const applied = [...save.appliedPurchaseIds, purchase.purchaseId];
  if (purchase.productId === GAS_PRODUCT_ID) {
    const multiplier = perks.premium ? PREMIUM_GAS_MULTIPLIER : 1;
    const litres = GAS_PER_PURCHASE_LITRES * Math.max(1, Math.floor(purchase.quantity)) * multiplier;
    return { outcome: 'granted', reward: { kind: 'gas', litres, premium: perks.premium }, save: { ...save, fuelLitres: save.fuelLitres + litres, appliedPurchaseIds: applied } };
  }
  if (purchase.productId === PREMIUM_PASS_PRODUCT_ID) {
    // The pass's benefits follow the server's entitlement, not the save: only the id is kept,
    // so a replayed delivery of the first purchase is not announced twice.
    return { outcome: 'granted', reward: { kind: 'premium-pass' }, save: { ...save, appliedPurchaseIds: applied } };
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

/** The premium pass as the billing server last described it (times are the server's, ISO-8601). */
export interface PremiumPass {
  /** The entitlement's state (ACTIVE, IN_GRACE, ON_HOLD, CANCELED_ACTIVE, EXPIRED, REVOKED…); null = never bought. */
  state: string | null;
  /** The benefits are on (the server's `active`: ACTIVE, IN_GRACE, CANCELED_ACTIVE). */
  active: boolean;
  expiresAt: string | null;
  autoRenew: boolean | null;
  /** The server's clock at the answer: "time left" is expiresAt − asOf, never the device's clock. */
  asOf: string;
}

/** The subset of GET /v1/entitlements the game reads. */
export interface EntitlementsAnswer {
  asOf: string;
  entitlements: Array<{ group: string; state: string; active: boolean; expiresAt: string | null; autoRenew: boolean | null }>;
}

export function premiumPassOf(answer: EntitlementsAnswer): PremiumPass {
  const pass = answer.entitlements.find((e) => e.group === PREMIUM_GROUP);
  if (!pass) return { state: null, active: false, expiresAt: null, autoRenew: null, asOf: answer.asOf };
  return { state: pass.state, active: pass.active, expiresAt: pass.expiresAt, autoRenew: pass.autoRenew, asOf: answer.asOf };
}

/**
 * A refund the store made after delivery takes the item back: the car upgrade's entitlement
 * (group = its product id) no longer active means the store refunded or revoked it. Gas already
 * burned cannot be taken back, so a refunded BUY GAS changes nothing here (the console shows it).
 */
export function takeBackRefunded(save: GameSave, answer: EntitlementsAnswer): GameSave {
  const car = answer.entitlements.find((e) => e.group === CAR_UPGRADE_PRODUCT_ID);
  if (!car || car.active || !save.carUpgraded) return save;
  return { ...save, carUpgraded: false };
}

/**
 * The pass can be bought when there is none, or the last one ended (expired, refunded). While
 * a renewal is failing (grace, hold) the player fixes the payment at the store instead: a
 * second subscription would charge twice.
 */
export function canBuyPremium(pass: PremiumPass | null): boolean {
  return !pass || pass.state === null || pass.state === 'EXPIRED' || pass.state === 'REVOKED';
}

/** Whole seconds of the paid period left, by the server's clock; null when there is no end. */
export function premiumSecondsLeft(pass: PremiumPass): number | null {
  if (!pass.expiresAt) return null;
  return Math.max(0, Math.round((Date.parse(pass.expiresAt) - Date.parse(pass.asOf)) / 1000));
}
