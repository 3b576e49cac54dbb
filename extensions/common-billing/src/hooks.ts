import { join } from 'path';
import type { IBuildResult, IBuildTaskOption } from '@cocos/creator-types/editor/packages/builder/@types/public';
import { isWiredPlatform, marketForBuild, wireNativeProject, type WiringReport } from './native/wire-native-project';

/**
 * Build hooks (run in the builder's worker). The wiring is done after the build, when
 * native/engine/<platform> exists, so that opening build/<platform>/proj in Android Studio or
 * Xcode works, and checked again before Make in case the option changed in between.
 */
export const throwError = true;

const bridgeRoot = join(__dirname, '..', 'native');

function wire(options: IBuildTaskOption): WiringReport | undefined {
  if (!isWiredPlatform(options.platform)) return undefined;
  const pkg = (options.packages?.['common-billing'] ?? {}) as { market?: unknown };
  const report = wireNativeProject({
    projectRoot: Editor.Project.path,
    platform: options.platform,
    market: marketForBuild(options.platform, pkg.market),
    bridgeRoot,
  });
  const changes = report.files.written.length + report.files.removed.length + report.edited.length;
  console.log(`[common-billing] ${options.platform}${report.market ? ` (${report.market})` : ''}: ${changes ? `${changes} change(s) in ${report.engineDir}` : 'native project already wired'}`);
  return report;
}

export function onAfterBuild(options: IBuildTaskOption, _result: IBuildResult): void {
  wire(options);
}

export function onBeforeMake(_root: string, options: IBuildTaskOption): void {
  wire(options);
}
