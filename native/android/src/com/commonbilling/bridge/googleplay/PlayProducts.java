package com.commonbilling.bridge.googleplay;

import java.util.List;

import org.json.JSONException;

import com.android.billingclient.api.ProductDetails;
import com.android.billingclient.api.Purchase;
import com.commonbilling.bridge.store.SignedPurchase;
import com.commonbilling.bridge.store.StoreProduct;

/** Reading Play's ProductDetails and Purchase objects into the bridge's plain types. */
final class PlayProducts {
    private PlayProducts() {
    }

    static StoreProduct toStoreProduct(ProductDetails d) {
        ProductDetails.OneTimePurchaseOfferDetails once = d.getOneTimePurchaseOfferDetails();
        if (once != null) {
            return new StoreProduct(d.getProductId(), d.getTitle(), d.getDescription(), once.getFormattedPrice(),
                once.getPriceAmountMicros(), once.getPriceCurrencyCode());
        }
        ProductDetails.PricingPhase base = basePhase(d);
        return new StoreProduct(d.getProductId(), d.getTitle(), d.getDescription(), base == null ? "" : base.getFormattedPrice(),
            base == null ? 0L : base.getPriceAmountMicros(), base == null ? "" : base.getPriceCurrencyCode());
    }

    /** Subscriptions need an offer token; one-time products have none in this flow. */
    static String firstOfferToken(ProductDetails d) {
        List<ProductDetails.SubscriptionOfferDetails> offers = d.getSubscriptionOfferDetails();
        return offers == null || offers.isEmpty() ? null : offers.get(0).getOfferToken();
    }

    /** The last pricing phase of the first offer is the recurring base price (earlier ones are trials/intro). */
    private static ProductDetails.PricingPhase basePhase(ProductDetails d) {
        List<ProductDetails.SubscriptionOfferDetails> offers = d.getSubscriptionOfferDetails();
        if (offers == null || offers.isEmpty()) return null;
        List<ProductDetails.PricingPhase> phases = offers.get(0).getPricingPhases().getPricingPhaseList();
        return phases.isEmpty() ? null : phases.get(phases.size() - 1);
    }

    /** Play's own parser reads the token (it also accepts the legacy "token" key). */
    static String tokenOf(SignedPurchase p) {
        try {
            return new Purchase(p.originalJson, p.signature).getPurchaseToken();
        } catch (JSONException e) {
            return "";
        }
    }
}
