#!/usr/bin/env bash
# Native bridge checks that can run without Android Studio or Xcode (called by `npm test`):
#   1. javac --release 8 of native/android against our compile-only stubs (tests/native/stubs) and
#      the JVM stand-in for Android's org.json (tests/native/jvm);
#   2. JUnit 4: the dispatcher and markets replay tests/fixtures/bridge/*.json with a scripted store,
#      plus unit tests (signature check, base64, params, threading);
#   3. clang -fsyntax-only of the iOS ObjC++ bridge against GNUstep and our stub headers.
# Build output goes to a temp dir. Exits non-zero on any failure and prints a summary line.
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BUILD=$(mktemp -d "${TMPDIR:-/tmp}/cb-native.XXXXXX")
trap 'rm -rf "$BUILD"' EXIT
JUNIT=${JUNIT_JAR:-/usr/share/java/junit4.jar}
HAMCREST=${HAMCREST_JAR:-/usr/share/java/hamcrest-core.jar}
# Android's own org.json (AOSP), packaged by Debian as libandroid-json-java: when present, the JUnit
# suite runs a second time against it instead of our JVM stand-in (tests/native/jvm).
ANDROID_JSON=${ANDROID_JSON_JAR:-/usr/share/java/com.android.json.jar}
passed=0
failed=0
step() { # name, command...
  local name=$1; shift
  echo "--- $name"
  if "$@"; then passed=$((passed + 1)); echo "ok: $name"; else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

for tool in javac java clang; do
  if ! command -v "$tool" >/dev/null; then echo "missing tool: $tool"; failed=$((failed + 1)); fi
done
for jar in "$JUNIT" "$HAMCREST"; do
  if [ ! -f "$jar" ]; then echo "missing jar: $jar (Debian packages junit4, libhamcrest-java)"; failed=$((failed + 1)); fi
done

compile_android() {
  mkdir -p "$BUILD/classes" &&
  javac --release 8 -Xlint:all -Werror -encoding UTF-8 -d "$BUILD/classes" \
    -sourcepath "tests/native/stubs:tests/native/jvm" $(find native/android/src -name '*.java')
}

# The editor extension copies shared files plus only the chosen market's files (by path, like
# extensions/common-billing/src/native/bridge-sources.ts), with only that store's SDK: each such
# subset must compile on its own.
compile_single_market() { # market path pattern
  local market=$1 pattern=$2 files
  files=$(find native/android/src -name '*.java' | grep -Eiv 'google[-_]?play|play[-_]?billing|one[-_]?store')
  files="$files $(find native/android/src -name '*.java' | grep -Ei "$pattern")"
  mkdir -p "$BUILD/only-$market" &&
  javac --release 8 -Xlint:all -Werror -encoding UTF-8 -implicit:none -d "$BUILD/only-$market" \
    -sourcepath "tests/native/stubs:tests/native/jvm" $files
}

compile_tests() {
  mkdir -p "$BUILD/test-classes" &&
  javac --release 8 -Xlint:all,-serial -Werror -encoding UTF-8 -d "$BUILD/test-classes" \
    -cp "$BUILD/classes:$JUNIT" $(find tests/native/java -name '*.java')
}

run_junit() { # [jar to put first on the class path]
  local classes first=${1:+$1:}
  classes=$(cd tests/native/java && find . -name '*Test.java' | sed 's|^\./||; s|\.java$||; s|/|.|g' | sort)
  java -Dtranscripts="$ROOT/tests/fixtures/bridge" -cp "$first$BUILD/classes:$BUILD/test-classes:$JUNIT:$HAMCREST" \
    org.junit.runner.JUnitCore $classes > "$BUILD/junit.log" 2>&1
  local status=$?
  # JUnit prints a dot per test; keep the failures and the closing counts readable.
  grep -v '^\.*$' "$BUILD/junit.log" | grep -v '^	at org.junit\|^	at java.base\|^	at sun.reflect\|^	at jdk.internal' | tail -n 60
  return $status
}

check_objc() {
  bash tests/native/ios/check-objc.sh "$BUILD"
}

step "javac native/android (Java 8, stubs)" compile_android
if [ -d "$BUILD/classes/com" ]; then
  step "javac google-play only build" compile_single_market google-play 'google[-_]?play|play[-_]?billing'
  step "javac one-store only build" compile_single_market one-store 'one[-_]?store'
  step "javac tests/native/java" compile_tests
  if [ -d "$BUILD/test-classes/com" ]; then
    step "JUnit with the org.json stand-in" run_junit
    if [ -f "$ANDROID_JSON" ]; then
      step "JUnit with Android's org.json ($ANDROID_JSON)" run_junit "$ANDROID_JSON"
    else
      echo "skipped: JUnit with Android's org.json (install Debian libandroid-json-java)"
    fi
  fi
fi
if [ -f tests/native/ios/check-objc.sh ]; then step "clang -fsyntax-only native/ios" check_objc; fi

echo "native: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
