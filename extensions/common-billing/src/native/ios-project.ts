import { join } from 'path';
import type { BridgeFile } from './bridge-sources';
import { planBuildFileEdit, type PlannedEdit } from './edit-file';

/**
 * The Swift language mode of the bridge: CMake's default for Xcode projects is 4.0, which Xcode 15+
 * refuses. 5.0 builds on Xcode 14.3–16; the sources are checked for Swift 6 data races with
 * complete strict-concurrency checking (SWIFT_STRICT_CONCURRENCY, warnings in Swift 5 mode).
 */
export const SWIFT_LANGUAGE_VERSION = '5.0';

/**
 * Adds the bridge sources to native/engine/ios/CMakeLists.txt before cc_ios_before_target()
 * (which turns CC_PROJ_SOURCES into the app target; the Swift language version must be set before
 * that target exists) and links StoreKit after cc_ios_after_target() (COCOS.md §2; standard CMake,
 * not verified on a Mac).
 */
export function planIosBuildFiles(projectRoot: string, engineDir: string, files: readonly BridgeFile[]): (PlannedEdit | null)[] {
  const cmake = join(engineDir, 'CMakeLists.txt');
  const sources = files.map((f) => `    \${CMAKE_CURRENT_LIST_DIR}/${f.to}`);
  const usesSwift = files.some((f) => f.to.endsWith('.swift'));
  const sourceLines = sources.length
    ? [...(usesSwift ? [`set(CMAKE_Swift_LANGUAGE_VERSION ${SWIFT_LANGUAGE_VERSION})`, 'enable_language(Swift)'] : []), 'list(APPEND CC_PROJ_SOURCES', ...sources, ')']
    : null;
  const frameworkLines = ['target_link_libraries(${EXECUTABLE_NAME} "-framework StoreKit")'];
  if (usesSwift) frameworkLines.push('set_target_properties(${EXECUTABLE_NAME} PROPERTIES XCODE_ATTRIBUTE_SWIFT_STRICT_CONCURRENCY complete)');
  return [planBuildFileEdit(cmake, projectRoot, [
    { section: 'sources', style: 'hash', lines: sourceLines, place: { before: /^\s*cc_ios_before_target\s*\(/ } },
    { section: 'frameworks', style: 'hash', lines: frameworkLines, place: { after: /^\s*cc_ios_after_target\s*\(/ } },
  ])];
}
