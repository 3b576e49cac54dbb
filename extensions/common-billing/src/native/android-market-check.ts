import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, sep } from 'path';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import type { AndroidMarket } from '../settings/markets';
import { componentMarketsFor } from './markets/registry';

/**
 * The Android build option is the one source of the Android market: the CommonBilling component
 * (CBCommonBilling) leaves `androidMarket` empty and reads the market the build wired. A scene or
 * prefab that still names a market must agree with the build option, or the build stops here
 * rather than at the player's first login. Which other markets a build accepts is each market's
 * `componentOnAndroid` (native/markets/).
 */

export interface MarketMismatch {
  /** Project-relative path of the scene or prefab. */
  file: string;
  androidMarket: string;
}

/** Every `androidMarket` under assets/ (scenes and prefabs are JSON) that this build's market contradicts. */
export function findMarketMismatches(projectRoot: string, market: AndroidMarket): MarketMismatch[] {
  const out: MarketMismatch[] = [];
  const compatible = componentMarketsFor(market);
  for (const file of listAssets(join(projectRoot, 'assets'))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('"androidMarket"')) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      continue;  // not JSON: not a serialized scene or prefab
    }
    for (const value of androidMarketValues(json)) {
      if (!compatible.includes(value)) out.push({ file: relative(projectRoot, file).split(sep).join('/'), androidMarket: value });
    }
  }
  return out;
}

/** Throws CONFLICT naming each scene or prefab whose component contradicts the build option. */
export function checkAndroidMarket(projectRoot: string, market: AndroidMarket): void {
  const found = findMarketMismatches(projectRoot, market);
  if (found.length === 0) return;
  const list = found.map((m) => `${m.file} (androidMarket "${m.androidMarket}")`).join(', ');
  throw new BillingError('CONFLICT', `This build's Android market is ${market} (build option), but ${list} names another. `
    + 'Leave the component\'s Android Market empty (the build option decides) or change the build option.', { details: { market, mismatches: found } });
}

function androidMarketValues(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) androidMarketValues(item, out);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'androidMarket' && typeof value === 'string') out.push(value);
      else androidMarketValues(value, out);
    }
  }
  return out;
}

function listAssets(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listAssets(path));
    else if (name.endsWith('.scene') || name.endsWith('.prefab')) out.push(path);
  }
  return out;
}
