// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.gaa.sdk.iap;

public final class PurchaseFlowParams {
    public static Builder newBuilder() { throw new UnsupportedOperationException("compile-only stub"); }

    public @interface ProrationMode {
        int UNKNOWN_SUBSCRIPTION_UPGRADE_DOWNGRADE_POLICY = 0;
        int IMMEDIATE_WITH_TIME_PRORATION = 1;
        int IMMEDIATE_AND_CHARGE_PRORATED_PRICE = 2;
        int IMMEDIATE_WITHOUT_PRORATION = 3;
        int DEFERRED = 4;
    }

    public static final class SubscriptionUpdateParams {
        public static Builder newBuilder() { throw new UnsupportedOperationException("compile-only stub"); }

        public static final class Builder {
            public Builder setOldPurchaseToken(String v) { throw new UnsupportedOperationException("compile-only stub"); }

            public Builder setProrationMode(int v) { throw new UnsupportedOperationException("compile-only stub"); }

            public SubscriptionUpdateParams build() { throw new UnsupportedOperationException("compile-only stub"); }
        }
    }

    public static final class Builder {
        public Builder setProductId(String v) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setProductName(String v) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setProductType(String v) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setDeveloperPayload(String v) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setGameUserId(String v) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setQuantity(int v) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setSubscriptionUpdateParams(SubscriptionUpdateParams v) { throw new UnsupportedOperationException("compile-only stub"); }

        public PurchaseFlowParams build() { throw new UnsupportedOperationException("compile-only stub"); }
    }
}
