package com.commonbilling.bridge.store;

/** Builds the store client for one connection; the licence key is what connect received. */
public interface StoreClientFactory {
    StoreClient create(String publicKey, PurchaseUpdates updates);
}
