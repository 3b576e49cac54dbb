// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.android.billingclient.api;

public final class ConsumeParams {
    public static Builder newBuilder() { throw new UnsupportedOperationException("compile-only stub"); }

    public static final class Builder {
        public Builder setPurchaseToken(String v) { throw new UnsupportedOperationException("compile-only stub"); }

        public ConsumeParams build() { throw new UnsupportedOperationException("compile-only stub"); }
    }
}
