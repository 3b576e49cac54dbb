package com.commonbilling.bridge.onestore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.commonbilling.bridge.store.ActivityProvider;
import com.commonbilling.bridge.store.LaunchRequest;
import com.commonbilling.bridge.store.PurchaseUpdates;
import com.commonbilling.bridge.store.SignedPurchase;
import com.commonbilling.bridge.store.StoreCallback;
import com.commonbilling.bridge.store.StoreClient;
import com.commonbilling.bridge.store.StoreClientFactory;
import com.commonbilling.bridge.store.StoreProduct;
import com.commonbilling.bridge.store.StoreResult;
import com.commonbilling.bridge.store.UiThread;
import com.gaa.sdk.auth.GaaSignInClient;
import com.gaa.sdk.auth.SignInResult;
import com.gaa.sdk.iap.AcknowledgeParams;
import com.gaa.sdk.iap.ConsumeParams;
import com.gaa.sdk.iap.IapResult;
import com.gaa.sdk.iap.ProductDetail;
import com.gaa.sdk.iap.ProductDetailsParams;
import com.gaa.sdk.iap.PurchaseClient;
import com.gaa.sdk.iap.PurchaseClientStateListener;
import com.gaa.sdk.iap.PurchaseData;
import com.gaa.sdk.iap.PurchaseFlowParams;
import com.gaa.sdk.iap.PurchasesUpdatedListener;
import com.gaa.sdk.iap.SubscriptionParams;

/**
 * StoreClient over ONE store IAP SDK v21 (com.gaa.sdk.iap) and its sign-in client (com.gaa.sdk.auth).
 * Translation only: every decision is in OneStoreMarket. Compiled here against our signature stubs.
 */
public final class OneStoreSdkStore implements StoreClient, PurchasesUpdatedListener {
    public static final String INAPP = "inapp";
    public static final String SUBSCRIPTION = "subscription";

    private final ActivityProvider activities;
    private final PurchaseUpdates updates;
    private final PurchaseClient client;

    private OneStoreSdkStore(ActivityProvider activities, String licenceKey, PurchaseUpdates updates) {
        this.activities = activities;
        this.updates = updates;
        this.client = PurchaseClient.newBuilder(activities.current().getApplicationContext()).setListener(this).setBase64PublicKey(licenceKey).build();
    }

    public static StoreClientFactory factory(final ActivityProvider activities) {
        return new StoreClientFactory() {
            @Override
            public StoreClient create(String publicKey, PurchaseUpdates updates) {
                return new OneStoreSdkStore(activities, publicKey, updates);
            }
        };
    }

    private <T> void answer(final StoreCallback<T> done, final IapResult r, final T value) {
        UiThread.post(activities, new Runnable() {
            @Override
            public void run() {
                done.done(new StoreResult(r.getResponseCode(), r.getMessage()), value);
            }
        });
    }

    @Override
    public void connect(final StoreCallback<Void> done) {
        final AtomicBoolean answered = new AtomicBoolean(false);
        client.startConnection(new PurchaseClientStateListener() {
            @Override
            public void onSetupFinished(IapResult r) {
                if (answered.compareAndSet(false, true)) answer(done, r, null);
            }

            @Override
            public void onServiceDisconnected() {
                // The next call answers ERROR_SERVICE_DISCONNECTED (STORE_NOT_READY); the SDK connects again.
            }
        });
    }

    @Override
    public void queryProducts(List<String> productIds, String storeType, final StoreCallback<List<StoreProduct>> done) {
        ProductDetailsParams params = ProductDetailsParams.newBuilder().setProductIdList(productIds).setProductType(storeType).build();
        client.queryProductDetailsAsync(params, (IapResult r, List<ProductDetail> found) -> {
            List<StoreProduct> out = new ArrayList<StoreProduct>();
            if (found != null) {
                for (ProductDetail d : found) {
                    out.add(new StoreProduct(d.getProductId(), d.getTitle(), "", d.getPrice(), micros(d.getPriceAmountMicros()), d.getPriceCurrencyCode()));
                }
            }
            answer(done, r, out);
        });
    }

