// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.android.billingclient.api;

import java.util.List;

/**
 * Play Billing Library 8 (com.android.billingclient:billing:8.0.0). One-time products with several
 * purchase options and offers: getOneTimePurchaseOfferDetailsList() and, per entry, getOfferId()
 * (null for a purchase option's own entry), getPurchaseOptionId(), getOfferToken(), as documented at
 * https://developer.android.com/reference/com/android/billingclient/api/ProductDetails.OneTimePurchaseOfferDetails
 */
public final class ProductDetails {
    public String getProductId() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getProductType() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getTitle() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getName() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getDescription() { throw new UnsupportedOperationException("compile-only stub"); }

    public OneTimePurchaseOfferDetails getOneTimePurchaseOfferDetails() { throw new UnsupportedOperationException("compile-only stub"); }

    public List<OneTimePurchaseOfferDetails> getOneTimePurchaseOfferDetailsList() { throw new UnsupportedOperationException("compile-only stub"); }

    public List<SubscriptionOfferDetails> getSubscriptionOfferDetails() { throw new UnsupportedOperationException("compile-only stub"); }

    public static final class OneTimePurchaseOfferDetails {
        public String getFormattedPrice() { throw new UnsupportedOperationException("compile-only stub"); }

        public long getPriceAmountMicros() { throw new UnsupportedOperationException("compile-only stub"); }

        public String getPriceCurrencyCode() { throw new UnsupportedOperationException("compile-only stub"); }

        public String getOfferId() { throw new UnsupportedOperationException("compile-only stub"); }

        public String getPurchaseOptionId() { throw new UnsupportedOperationException("compile-only stub"); }

        public String getOfferToken() { throw new UnsupportedOperationException("compile-only stub"); }

        public List<String> getOfferTags() { throw new UnsupportedOperationException("compile-only stub"); }
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

        public int getBillingCycleCount() { throw new UnsupportedOperationException("compile-only stub"); }

        public int getRecurrenceMode() { throw new UnsupportedOperationException("compile-only stub"); }
    }
}
