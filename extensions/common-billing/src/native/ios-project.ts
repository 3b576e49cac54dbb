import { join } from 'path';
import type { BridgeFile } from './bridge-sources';
import { planBuildFileEdit, type PlannedEdit } from './edit-file';

/**
 * Adds the bridge sources to native/engine/ios/CMakeLists.txt before cc_ios_before_target()
 * (which turns CC_PROJ_SOURCES into the app target) and links StoreKit after
 * cc_ios_after_target() (COCOS.md §2; the link line is standard CMake, not verified on a Mac).
 */
export function planIosBuildFiles(projectRoot: string, engineDir: string, files: readonly BridgeFile[]): (PlannedEdit | null)[] {
  const cmake = join(engineDir, 'CMakeLists.txt');
  const sources = files.map((f) => `    \${CMAKE_CURRENT_LIST_DIR}/${f.to}`);
  const usesSwift = files.some((f) => f.to.endsWith('.swift'));
  const sourceLines = sources.length
    ? [...(usesSwift ? ['enable_language(Swift)'] : []), 'list(APPEND CC_PROJ_SOURCES', ...sources, ')']
    : null;
  return [planBuildFileEdit(cmake, projectRoot, [
    { section: 'sources', style: 'hash', lines: sourceLines, place: { before: /^\s*cc_ios_before_target\s*\(/ } },
    { section: 'frameworks', style: 'hash', lines: ['target_link_libraries(${EXECUTABLE_NAME} "-framework StoreKit")'], place: { after: /^\s*cc_ios_after_target\s*\(/ } },
  ])];
}
