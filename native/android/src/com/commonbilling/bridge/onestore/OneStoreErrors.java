package com.commonbilling.bridge.onestore;

import com.commonbilling.bridge.StoreCodeTable;

/**
 * ONE store IAP v21 PurchaseClient.ResponseCode → the shared catalog. The only place ONE store
 * codes are interpreted. NEED_LOGIN / NEED_UPDATE first run ONE store's own flows (OneStoreMarket);
 * these rows are what remains when the user declines.
 */
public final class OneStoreErrors {
    public static final int RESULT_NEED_LOGIN = 10;
    public static final int RESULT_NEED_UPDATE = 11;

    public static final StoreCodeTable TABLE = new StoreCodeTable("ONE store")
        .add(1, "RESULT_USER_CANCELED", "USER_CANCELED", false)
        .add(2, "RESULT_SERVICE_UNAVAILABLE", "STORE_UNAVAILABLE", true)
        .add(3, "RESULT_BILLING_UNAVAILABLE", "STORE_NOT_READY", false)
        .add(4, "RESULT_ITEM_UNAVAILABLE", "UNKNOWN_PRODUCT", false)
        .add(5, "RESULT_DEVELOPER_ERROR", "STORE_ERROR", false)
        .add(6, "RESULT_ERROR", "STORE_ERROR", true)
        .add(7, "RESULT_ITEM_ALREADY_OWNED", "PRODUCT_ALREADY_OWNED", false)
        .add(8, "RESULT_ITEM_NOT_OWNED", "ITEM_NOT_OWNED", false)
        .add(9, "RESULT_FAIL", "STORE_ERROR", true)
        .add(RESULT_NEED_LOGIN, "RESULT_NEED_LOGIN", "STORE_LOGIN_REQUIRED", true)
        .add(RESULT_NEED_UPDATE, "RESULT_NEED_UPDATE", "STORE_UPDATE_REQUIRED", true)
        .add(12, "RESULT_SECURITY_ERROR", "STORE_ERROR", false)
        .add(13, "RESULT_BLOCKED_APP", "STORE_ERROR", false)
        .add(14, "RESULT_NOT_SUPPORT_SANDBOX", "STORE_ERROR", false)
        .add(99999, "RESULT_EMERGENCY_ERROR", "STORE_UNAVAILABLE", true)
        .add(1001, "ERROR_DATA_PARSING", "STORE_ERROR", true)
        .add(1002, "ERROR_SIGNATURE_VERIFICATION", "RECEIPT_SIGNATURE_INVALID", false)
        .add(1003, "ERROR_ILLEGAL_ARGUMENT", "BAD_REQUEST", false)
        .add(1004, "ERROR_UNDEFINED_CODE", "STORE_ERROR", true)
        .add(1005, "ERROR_SIGNATURE_NOT_VALIDATION", "MARKET_KEY_INVALID", false)
        .add(1006, "ERROR_UPDATE_OR_INSTALL", "STORE_UPDATE_REQUIRED", true)
        .add(1007, "ERROR_SERVICE_DISCONNECTED", "STORE_NOT_READY", true)
        .add(1008, "ERROR_FEATURE_NOT_SUPPORTED", "STORE_ERROR", false)
        .add(1009, "ERROR_SERVICE_TIMEOUT", "STORE_UNAVAILABLE", true)
        .add(1010, "ERROR_CLIENT_NOT_ENABLED", "STORE_NOT_READY", false);

    private OneStoreErrors() {
    }
}
