package com.commonbilling.bridge.googleplay;

import org.json.JSONArray;
import org.json.JSONObject;

import com.commonbilling.bridge.Json;
import com.commonbilling.bridge.ProductKind;
import com.commonbilling.bridge.PurchaseEvents;
import com.commonbilling.bridge.StoreCodeTable;
import com.commonbilling.bridge.StoreMarket;
import com.commonbilling.bridge.store.SignedPurchase;
import com.commonbilling.bridge.store.StoreClientFactory;

/**
 * Google Play (Play Billing Library 8, through PlayBillingStore). Purchases are read from Play's
 * original JSON, the bytes Play signed (SHA1withRSA with the app's licence key).
 */
public final class GooglePlayMarket extends StoreMarket {
    public static final String ID = "google-play";
    /** Raw JSON purchaseState 4 is PENDING; anything else is PURCHASED (STORES.md §1.1). */
    private static final int RAW_PENDING = 4;
    /** Play's public Purchase.PurchaseState values, the nativeState the SDK maps. */
    private static final int PURCHASED = 1;
    private static final int PENDING = 2;

    public GooglePlayMarket(PurchaseEvents events, StoreClientFactory clients) {
        super(events, clients);
    }

    @Override
    protected String marketId() {
        return ID;
    }

    @Override
    protected boolean runsWithoutKey() {
        return true;
    }

    @Override
    protected StoreCodeTable codes() {
        return GooglePlayErrors.TABLE;
    }

    @Override
    protected String signatureAlgorithm() {
        return "SHA1withRSA";
    }

    @Override
    protected String storeType(ProductKind kind) {
        return kind == ProductKind.SUBSCRIPTION ? PlayBillingStore.SUBS : PlayBillingStore.INAPP;
    }

    @Override
    protected String[] ownedStoreTypes() {
        return new String[] {PlayBillingStore.INAPP, PlayBillingStore.SUBS};
    }

    /**
     * BillingFlowParams.SubscriptionUpdateParams.ReplacementMode (developer.android.com/reference/com/android/
     * billingclient/api/BillingFlowParams.SubscriptionUpdateParams.ReplacementMode): WITH_TIME_PRORATION 1,
     * CHARGE_PRORATED_PRICE 2 (upgrades only), WITHOUT_PRORATION 3, CHARGE_FULL_PRICE 5, DEFERRED 6.
     */
    @Override
    protected int replacementMode(String mode) {
        if ("with-time-proration".equals(mode)) return 1;
        if ("charge-prorated-price".equals(mode)) return 2;
        if ("without-proration".equals(mode)) return 3;
        if ("charge-full-price".equals(mode)) return 5;
        if ("deferred".equals(mode)) return 6;
        return -1;
    }

    @Override
    protected JSONObject toNativePurchase(SignedPurchase p, JSONObject raw) {
        JSONArray productIds = raw.optJSONArray("productIds");
        String productId = productIds != null && productIds.length() > 0 ? productIds.optString(0) : Json.text(raw, "productId");
        String token = raw.has("purchaseToken") ? Json.text(raw, "purchaseToken") : Json.text(raw, "token");
        return Json.object(
            "productId", productId,
            "transactionId", Json.text(raw, "orderId"),
            "purchaseToken", token,
            "nativeState", raw.optInt("purchaseState", 1) == RAW_PENDING ? PENDING : PURCHASED,
            "quantity", Math.max(1, raw.optInt("quantity", 1)),
            "acknowledged", raw.optBoolean("acknowledged", true),
            "purchaseTime", raw.optLong("purchaseTime", 0L),
            "accountId", nonEmpty(Json.text(raw, "obfuscatedAccountId")),
            "profileId", nonEmpty(Json.text(raw, "obfuscatedProfileId")),
            "developerPayload", nonEmpty(Json.text(raw, "developerPayload")),
            "receipt", receipt(p));
    }

    private static String nonEmpty(String s) {
        return s.isEmpty() ? null : s;
    }
}
