package com.commonbilling.bridge.store;

/** Builds the store client for one connection; the licence key is the one connect opened, or null (Google Play without a key). */
public interface StoreClientFactory {
    StoreClient create(String publicKey, PurchaseUpdates updates);
}
