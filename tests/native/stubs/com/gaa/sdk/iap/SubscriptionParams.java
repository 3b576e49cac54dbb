// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.gaa.sdk.iap;

public final class SubscriptionParams {
    public static Builder newBuilder() { throw new UnsupportedOperationException("compile-only stub"); }

    public static final class Builder {
        public Builder setPurchaseData(PurchaseData purchaseData) { throw new UnsupportedOperationException("compile-only stub"); }

        public SubscriptionParams build() { throw new UnsupportedOperationException("compile-only stub"); }
    }
}
