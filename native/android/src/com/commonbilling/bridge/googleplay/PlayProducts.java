package com.commonbilling.bridge.googleplay;

import java.util.ArrayList;
import java.util.List;

import org.json.JSONException;

import com.android.billingclient.api.ProductDetails;
import com.android.billingclient.api.Purchase;
import com.commonbilling.bridge.store.PricingPhase;
import com.commonbilling.bridge.store.SignedPurchase;
import com.commonbilling.bridge.store.StoreOffer;
import com.commonbilling.bridge.store.StoreProduct;

/** Reading Play's ProductDetails and Purchase objects into the bridge's plain types. */
final class PlayProducts {
    /** ProductDetails.RecurrenceMode.INFINITE_RECURRING: the phase repeats until the subscription ends. */
    private static final int INFINITE_RECURRING = 1;

    private PlayProducts() {
    }

    /**
     * The price shown is the base entry's: a one-time product's first purchase option without an
     * offer, a subscription's base plan (its last pricing phase is the recurring price).
     */
    static StoreProduct toStoreProduct(ProductDetails d) {
        List<StoreOffer> offers = offers(d);
        List<ProductDetails.OneTimePurchaseOfferDetails> once = d.getOneTimePurchaseOfferDetailsList();
        if (once != null && !once.isEmpty()) {
            ProductDetails.OneTimePurchaseOfferDetails base = once.get(0);
            for (ProductDetails.OneTimePurchaseOfferDetails o : once) {
                if (o.getOfferId() == null) {
                    base = o;
                    break;
                }
            }
            return new StoreProduct(d.getProductId(), d.getTitle(), d.getDescription(), base.getFormattedPrice(), base.getPriceAmountMicros(),
                base.getPriceCurrencyCode(), offers);
        }
        ProductDetails.PricingPhase phase = basePhase(d);
        return new StoreProduct(d.getProductId(), d.getTitle(), d.getDescription(), phase == null ? "" : phase.getFormattedPrice(),
            phase == null ? 0L : phase.getPriceAmountMicros(), phase == null ? "" : phase.getPriceCurrencyCode(), offers);
    }

    /** Every purchase option and offer (one-time, Play Billing 8) or base plan and offer (subscription). */
    static List<StoreOffer> offers(ProductDetails d) {
        List<StoreOffer> out = new ArrayList<StoreOffer>();
        List<ProductDetails.OneTimePurchaseOfferDetails> once = d.getOneTimePurchaseOfferDetailsList();
        if (once != null) {
            for (ProductDetails.OneTimePurchaseOfferDetails o : once) out.add(new StoreOffer(o.getPurchaseOptionId(), o.getOfferId(), o.getOfferToken()));
        }
        List<ProductDetails.SubscriptionOfferDetails> subs = d.getSubscriptionOfferDetails();
        if (subs != null) {
            for (ProductDetails.SubscriptionOfferDetails o : subs) out.add(new StoreOffer(o.getBasePlanId(), o.getOfferId(), o.getOfferToken(), phases(o)));
        }
        return out;
    }

    /** ProductDetails.PricingPhase: price, ISO-8601 billing period, billing cycle count (0 for the infinite recurring phase). */
    private static List<PricingPhase> phases(ProductDetails.SubscriptionOfferDetails o) {
        List<PricingPhase> out = new ArrayList<PricingPhase>();
        for (ProductDetails.PricingPhase p : o.getPricingPhases().getPricingPhaseList()) {
            int cycles = p.getRecurrenceMode() == INFINITE_RECURRING ? 0 : p.getBillingCycleCount();
            out.add(new PricingPhase(p.getFormattedPrice(), p.getPriceAmountMicros(), p.getPriceCurrencyCode(), p.getBillingPeriod(), cycles));
        }
        return out;
    }

    /** The base plan (no offer id) of a subscription; its last pricing phase is the recurring price. */
    private static ProductDetails.PricingPhase basePhase(ProductDetails d) {
        List<ProductDetails.SubscriptionOfferDetails> offers = d.getSubscriptionOfferDetails();
        if (offers == null || offers.isEmpty()) return null;
        ProductDetails.SubscriptionOfferDetails base = offers.get(0);
        for (ProductDetails.SubscriptionOfferDetails o : offers) {
            if (o.getOfferId() == null) {
                base = o;
                break;
            }
        }
        List<ProductDetails.PricingPhase> phases = base.getPricingPhases().getPricingPhaseList();
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
