import { existsSync } from 'fs';
import { join } from 'path';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { ANDROID_MARKETS, isAndroidMarket, type AndroidMarket } from '../settings/markets';
import { androidBridgeFiles, iosBridgeFiles } from './bridge-sources';
import { syncBridgeFiles, type SyncReport } from './file-sync';
import { planAndroidBuildFiles, readKeepRules } from './android-project';
import { planIosBuildFiles } from './ios-project';
import { applyEdits } from './edit-file';
import { dedicatedPlatforms } from './markets/registry';

/** The build platforms the extension wires (keys of builder.ts `configs`): android, a market's own platform, ios. */
export const WIRED_PLATFORMS: readonly string[] = ['android', ...dedicatedPlatforms().map((d) => d.platform), 'ios'];
export type WiredPlatform = string;

export function isWiredPlatform(value: unknown): value is WiredPlatform {
  return typeof value === 'string' && (WIRED_PLATFORMS as readonly string[]).includes(value);
}

export interface WiringRequest {
  projectRoot: string;
  platform: WiredPlatform;
  /** Android only; the google-play platform is always Google Play. */
  market?: AndroidMarket;
  /** The extension's native/ folder with android/ and ios/ bridge sources. */
  bridgeRoot: string;
}

export interface WiringReport { engineDir: string; market?: AndroidMarket; files: SyncReport; edited: string[] }

/**
 * The Android market of a build: the build option on `android` (default: the first Android
 * market), always the platform's market on a market's own platform (Cocos' google-play).
 */
export function marketForBuild(platform: WiredPlatform, option: unknown): AndroidMarket | undefined {
  if (platform === 'ios') return undefined;
  const dedicated = dedicatedPlatforms().find((d) => d.platform === platform);
  if (dedicated) return dedicated.market;
  if (option === undefined || option === '') return ANDROID_MARKETS[0];
  if (!isAndroidMarket(option)) throw new BillingError('UNKNOWN_MARKET', `The Android market "${String(option)}" is not ${ANDROID_MARKETS.join(' or ')}.`);
  return option;
}

/**
 * Puts the bridge into `native/engine/<platform>` of a Cocos project: sources, store
 * dependency, repository and manifest entries, StoreKit. Running it again changes nothing;
 * running it with the other Android market swaps that market's entries and sources.
 */
export function wireNativeProject(request: WiringRequest): WiringReport {
  const engineDir = join(request.projectRoot, 'native', 'engine', request.platform);
  if (!existsSync(engineDir)) {
    throw new BillingError('CONFLICT', `native/engine/${request.platform} does not exist yet; Cocos creates it on the first build.`);
  }
  // Every build-file edit is computed first, so a file that cannot be edited safely stops the
  // wiring before any source or build file changes.
  if (request.platform === 'ios') {
    const files = iosBridgeFiles(request.bridgeRoot);
    const edits = planIosBuildFiles(request.projectRoot, engineDir, files);
    const report = syncBridgeFiles(engineDir, files);
    return { engineDir, files: report, edited: applyEdits(edits) };
  }
  const market = marketForBuild(request.platform, request.market)!;
  const files = androidBridgeFiles(request.bridgeRoot, market);
  const edits = planAndroidBuildFiles(request.projectRoot, engineDir, market, readKeepRules(request.bridgeRoot, market));
  const report = syncBridgeFiles(engineDir, files);
  return { engineDir, market, files: report, edited: applyEdits(edits) };
}