    private static long micros(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0L;
        }
    }

    @Override
    public void launchPurchase(LaunchRequest request, StoreCallback<Void> launched) {
        PurchaseFlowParams.Builder flow = PurchaseFlowParams.newBuilder()
            .setProductId(request.productId)
            .setProductType(request.storeType)
            .setDeveloperPayload(request.developerPayload)
            .setQuantity(request.quantity);
        // Upgrade / downgrade (IAP SDK v21 PurchaseFlowParams.SubscriptionUpdateParams).
        if (request.oldPurchaseToken != null) {
            flow.setSubscriptionUpdateParams(PurchaseFlowParams.SubscriptionUpdateParams.newBuilder()
                .setOldPurchaseToken(request.oldPurchaseToken)
                .setProrationMode(request.replacementMode)
                .build());
        }
        IapResult r = client.launchPurchaseFlow(activities.current(), flow.build());
        launched.done(new StoreResult(r.getResponseCode(), r.getMessage()), null);
    }

    @Override
    public void onPurchasesUpdated(final IapResult r, final List<PurchaseData> purchases) {
        UiThread.post(activities, new Runnable() {
            @Override
            public void run() {
                updates.onPurchasesUpdated(new StoreResult(r.getResponseCode(), r.getMessage()), signed(purchases));
            }
        });
    }

    @Override
    public void queryPurchases(String storeType, final StoreCallback<List<SignedPurchase>> done) {
        client.queryPurchasesAsync(storeType, (IapResult r, List<PurchaseData> purchases) -> answer(done, r, signed(purchases)));
    }

    @Override
    public void consume(SignedPurchase purchase, final StoreCallback<Void> done) {
        ConsumeParams params = ConsumeParams.newBuilder().setPurchaseData(toPurchaseData(purchase)).build();
        client.consumeAsync(params, (IapResult r, PurchaseData consumed) -> answer(done, r, null));
    }

    @Override
    public void acknowledge(SignedPurchase purchase, final StoreCallback<Void> done) {
        AcknowledgeParams params = AcknowledgeParams.newBuilder().setPurchaseData(toPurchaseData(purchase)).build();
        client.acknowledgeAsync(params, (IapResult r, PurchaseData acknowledged) -> answer(done, r, null));
    }

    /** PurchaseClient.launchManageSubscription: one subscription's page with its PurchaseData, else the list. */
    @Override
    public void manageSubscriptions(String productId, SignedPurchase owned, StoreCallback<Void> done) {
        SubscriptionParams params = owned == null ? null : SubscriptionParams.newBuilder().setPurchaseData(toPurchaseData(owned)).build();
        client.launchManageSubscription(activities.current(), params);
        done.done(StoreResult.of(StoreResult.OK), null);
    }

    @Override
    public void signIn(final StoreCallback<Void> done) {
        GaaSignInClient.getClient(activities.current()).launchSignInFlow(activities.current(), (SignInResult r) ->
            UiThread.post(activities, () -> done.done(new StoreResult(r.getCode(), r.getMessage()), null)));
    }

    @Override
    public void updateOrInstall(final StoreCallback<Void> done) {
        client.launchUpdateOrInstallFlow(activities.current(), (IapResult r) -> answer(done, r, null));
    }

    @Override
    public void disconnect() {
        client.endConnection();
    }

    private static PurchaseData toPurchaseData(SignedPurchase p) {
        return new PurchaseData(p.originalJson, p.signature);
    }

    private static List<SignedPurchase> signed(List<PurchaseData> purchases) {
        List<SignedPurchase> out = new ArrayList<SignedPurchase>();
        if (purchases == null) return out;
        for (PurchaseData p : purchases) out.add(new SignedPurchase(p.getOriginalJson(), p.getSignature()));
        return out;
    }
}
