#!/usr/bin/env bash
# Syntax/semantic check of the iOS ObjC++ bridge on Linux (COCOS.md §7): clang against GNUstep's
# Foundation and our stub headers (JsbBridgeWrapper, libdispatch). StoreKit and Swift cannot be
# compiled here; the Swift file is only checked for the names the ObjC++ side looks up.
# Usage: check-objc.sh <scratch dir>
set -u
cd "$(dirname "$0")/../../.."
SCRATCH=${1:-$(mktemp -d)}
GCC_INCLUDE=$(ls -d /usr/lib/gcc/x86_64-linux-gnu/*/include 2>/dev/null | sort -V | tail -n 1)
check() {
  clang -fsyntax-only -x objective-c++ -std=c++17 -fblocks -fobjc-runtime=gcc -DGNUSTEP -DGNU_RUNTIME=1 \
    -fconstant-string-class=NSConstantString -fobjc-exceptions -Werror=objc-method-access -Wall -Wextra -Werror \
    -I/usr/include/GNUstep ${GCC_INCLUDE:+-I"$GCC_INCLUDE"} -Itests/native/ios/shim -Itests/native/ios/stubs -Inative/ios "$1"
}
status=0
check native/ios/CBBridge.mm || status=1

# The check must have teeth: a misspelled selector has to fail it.
sed 's/dispatchEventToScript:eventCopy/dispatchEventToScipt:eventCopy/' native/ios/CBBridge.mm > "$SCRATCH/CBBridgeMisspelled.mm"
if check "$SCRATCH/CBBridgeMisspelled.mm" 2>/dev/null; then
  echo "clang accepted a misspelled selector: the ObjC check proves nothing"; status=1
fi

# The ObjC++ side finds the Swift class by name and calls these two selectors.
for needle in '@objc(CBStoreKitBridge)' '@objc public init(send:' '@objc public func onRequest(_ arg: String?)'; do
  if ! grep -qF "$needle" native/ios/CBStoreKitBridge.swift; then echo "CBStoreKitBridge.swift lacks: $needle"; status=1; fi
done
exit $status
