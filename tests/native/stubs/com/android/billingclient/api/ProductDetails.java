// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.android.billingclient.api;

import java.util.List;

public final class ProductDetails {
    public String getProductId() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getProductType() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getTitle() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getName() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getDescription() { throw new UnsupportedOperationException("compile-only stub"); }

    public OneTimePurchaseOfferDetails getOneTimePurchaseOfferDetails() { throw new UnsupportedOperationException("compile-only stub"); }

    public List<SubscriptionOfferDetails> getSubscriptionOfferDetails() { throw new UnsupportedOperationException("compile-only stub"); }

    public static final class OneTimePurchaseOfferDetails {
        public String getFormattedPrice() { throw new UnsupportedOperationException("compile-only stub"); }

        public long getPriceAmountMicros() { throw new UnsupportedOperationException("compile-only stub"); }

        public String getPriceCurrencyCode() { throw new UnsupportedOperationException("compile-only stub"); }
    }

    public static final class SubscriptionOfferDetails {
        public String getBasePlanId() { throw new UnsupportedOperationException("compile-only stub"); }

        public String getOfferId() { throw new UnsupportedOperationException("compile-only stub"); }

        public String getOfferToken() { throw new UnsupportedOperationException("compile-only stub"); }

        public PricingPhases getPricingPhases() { throw new UnsupportedOperationException("compile-only stub"); }
    }

    public static final class PricingPhases {
        public List<PricingPhase> getPricingPhaseList() { throw new UnsupportedOperationException("compile-only stub"); }
    }

    public static final class PricingPhase {
        public String getFormattedPrice() { throw new UnsupportedOperationException("compile-only stub"); }

        public long getPriceAmountMicros() { throw new UnsupportedOperationException("compile-only stub"); }

        public String getPriceCurrencyCode() { throw new UnsupportedOperationException("compile-only stub"); }

        public String getBillingPeriod() { throw new UnsupportedOperationException("compile-only stub"); }
    }
}
