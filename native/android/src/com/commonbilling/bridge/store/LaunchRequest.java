package com.commonbilling.bridge.store;

/** What a purchase flow needs. Each store uses its own binding: Google the obfuscated ids, ONE store the payload. */
public final class LaunchRequest {
    public final String productId;
    public final String storeType;
    public final int quantity;
    public final String accountId;
    public final String profileId;
    public final String developerPayload;

    public LaunchRequest(String productId, String storeType, int quantity, String accountId, String profileId, String developerPayload) {
        this.productId = productId;
        this.storeType = storeType;
        this.quantity = quantity;
        this.accountId = accountId;
        this.profileId = profileId;
        this.developerPayload = developerPayload;
    }
}
