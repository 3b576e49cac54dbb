package com.commonbilling.bridge.googleplay;

import com.commonbilling.bridge.StoreCodeTable;

/**
 * Play Billing's BillingClient.BillingResponseCode → the shared catalog. The only place Play codes
 * are interpreted. Codes that cannot heal by retrying (BILLING_UNAVAILABLE: no Play account or
 * country; DEVELOPER_ERROR; FEATURE_NOT_SUPPORTED) are not retryable.
 */
public final class GooglePlayErrors {
    public static final StoreCodeTable TABLE = new StoreCodeTable("Google Play")
        .add(-3, "SERVICE_TIMEOUT", "STORE_UNAVAILABLE", true)
        .add(-2, "FEATURE_NOT_SUPPORTED", "STORE_ERROR", false)
        .add(-1, "SERVICE_DISCONNECTED", "STORE_NOT_READY", true)
        .add(1, "USER_CANCELED", "USER_CANCELED", false)
        .add(2, "SERVICE_UNAVAILABLE", "STORE_UNAVAILABLE", true)
        .add(3, "BILLING_UNAVAILABLE", "STORE_NOT_READY", false)
        .add(4, "ITEM_UNAVAILABLE", "UNKNOWN_PRODUCT", false)
        .add(5, "DEVELOPER_ERROR", "STORE_ERROR", false)
        .add(6, "ERROR", "STORE_ERROR", true)
        .add(7, "ITEM_ALREADY_OWNED", "PRODUCT_ALREADY_OWNED", false)
        .add(8, "ITEM_NOT_OWNED", "ITEM_NOT_OWNED", false)
        .add(12, "NETWORK_ERROR", "STORE_UNAVAILABLE", true);

    private GooglePlayErrors() {
    }
}
