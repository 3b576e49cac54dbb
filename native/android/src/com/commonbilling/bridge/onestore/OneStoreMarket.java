package com.commonbilling.bridge.onestore;

import org.json.JSONObject;

import com.commonbilling.bridge.Json;
import com.commonbilling.bridge.ProductKind;
import com.commonbilling.bridge.PurchaseEvents;
import com.commonbilling.bridge.StoreCodeTable;
import com.commonbilling.bridge.StoreMarket;
import com.commonbilling.bridge.store.SignedPurchase;
import com.commonbilling.bridge.store.StoreCallback;
import com.commonbilling.bridge.store.StoreClient;
import com.commonbilling.bridge.store.StoreClientFactory;
import com.commonbilling.bridge.store.StoreResult;

/**
 * ONE store (IAP SDK v21, through OneStoreSdkStore). Binding is the developer payload; purchases are
 * signed SHA512withRSA. When a call answers NEED_LOGIN or NEED_UPDATE, ONE store's sign-in or
 * update/install flow runs and the call is tried once more; if the user declines, the original code
 * is reported (STORE_LOGIN_REQUIRED / STORE_UPDATE_REQUIRED).
 */
public final class OneStoreMarket extends StoreMarket {
    public static final String ID = "one-store";

    public OneStoreMarket(PurchaseEvents events, StoreClientFactory clients) {
        super(events, clients);
    }

    @Override
    protected String marketId() {
        return ID;
    }

    @Override
    protected boolean runsWithoutKey() {
        return false;
    }

    @Override
    protected StoreCodeTable codes() {
        return OneStoreErrors.TABLE;
    }

    @Override
    protected String signatureAlgorithm() {
        return "SHA512withRSA";
    }

    @Override
    protected String storeType(ProductKind kind) {
        return kind == ProductKind.SUBSCRIPTION ? OneStoreSdkStore.SUBSCRIPTION : OneStoreSdkStore.INAPP;
    }

    @Override
    protected String[] ownedStoreTypes() {
        return new String[] {OneStoreSdkStore.INAPP, OneStoreSdkStore.SUBSCRIPTION};
    }

    @Override
    protected <T> void recover(final StoreResult failed, final Attempt<T> attempt, final StoreCallback<T> done) {
        StoreCallback<Void> thenRetry = new StoreCallback<Void>() {
            @Override
            public void done(StoreResult flow, Void ignored) {
                if (flow.ok()) attempt.run(done);
                else done.done(failed, null);
            }
        };
        StoreClient store = client;  // null when a later connect failed meanwhile: nothing to recover with
        if (store != null && failed.code == OneStoreErrors.RESULT_NEED_LOGIN) store.signIn(thenRetry);
        else if (store != null && failed.code == OneStoreErrors.RESULT_NEED_UPDATE) store.updateOrInstall(thenRetry);
        else done.done(failed, null);
    }

    /**
     * IAP SDK v21 PurchaseFlowParams.ProrationMode (onestore-dev.gitbook.io/dev/eng/tools/billing/v21/references/
     * annptations/purchaseflowparams.prorationmode): IMMEDIATE_WITH_TIME_PRORATION 1,
     * IMMEDIATE_AND_CHARGE_PRORATED_PRICE 2, IMMEDIATE_WITHOUT_PRORATION 3, DEFERRED 4; no full-price mode.
     */
    @Override
    protected int replacementMode(String mode) {
        if ("with-time-proration".equals(mode)) return 1;
        if ("charge-prorated-price".equals(mode)) return 2;
        if ("without-proration".equals(mode)) return 3;
        if ("deferred".equals(mode)) return 4;
        return -1;
    }

    @Override
    protected JSONObject toNativePurchase(SignedPurchase p, JSONObject raw) {
        String payload = Json.text(raw, "developerPayload");
        return Json.object(
            "productId", Json.text(raw, "productId"),
            "transactionId", Json.text(raw, "purchaseId"),
            "purchaseToken", Json.text(raw, "purchaseToken"),
            "nativeState", raw.optInt("purchaseState", 0),
            "quantity", Math.max(1, raw.optInt("quantity", 1)),
            "acknowledged", raw.optInt("acknowledgeState", 0) == 1,
            "purchaseTime", raw.optLong("purchaseTime", 0L),
            "developerPayload", payload.isEmpty() ? null : payload,
            "receipt", receipt(p));
    }
}
