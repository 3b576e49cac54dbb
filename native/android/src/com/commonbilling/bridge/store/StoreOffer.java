package com.commonbilling.bridge.store;

import java.util.Collections;
import java.util.List;

/**
 * One way to buy a product (Play Billing 8): a one-time product's purchase option or one of its
 * offers, or a subscription's base plan or one of its offers. {@code offerId} is null for a purchase
 * option's or base plan's own entry; {@code offerToken} goes into BillingFlowParams.
 */
public final class StoreOffer {
    /** The purchase option id (one-time) or base plan id (subscription). */
    public final String optionId;
    public final String offerId;
    public final String offerToken;
    /** A subscription offer's pricing phases in order (the last one recurs); empty for one-time products. */
    public final List<PricingPhase> phases;

    public StoreOffer(String optionId, String offerId, String offerToken) {
        this(optionId, offerId, offerToken, Collections.<PricingPhase>emptyList());
    }

    public StoreOffer(String optionId, String offerId, String offerToken, List<PricingPhase> phases) {
        this.optionId = optionId;
        this.offerId = offerId;
        this.offerToken = offerToken;
        this.phases = phases;
    }
}
