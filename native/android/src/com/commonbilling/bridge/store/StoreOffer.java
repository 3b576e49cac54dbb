package com.commonbilling.bridge.store;

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

    public StoreOffer(String optionId, String offerId, String offerToken) {
        this.optionId = optionId;
        this.offerId = offerId;
        this.offerToken = offerToken;
    }
}
