package com.commonbilling.bridge;

import java.util.List;

import com.commonbilling.bridge.store.StoreOffer;

/**
 * Which offer token a purchase flow uses (Play Billing 8 one-time products with purchase options
 * and offers, subscriptions with base plans and offers): the offer the game named, matched on its
 * offer id, or on a purchase option / base plan id for that option's own entry; without a name, the
 * first base entry (no offer id) — never a promotion the game did not ask for.
 */
final class OfferChoice {
    private OfferChoice() {
    }

    /** @return the chosen offer, or null when the product has offers but none matches */
    static StoreOffer choose(List<StoreOffer> offers, String offerId) {
        for (StoreOffer o : offers) {
            boolean match = offerId == null ? o.offerId == null : offerId.equals(o.offerId) || (o.offerId == null && offerId.equals(o.optionId));
            if (match) return o;
        }
        return null;
    }
}
