import { existsSync } from 'fs';
import { join, resolve } from 'path';
import type { IBuildResult, IBuildTaskOption } from '@cocos/creator-types/editor/packages/builder/@types/public';
import { BillingError } from '../../../assets/common-billing/protocol/error-codes';
import { isWiredPlatform, marketForBuild, wireNativeProject, type WiredPlatform } from './native/wire-native-project';
import { checkAndroidMarket } from './native/android-market-check';

/**
 * Build hooks (run in the builder's worker). The wiring is done after the build, so that
 * opening build/<platform>/proj in Android Studio or Xcode works, and again before Make in
 * case the option changed in between. Should native/engine/<platform> not exist yet when
 * onAfterBuild runs (unverified for the very first build), it is wired before Make.
 */
export const throwError = true;

const bridgeRoot = join(__dirname, '..', 'native');

/**
 * The project folder: Editor.Project.path when the worker has it, else derived from the
 * build folder, which is `<project>/<buildPath after project://>/<outputName>`.
 */
export function projectRootOf(options: IBuildTaskOption, buildDir: string | undefined): string {
  const editorPath = typeof Editor !== 'undefined' ? Editor.Project?.path : undefined;
  if (editorPath) return editorPath;
  const prefix = 'project://';
  if (buildDir && typeof options.buildPath === 'string' && options.buildPath.startsWith(prefix)) {
    const depth = options.buildPath.slice(prefix.length).split('/').filter(Boolean).length + 1;
    return resolve(buildDir, ...Array<string>(depth).fill('..'));
  }
  throw new BillingError('CONFLICT', 'Common Billing could not find the project folder for this build.');
}

function wire(options: IBuildTaskOption, buildDir: string | undefined, stage: 'after-build' | 'before-make'): void {
  if (!isWiredPlatform(options.platform)) return;
  const platform: WiredPlatform = options.platform;
  const projectRoot = projectRootOf(options, buildDir);
  if (stage === 'after-build' && !existsSync(join(projectRoot, 'native', 'engine', platform))) {
    console.warn(`[common-billing] native/engine/${platform} does not exist yet; it is wired before Make.`);
    return;
  }
  const pkg = (options.packages?.['common-billing'] ?? {}) as { market?: unknown };
  const report = wireNativeProject({ projectRoot, platform, market: marketForBuild(platform, pkg.market), bridgeRoot });
  const changes = report.files.written.length + report.files.removed.length + report.edited.length;
  console.log(`[common-billing] ${platform}${report.market ? ` (${report.market})` : ''}: ${changes ? `${changes} change(s) in ${report.engineDir}` : 'native project already wired'}`);
}

/**
 * Before anything is built: the build option is the one source of the Android market, so a scene
 * or prefab whose component names a contradicting market fails the build (android-market-check.ts).
 */
export function onBeforeBuild(options: IBuildTaskOption): void {
  if (!isWiredPlatform(options.platform) || options.platform === 'ios') return;
  const pkg = (options.packages?.['common-billing'] ?? {}) as { market?: unknown };
  const market = marketForBuild(options.platform, pkg.market)!;
  let projectRoot: string;
  try {
    projectRoot = projectRootOf(options, undefined);
  } catch {
    console.warn('[common-billing] the project folder is unknown before the build; the Android market of scenes is not checked.');
    return;
  }
  checkAndroidMarket(projectRoot, market);
}

export function onAfterBuild(options: IBuildTaskOption, result: IBuildResult): void {
  wire(options, result?.dest, 'after-build');
}

export function onBeforeMake(root: string, options: IBuildTaskOption): void {
  wire(options, root, 'before-make');
}
