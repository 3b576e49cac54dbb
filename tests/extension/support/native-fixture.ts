import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/**
 * A Cocos Creator 3.8 project's native/engine tree as the engine templates create it on the
 * first build (COCOS.md §2: templates/android/template, templates/ios), plus a file of the
 * developer's own in each folder that the extension must never touch.
 */
const APP_GRADLE = `import org.apache.tools.ant.taskdefs.condition.Os

apply plugin: 'com.android.application'

RES_PATH = RES_PATH.replace("\\\\", "/")
COCOS_ENGINE_PATH = COCOS_ENGINE_PATH.replace("\\\\", "/")

buildDir = "\${RES_PATH}/proj/build/$project.name"
android {
    compileSdkVersion PROP_COMPILE_SDK_VERSION.toInteger()
    buildToolsVersion PROP_BUILD_TOOLS_VERSION
    ndkPath PROP_NDK_PATH
    namespace APPLICATION_ID

    compileOptions {
        sourceCompatibility JavaVersion.VERSION_1_8
        targetCompatibility JavaVersion.VERSION_1_8
    }

    defaultConfig {
        applicationId APPLICATION_ID
        minSdkVersion PROP_MIN_SDK_VERSION
        targetSdkVersion PROP_TARGET_SDK_VERSION
        versionCode 1
        versionName "1.0"
    }

    sourceSets.main {
        java.srcDirs "../src", "src"
        res.srcDirs "res", "\${RES_PATH}/proj/res"
        jniLibs.srcDirs "libs"
        manifest.srcFile "AndroidManifest.xml"
    }
}

dependencies {
    implementation fileTree(dir: '../libs', include: ['*.jar','*.aar'])
    implementation fileTree(dir: 'libs', include: ['*.jar','*.aar'])
    implementation fileTree(dir: "\${COCOS_ENGINE_PATH}/cocos/platform/android/java/libs", include: ['*.jar'])
    implementation project(':libcocos')
}
`;

const ROOT_GRADLE = `// Top-level build file where you can add configuration options common to all sub-projects/modules.
buildscript {
    repositories {
        google()
        mavenCentral()
    }
    dependencies {
        classpath 'com.android.tools.build:gradle:8.0.2'
    }
}

allprojects {
    repositories {
        google()
        mavenCentral()
    }
}
`;

const MANIFEST = `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    android:installLocation="auto">

    <uses-feature android:glEsVersion="0x00020000" />

    <uses-permission android:name="android.permission.INTERNET" />
    <uses-permission android:name="android.permission.ACCESS_NETWORK_STATE" />

    <application
        android:allowBackup="true"
        android:label="@string/app_name"
        android:usesCleartextTraffic="true"
        android:icon="@mipmap/ic_launcher">
        <activity
            android:name="com.cocos.game.AppActivity"
            android:exported="true"
            android:screenOrientation="sensorLandscape">
            <intent-filter>
                <action android:name="android.intent.action.MAIN" />
                <category android:name="android.intent.category.LAUNCHER" />
            </intent-filter>
        </activity>
    </application>
</manifest>
`;

const IOS_CMAKE = `cmake_minimum_required(VERSION 3.8)

option(APP_NAME "Project Name" "NewProject")
project(\${APP_NAME} CXX)
set(CC_PROJECT_DIR \${CMAKE_CURRENT_LIST_DIR})
set(CC_UI_RESOURCES)
set(CC_PROJ_SOURCES)
set(CC_ASSET_FILES)
set(CC_COMMON_SOURCES)
set(CC_ALL_SOURCES)

include(\${CC_PROJECT_DIR}/../common/CMakeLists.txt)

set(EXECUTABLE_NAME \${APP_NAME}-mobile)

list(APPEND CC_PROJ_SOURCES
    \${CC_PROJECT_DIR}/AppDelegate.h
    \${CC_PROJECT_DIR}/AppDelegate.mm
    \${CC_PROJECT_DIR}/ViewController.h
    \${CC_PROJECT_DIR}/ViewController.mm
    \${CC_PROJECT_DIR}/main.mm
)

cc_ios_before_target(\${EXECUTABLE_NAME})
add_executable(\${EXECUTABLE_NAME} \${CC_ALL_SOURCES})
cc_ios_after_target(\${EXECUTABLE_NAME})
`;

