import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { AndroidMarket } from '../settings/markets';
import type { BlockSpec } from './marked-block';
import { androidWiring } from './markets/registry';
import { planBuildFileEdit, type PlannedEdit } from './edit-file';

/**
 * The Gradle and manifest entries an Android market needs (COCOS.md §2, STORES.md §3.1) are its
 * AndroidWiring (native/markets/<market>.ts): the store SDK dependency, a maven repository and
 * <queries> entries where the store needs them. Switching markets removes the other's entries.
 */
/**
 * Patches app/build.gradle, build.gradle, app/AndroidManifest.xml and app/proguard-rules.pro
 * (the bridge's keep rules for its reflective entry points), in memory; see applyEdits.
 */
export function planAndroidBuildFiles(projectRoot: string, engineDir: string, market: AndroidMarket, keepRules: readonly string[] | null): (PlannedEdit | null)[] {
  const wiring = androidWiring(market);
  const appGradle = join(engineDir, 'app', 'build.gradle');
  const rootGradle = join(engineDir, 'build.gradle');
  const manifest = join(engineDir, 'app', 'AndroidManifest.xml');
  const proguard = join(engineDir, 'app', 'proguard-rules.pro');
  return [
    planBuildFileEdit(appGradle, projectRoot, [{
      section: 'dependencies', style: 'slash', indent: '    ',
      lines: [`implementation '${wiring.dependency}'`],
      place: { after: /^dependencies\s*\{/ },
    }]),
    planBuildFileEdit(rootGradle, projectRoot, [repositoryBlock(rootGradle, wiring.mavenRepository)], { createIfMissing: wiring.mavenRepository !== undefined }),
    planBuildFileEdit(manifest, projectRoot, [{
      section: 'queries', style: 'xml', indent: '    ',
      lines: wiring.manifestQueries ? [...wiring.manifestQueries] : null,
      place: { before: /^\s*<application\b/ },
    }]),
    planBuildFileEdit(proguard, projectRoot, [{ section: 'keep-rules', style: 'hash', lines: keepRules, place: { append: true } }], { createIfMissing: true }),
  ];
}

/**
 * The bridge's ProGuard/R8 rules for a build: the shared ones (native/android/proguard-rules.pro)
 * and those of the market's store SDK (proguard-<market>.pro), or null when there are none.
 */
export function readKeepRules(bridgeRoot: string, market: AndroidMarket): string[] | null {
  const lines: string[] = [];
  for (const name of ['proguard-rules.pro', `proguard-${market}.pro`]) {
    const path = join(bridgeRoot, 'android', name);
    if (!existsSync(path)) continue;
    const own = readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.trimEnd());
    while (own.length && !own[own.length - 1]) own.pop();
    lines.push(...own);
  }
  return lines.length ? lines : null;
}

/** Inside `allprojects { repositories { … } }` when the file has it, else a new allprojects block. */
function repositoryBlock(path: string, repository: string | undefined): BlockSpec {
  const wanted = repository !== undefined;
  const maven = `maven { url '${repository}' }`;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const scoped = /^\s*allprojects\s*\{[\s\S]*?^\s*repositories\s*\{/m.test(text);
  if (scoped) {
    return { section: 'repositories', style: 'slash', indent: '        ', lines: wanted ? [maven] : null, place: { after: /^\s*repositories\s*\{/, searchFrom: /^\s*allprojects\s*\{/ } };
  }
  return { section: 'repositories', style: 'slash', lines: wanted ? ['allprojects {', '    repositories {', `        ${maven}`, '    }', '}'] : null, place: { append: true } };
}
