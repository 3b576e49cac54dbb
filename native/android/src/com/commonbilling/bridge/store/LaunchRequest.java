package com.commonbilling.bridge.store;

/** What a purchase flow needs. Each store uses its own binding: Google the obfuscated ids, ONE store the payload. */
public final class LaunchRequest {
    public final String productId;
    public final String storeType;
    public final int quantity;
    public final String accountId;
    public final String profileId;
    public final String developerPayload;
    /** The offer the game named (Google Play: a one-time offer id or a subscription offer id), or null for the base option/plan. */
    public final String offerId;
    /** The offer token the market chose from the product's offers (see OfferChoice), or null when the product has none. */
    public String offerToken;
    /** Google Play subscriptions: the base plan the offer (or the plan itself) belongs to, or null for any. */
    public String basePlanId;
    /** Upgrade / downgrade: the purchase token of the subscription being replaced, or null for a new purchase. */
    public String oldPurchaseToken;
    /** The store's own replacement (Play) or proration (ONE store) mode constant; meaningful with oldPurchaseToken only. */
    public int replacementMode;

    public LaunchRequest(String productId, String storeType, int quantity, String accountId, String profileId, String developerPayload, String offerId) {
        this.productId = productId;
        this.storeType = storeType;
        this.quantity = quantity;
        this.accountId = accountId;
        this.profileId = profileId;
        this.developerPayload = developerPayload;
        this.offerId = offerId;
    }
}
