// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.android.billingclient.api;

import java.util.List;


public final class BillingFlowParams {
    public static Builder newBuilder() { throw new UnsupportedOperationException("compile-only stub"); }

    public static final class ProductDetailsParams {
        public static Builder newBuilder() { throw new UnsupportedOperationException("compile-only stub"); }

        public static final class Builder {
            public Builder setProductDetails(ProductDetails productDetails) { throw new UnsupportedOperationException("compile-only stub"); }

            public Builder setOfferToken(String offerToken) { throw new UnsupportedOperationException("compile-only stub"); }

            public ProductDetailsParams build() { throw new UnsupportedOperationException("compile-only stub"); }
        }
    }

    public static final class SubscriptionUpdateParams {
        public static Builder newBuilder() { throw new UnsupportedOperationException("compile-only stub"); }

        public @interface ReplacementMode {
            int UNKNOWN_REPLACEMENT_MODE = 0;
            int WITH_TIME_PRORATION = 1;
            int CHARGE_PRORATED_PRICE = 2;
            int WITHOUT_PRORATION = 3;
            int CHARGE_FULL_PRICE = 5;
            int DEFERRED = 6;
        }

        public static final class Builder {
            public Builder setOldPurchaseToken(String v) { throw new UnsupportedOperationException("compile-only stub"); }

            public Builder setSubscriptionReplacementMode(int v) { throw new UnsupportedOperationException("compile-only stub"); }

            public SubscriptionUpdateParams build() { throw new UnsupportedOperationException("compile-only stub"); }
        }
    }

    public static final class Builder {
        public Builder setProductDetailsParamsList(List<ProductDetailsParams> v) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setObfuscatedAccountId(String v) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setObfuscatedProfileId(String v) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setSubscriptionUpdateParams(SubscriptionUpdateParams v) { throw new UnsupportedOperationException("compile-only stub"); }

        public BillingFlowParams build() { throw new UnsupportedOperationException("compile-only stub"); }
    }
}
