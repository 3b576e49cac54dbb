import { expect } from 'chai';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wireNativeProject, type WiredPlatform } from '../../extensions/common-billing/src/native/wire-native-project';
import { ONE_STORE_REPOSITORY } from '../../extensions/common-billing/src/native/markets/one-store';
import type { AndroidMarket } from '../../extensions/common-billing/src/settings/markets';
import { contentsOf, createBridgeSources, createCocosProject, DEVELOPER_JAVA, snapshot } from './support/native-fixture';

describe('extension: builder hooks wire the native project', () => {
  let project: string;
  let bridge: string;
  const wire = (platform: WiredPlatform, market?: AndroidMarket) => wireNativeProject({ projectRoot: project, platform, market, bridgeRoot: bridge });
  const read = (...parts: string[]) => readFileSync(join(project, 'native', 'engine', ...parts), 'utf8');
  const has = (...parts: string[]) => existsSync(join(project, 'native', 'engine', ...parts));

  beforeEach(() => {
    project = createCocosProject();
    bridge = createBridgeSources();
  });
  afterEach(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(bridge, { recursive: true, force: true });
  });

  /** The lines of the app module's top-level `dependencies { … }` block. */
  function dependenciesBlock(platform: string): string {
    const text = read(platform, 'app', 'build.gradle');
    const start = text.indexOf('\ndependencies {');
    return text.slice(start, text.indexOf('\n}', start));
  }

  for (const platform of ['android', 'google-play'] as const) {
    it(`${platform} with Google Play: Play Billing 8 and the shared + Google Play sources, nothing of ONE store`, () => {
      const report = wire(platform, 'google-play');
      expect(report.market).to.equal('google-play');
      expect(dependenciesBlock(platform)).to.contain("implementation 'com.android.billingclient:billing:8.0.0'");
      expect(read(platform, 'app', 'build.gradle')).not.to.contain('onestore');
      expect(read(platform, 'build.gradle')).not.to.contain(ONE_STORE_REPOSITORY);
      expect(read(platform, 'app', 'AndroidManifest.xml')).not.to.contain('com.onestore.ipc.iap');
      const src = [platform, 'src', 'com', 'commonbilling', 'bridge'];
      expect(has(...src, 'CBBridge.java')).to.equal(true);
      expect(has(...src, 'Envelope.java')).to.equal(true);
      expect(has(...src, 'googleplay', 'GooglePlayMarket.java')).to.equal(true);
      expect(has(...src, 'onestore', 'OneStoreMarket.java')).to.equal(false);
      // Stubs of the SDK or the engine and tests never reach the app.
      expect(has(platform, 'src', 'com', 'android')).to.equal(false);
      expect(has(platform, 'src', 'com', 'cocos', 'lib')).to.equal(false);
      expect(has(...src, 'EnvelopeTest.java')).to.equal(false);
      expect(read(platform, 'src', 'com', 'cocos', 'game', 'MyGameHelper.java')).to.equal(DEVELOPER_JAVA);
      const proguard = read(platform, 'app', 'proguard-rules.pro');
      expect(proguard).to.match(/^# Add project specific ProGuard rules here\.\n-keep public class com\.cocos\.game\.\*\* \{ \*; \}\n/);
      expect(proguard).to.contain('\n-keep class com.commonbilling.bridge.CommonBillingBridge { public static void register(); }\n-keep class com.android.vending.billing.** { *; }\n# common-billing:end keep-rules\n');
      expect(proguard).not.to.contain('com.gaa.sdk');
    });
  }

  it('android with ONE store: sdk-iap 21.04.00, its maven repository in allprojects, <queries> in the manifest', () => {
    wire('android', 'one-store');
    expect(dependenciesBlock('android')).to.contain("implementation 'com.onestorecorp.sdk:sdk-iap:21.04.00'");
    expect(dependenciesBlock('android')).not.to.contain('billingclient');
    const rootGradle = read('android', 'build.gradle');
    const allprojects = rootGradle.slice(rootGradle.indexOf('allprojects {'));
    expect(allprojects).to.contain(`maven { url '${ONE_STORE_REPOSITORY}' }`);
    expect(rootGradle.slice(0, rootGradle.indexOf('allprojects {'))).not.to.contain(ONE_STORE_REPOSITORY);
    const manifest = read('android', 'app', 'AndroidManifest.xml');
    expect(manifest.indexOf('com.onestore.ipc.iap.IapService.ACTION')).to.be.within(0, manifest.indexOf('<application'));
    expect(has('android', 'src', 'com', 'commonbilling', 'bridge', 'onestore', 'OneStoreMarket.java')).to.equal(true);
    expect(has('android', 'src', 'com', 'commonbilling', 'bridge', 'googleplay')).to.equal(false);
    const proguard = read('android', 'app', 'proguard-rules.pro');
    expect(proguard).to.contain('-keep class com.gaa.sdk.** { *; }\n# common-billing:end keep-rules\n');
    expect(proguard).not.to.contain('com.android.vending.billing');
  });

  it("the bridge's own keep rules cover each store SDK and the classes created by name", () => {
    const rules = (name: string) => readFileSync(join(__dirname, '..', '..', 'native', 'android', name), 'utf8');
    expect(rules('proguard-rules.pro')).to.contain('-keep class * implements com.commonbilling.bridge.MarketProvider');
    expect(rules('proguard-rules.pro')).to.contain('public static java.lang.String builtMarket();');
    expect(rules('proguard-one-store.pro')).to.contain('-keep class com.gaa.sdk.** { *; }');
    expect(rules('proguard-one-store.pro')).to.contain('-keep class com.commonbilling.bridge.onestore.** { *; }');
    expect(rules('proguard-google-play.pro')).to.contain('-keep class com.commonbilling.bridge.googleplay.** { *; }');
  });

  for (const [platform, market] of [['android', 'google-play'], ['android', 'one-store'], ['google-play', undefined], ['ios', undefined]] as const) {
    it(`${platform}${market ? ` (${market})` : ''}: a second run changes no byte and no timestamp`, () => {
      wire(platform, market);
      const first = snapshot(project);
      const again = wire(platform, market);
      expect(again.files).to.deep.equal({ written: [], removed: [] });
      expect(again.edited).to.deep.equal([]);
      expect(snapshot(project)).to.deep.equal(first);
    });
  }

  it('switching the Android market swaps entries and sources, and switching back restores the same tree', () => {
    const pristine = contentsOf(snapshot(project));
    wire('android', 'google-play');
    const google = contentsOf(snapshot(project));
    const toOneStore = wire('android', 'one-store');
    expect(toOneStore.files.removed).to.include('src/com/commonbilling/bridge/googleplay/GooglePlayMarket.java');
    expect(read('android', 'app', 'build.gradle')).not.to.contain('billingclient');
    wire('android', 'google-play');
    expect(contentsOf(snapshot(project))).to.deep.equal(google);
    expect(read('android', 'build.gradle')).to.equal(pristine[join('native', 'engine', 'android', 'build.gradle')]);
    expect(read('android', 'app', 'AndroidManifest.xml')).to.equal(pristine[join('native', 'engine', 'android', 'app', 'AndroidManifest.xml')]);
  });

  it('google-play is always Google Play, whatever the Android option says', () => {
    expect(wire('google-play', 'one-store').market).to.equal('google-play');
    expect(dependenciesBlock('google-play')).to.contain('com.android.billingclient:billing:8.0.0');
    expect(has('android', 'src', 'com', 'commonbilling')).to.equal(false);
  });

  it('ios: sources listed before cc_ios_before_target, StoreKit linked after cc_ios_after_target', () => {
    wire('ios');
    for (const file of ['CBBridge.h', 'CBBridge.mm', 'StoreKitMarket.swift']) {
      expect(has('ios', 'common-billing', file), file).to.equal(true);
    }
    expect(has('ios', 'common-billing', 'README.md')).to.equal(false);
    const cmake = read('ios', 'CMakeLists.txt');
    const sources = cmake.indexOf('${CMAKE_CURRENT_LIST_DIR}/common-billing/CBBridge.mm');
    expect(sources).to.be.within(cmake.indexOf('list(APPEND CC_PROJ_SOURCES\n    ${CMAKE_CURRENT_LIST_DIR}'), cmake.indexOf('cc_ios_before_target('));
    expect(cmake).to.contain('enable_language(Swift)');
    // CMake's default Swift language version is 4.0: set before the language is enabled and the target made.
    expect(cmake.indexOf('set(CMAKE_Swift_LANGUAGE_VERSION 5.0)')).to.be.within(0, cmake.indexOf('enable_language(Swift)'));
    expect(cmake.indexOf('XCODE_ATTRIBUTE_SWIFT_STRICT_CONCURRENCY complete')).to.be.greaterThan(cmake.indexOf('cc_ios_after_target('));
    expect(cmake.indexOf('target_link_libraries(${EXECUTABLE_NAME} "-framework StoreKit")')).to.be.greaterThan(cmake.indexOf('cc_ios_after_target('));
    expect(read('ios', 'AppDelegate.mm')).to.equal("// the developer's app delegate\n");
  });

  it('a bridge source removed from the extension is removed from the project on the next run', () => {
    wire('ios');
    rmSync(join(bridge, 'ios', 'StoreKitMarket.swift'));
    const report = wire('ios');
    expect(report.files.removed).to.deep.equal(['common-billing/StoreKitMarket.swift']);
    expect(has('ios', 'common-billing', 'StoreKitMarket.swift')).to.equal(false);
    expect(read('ios', 'CMakeLists.txt')).not.to.contain('StoreKitMarket.swift');
    expect(read('ios', 'CMakeLists.txt')).not.to.contain('enable_language(Swift)');
    expect(read('ios', 'CMakeLists.txt')).not.to.contain('CMAKE_Swift_LANGUAGE_VERSION');
  });

  it('replaces a hand-edited block on the next run, and refuses damaged markers without touching the file', () => {
    wire('android', 'google-play');
    const gradle = join(project, 'native', 'engine', 'android', 'app', 'build.gradle');
    const wired = read('android', 'app', 'build.gradle');
    writeFileSync(gradle, wired.replace("billing:8.0.0'", "billing:7.0.0'\n    implementation 'com.example:extra:1.0'"));
    wire('android', 'google-play');
    expect(read('android', 'app', 'build.gradle')).to.equal(wired);
    const damaged = wired.replace(/^.*common-billing:end dependencies.*\n/m, '');
    writeFileSync(gradle, damaged);
    const before = snapshot(project);
    expect(() => wire('android', 'one-store')).to.throw(/markers are damaged/).with.property('code', 'CONFLICT');
    // Nothing changed at all: not this file, not the other build files, not the sources.
    expect(snapshot(project)).to.deep.equal(before);
  });

  it('refuses clearly when native/engine/<platform> is missing or not a Cocos template, and touches nothing', () => {
    rmSync(join(project, 'native', 'engine', 'google-play'), { recursive: true });
    expect(() => wire('google-play')).to.throw().with.property('code', 'CONFLICT');
    writeFileSync(join(project, 'native', 'engine', 'ios', 'CMakeLists.txt'), 'project(x)\n');
    expect(() => wire('ios')).to.throw(/does not look like the Cocos 3.8 template/).with.property('code', 'CONFLICT');
    expect(read('ios', 'CMakeLists.txt')).to.equal('project(x)\n');
    expect(() => wire('android', 'amazon' as AndroidMarket)).to.throw().with.property('code', 'UNKNOWN_MARKET');
  });
});
