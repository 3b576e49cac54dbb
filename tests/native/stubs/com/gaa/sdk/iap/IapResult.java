// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.gaa.sdk.iap;

public final class IapResult {
    public int getResponseCode() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getMessage() { throw new UnsupportedOperationException("compile-only stub"); }

    public boolean isSuccess() { throw new UnsupportedOperationException("compile-only stub"); }
}
