package com.commonbilling.bridge;

import java.util.List;

import org.json.JSONObject;

/** Emits {@code purchasesUpdated}: purchases that arrive outside a request (flow outcome, pending→paid). */
public interface PurchaseEvents {
    /** @param error null unless the store reported a failure for the purchase flow */
    void purchasesUpdated(List<JSONObject> purchases, BridgeFailure error);
}
