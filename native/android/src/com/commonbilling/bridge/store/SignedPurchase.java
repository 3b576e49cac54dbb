package com.commonbilling.bridge.store;

/** A purchase exactly as the store signed it: the original JSON string and its base64 signature. */
public final class SignedPurchase {
    public final String originalJson;
    public final String signature;

    public SignedPurchase(String originalJson, String signature) {
        this.originalJson = originalJson;
        this.signature = signature == null ? "" : signature;
    }
}
