package com.commonbilling.bridge;

import java.util.List;

import com.commonbilling.bridge.store.LaunchRequest;
import com.commonbilling.bridge.store.StoreOffer;
import com.commonbilling.bridge.store.StoreProduct;

/**
 * Which offer token a purchase flow uses (Play Billing 8 one-time products with purchase options
 * and offers, subscriptions with base plans and offers): the offer the game named, matched on its
 * offer id, or on a purchase option / base plan id for that option's own entry; without a name, the
 * first base entry (no offer id) — never a promotion the game did not ask for. A named base plan
 * (subscriptions) narrows the choice to that plan and its offers.
 */
final class OfferChoice {
    private OfferChoice() {
    }

    /** @return the chosen offer, or null when the product has offers but none matches */
    static StoreOffer choose(List<StoreOffer> offers, String offerId) {
        return choose(offers, offerId, null);
    }

    /** @param basePlanId the plan the offer must belong to, or null for any */
    static StoreOffer choose(List<StoreOffer> offers, String offerId, String basePlanId) {
        for (StoreOffer o : offers) {
            if (basePlanId != null && !basePlanId.equals(o.optionId)) continue;
            boolean match = offerId == null ? o.offerId == null : offerId.equals(o.offerId) || (o.offerId == null && offerId.equals(o.optionId));
            if (match) return o;
        }
        return null;
    }

    /**
     * Sets the request's offer token from the product's offers (null product: not listed by the store,
     * the launch then goes ahead and the store answers for it).
     * @return the refusal when the named offer, or any base entry, is missing; null when the launch may go ahead
     */
    static BridgeFailure apply(StoreProduct product, LaunchRequest request, String marketId) {
        if (product != null && !product.offers.isEmpty()) {
            StoreOffer offer = choose(product.offers, request.offerId, request.basePlanId);
            if (offer != null) {
                request.offerToken = offer.offerToken;
                return null;
            }
        } else if (request.offerId == null && request.basePlanId == null) {
            return null;
        }
        String missing = request.offerId == null ? "base purchase option or plan" : "offer " + request.offerId;
        if (request.basePlanId != null) missing += " in base plan " + request.basePlanId;
        return new BridgeFailure("UNKNOWN_PRODUCT", request.productId + " has no " + missing + " at " + marketId + ".", false, null);
    }
}