export const DEVELOPER_JAVA = 'package com.cocos.game;\n\npublic class MyGameHelper {}\n';

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A temp Cocos project with native/engine/{android,google-play,ios} from the templates. */
export function createCocosProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'cb-project-'));
  for (const platform of ['android', 'google-play']) {
    const dir = join(root, 'native', 'engine', platform);
    write(join(dir, 'app', 'build.gradle'), APP_GRADLE);
    write(join(dir, 'build.gradle'), ROOT_GRADLE);
    write(join(dir, 'app', 'AndroidManifest.xml'), MANIFEST);
    write(join(dir, 'app', 'proguard-rules.pro'), '# Add project specific ProGuard rules here.\n-keep public class com.cocos.game.** { *; }\n');
    write(join(dir, 'src', 'com', 'cocos', 'game', 'MyGameHelper.java'), DEVELOPER_JAVA);
    write(join(dir, 'CMakeLists.txt'), 'cmake_minimum_required(VERSION 3.8)\n');
  }
  const ios = join(root, 'native', 'engine', 'ios');
  write(join(ios, 'CMakeLists.txt'), IOS_CMAKE);
  write(join(ios, 'AppDelegate.mm'), '// the developer\'s app delegate\n');
  write(join(ios, 'Info.plist'), '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict/></plist>\n');
  write(join(root, 'native', 'engine', 'common', 'CMakeLists.txt'), 'cmake_minimum_required(VERSION 3.8)\n');
  return root;
}

/**
 * Bridge sources shaped like the extension's native/ folder: a shared dispatcher, one class
 * per market, compile-only SDK stubs and a JUnit test that must never be copied.
 */
export function createBridgeSources(): string {
  const root = mkdtempSync(join(tmpdir(), 'cb-bridge-'));
  const java = (pkg: string, name: string) => `package ${pkg};\n\npublic class ${name} {}\n`;
  const base = join(root, 'android', 'src', 'com', 'commonbilling', 'bridge');
  write(join(base, 'CBBridge.java'), java('com.commonbilling.bridge', 'CBBridge'));
  write(join(base, 'Envelope.java'), java('com.commonbilling.bridge', 'Envelope'));
  write(join(base, 'googleplay', 'GooglePlayMarket.java'), java('com.commonbilling.bridge.googleplay', 'GooglePlayMarket'));
  write(join(base, 'onestore', 'OneStoreMarket.java'), java('com.commonbilling.bridge.onestore', 'OneStoreMarket'));
  write(join(root, 'android', 'stubs', 'com', 'android', 'billingclient', 'api', 'BillingClient.java'), java('com.android.billingclient.api', 'BillingClient'));
  write(join(root, 'android', 'src', 'com', 'cocos', 'lib', 'JsbBridgeWrapper.java'), java('com.cocos.lib', 'JsbBridgeWrapper'));
  write(join(root, 'android', 'test', 'com', 'commonbilling', 'bridge', 'EnvelopeTest.java'), java('com.commonbilling.bridge', 'EnvelopeTest'));
  write(join(root, 'android', 'proguard-rules.pro'), '# keep the reflective entry points\n-keep class com.commonbilling.bridge.CommonBillingBridge { public static void register(); }\n\n');
  write(join(root, 'android', 'proguard-google-play.pro'), '-keep class com.android.vending.billing.** { *; }\n');
  write(join(root, 'android', 'proguard-one-store.pro'), '-keep class com.gaa.sdk.** { *; }\n');
  write(join(root, 'ios', 'CBBridge.h'), '#import <Foundation/Foundation.h>\n');
  write(join(root, 'ios', 'CBBridge.mm'), '#import "CBBridge.h"\n');
  write(join(root, 'ios', 'StoreKitMarket.swift'), 'import StoreKit\n');
  write(join(root, 'ios', 'README.md'), 'not a source file\n');
  return root;
}

/** Every file under a folder with its bytes and modification time, to prove "nothing changed". */
export function snapshot(dir: string): Record<string, { text: string; mtimeMs: number }> {
  const out: Record<string, { text: string; mtimeMs: number }> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else out[relative(dir, path)] = { text: readFileSync(path, 'utf8'), mtimeMs: stat.mtimeMs };
    }
  };
  walk(dir);
  return out;
}

export function contentsOf(snap: Record<string, { text: string }>): Record<string, string> {
  return Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, v.text]));
}
