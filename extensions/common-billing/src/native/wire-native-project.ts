import { existsSync } from 'fs';
import { join } from 'path';
import { BillingError } from '../../../../assets/common-billing/protocol/error-codes';
import { isAndroidMarket, type AndroidMarket } from '../settings/markets';
import { androidBridgeFiles, iosBridgeFiles } from './bridge-sources';
import { syncBridgeFiles, type SyncReport } from './file-sync';
import { planAndroidBuildFiles, readKeepRules } from './android-project';
import { planIosBuildFiles } from './ios-project';
import { applyEdits } from './edit-file';

/** The build platforms the extension wires (keys of builder.ts `configs`). */
export const WIRED_PLATFORMS = ['android', 'google-play', 'ios'] as const;
export type WiredPlatform = (typeof WIRED_PLATFORMS)[number];

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

/** The Android market of a build: the build option on `android`, always Google Play on `google-play`. */
export function marketForBuild(platform: WiredPlatform, option: unknown): AndroidMarket | undefined {
  if (platform === 'ios') return undefined;
  if (platform === 'google-play') return 'google-play';
  if (option === undefined || option === '') return 'google-play';
  if (!isAndroidMarket(option)) throw new BillingError('UNKNOWN_MARKET', `The Android market "${String(option)}" is not google-play or one-store.`);
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
