import { newGame, SAVE_VERSION, type GameSave } from './game-rules';

/**
 * Keeps the game save in a string key-value storage: Cocos `sys.localStorage` in the game,
 * `window.localStorage` on the web. Both fit this shape (Cocos may answer `undefined` for a
 * missing key on the web, hence the wide return type).
 */
export interface SaveStorage {
  getItem(key: string): string | null | undefined;
  setItem(key: string, value: string): void;
}

export const DEFAULT_SAVE_KEY = 'gas-station.save';

export type LoadResult =
  | { status: 'new'; save: GameSave }
  | { status: 'loaded'; save: GameSave }
  /** The stored text was not a save of this game; the player starts over and is told so. */
  | { status: 'corrupt'; save: GameSave; reason: string };

export class SaveStore {
  constructor(
    private readonly storage: SaveStorage,
    private readonly key: string = DEFAULT_SAVE_KEY,
  ) {}

  load(): LoadResult {
    const text = this.storage.getItem(this.key);
    if (text === null || text === undefined || text === '') return { status: 'new', save: newGame() };
    const parsed = parseSave(text);
    return parsed.ok ? { status: 'loaded', save: parsed.save } : { status: 'corrupt', save: newGame(), reason: parsed.reason };
  }

  /** Throws what the storage throws (quota, disk): a grant must not be reported as delivered unless this succeeded. */
  write(save: GameSave): void {
    this.storage.setItem(this.key, JSON.stringify(save));
  }
}

export function parseSave(text: string): { ok: true; save: GameSave } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'not an object' };
  const v = value as Record<string, unknown>;
  if (v.version !== SAVE_VERSION) return { ok: false, reason: `unknown save version ${String(v.version)}` };
  if (!isCount(v.fuelLitres)) return { ok: false, reason: 'fuelLitres is not a non-negative integer' };
  if (!isCount(v.odometerKm)) return { ok: false, reason: 'odometerKm is not a non-negative integer' };
  if (typeof v.carUpgraded !== 'boolean') return { ok: false, reason: 'carUpgraded is not a boolean' };
  const ids = v.appliedPurchaseIds;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return { ok: false, reason: 'appliedPurchaseIds is not a list of strings' };
  return {
    ok: true,
    save: { version: SAVE_VERSION, fuelLitres: v.fuelLitres, odometerKm: v.odometerKm, carUpgraded: v.carUpgraded, appliedPurchaseIds: [...ids] },
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
