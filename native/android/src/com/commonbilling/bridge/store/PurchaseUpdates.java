package com.commonbilling.bridge.store;

import java.util.List;

/** The store's purchases-updated listener: the outcome of a purchase flow, or a later change. */
public interface PurchaseUpdates {
    void onPurchasesUpdated(StoreResult result, List<SignedPurchase> purchases);
}
