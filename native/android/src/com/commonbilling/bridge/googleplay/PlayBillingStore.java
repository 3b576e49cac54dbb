package com.commonbilling.bridge.googleplay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import android.app.Activity;
import android.content.Intent;
import android.net.Uri;

import com.android.billingclient.api.AcknowledgePurchaseParams;
import com.android.billingclient.api.BillingClient;
import com.android.billingclient.api.BillingClientStateListener;
import com.android.billingclient.api.BillingFlowParams;
import com.android.billingclient.api.BillingResult;
import com.android.billingclient.api.ConsumeParams;
import com.android.billingclient.api.PendingPurchasesParams;
import com.android.billingclient.api.ProductDetails;
import com.android.billingclient.api.Purchase;
import com.android.billingclient.api.PurchasesUpdatedListener;
import com.android.billingclient.api.QueryProductDetailsParams;
import com.android.billingclient.api.QueryProductDetailsResult;
import com.android.billingclient.api.QueryPurchasesParams;
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

/**
 * StoreClient over Play Billing Library 8. Translation only: every decision is in GooglePlayMarket.
 * Compiled here against our signature stubs (tests/native/stubs); runs only on a device.
 */
public final class PlayBillingStore implements StoreClient, PurchasesUpdatedListener {
    public static final String INAPP = "inapp";
    public static final String SUBS = "subs";
    private static final int ITEM_UNAVAILABLE = 4;

    private final ActivityProvider activities;
    private final PurchaseUpdates updates;
    private final BillingClient billing;
    /** launchBillingFlow needs ProductDetails; kept from the last query of each product. */
    private final Map<String, ProductDetails> details = new HashMap<String, ProductDetails>();

    private PlayBillingStore(ActivityProvider activities, PurchaseUpdates updates) {
        this.activities = activities;
        this.updates = updates;
        // The application context: the client outlives activity re-creation.
        this.billing = BillingClient.newBuilder(activities.current().getApplicationContext())
            .setListener(this)
            .enablePendingPurchases(PendingPurchasesParams.newBuilder().enableOneTimeProducts().build())
            .enableAutoServiceReconnection()
            .build();
    }

    /** Play checks signatures itself with nothing from us; the licence key is for the market's pre-check. */
    public static StoreClientFactory factory(final ActivityProvider activities) {
        return new StoreClientFactory() {
            @Override
            public StoreClient create(String publicKey, PurchaseUpdates updates) {
                return new PlayBillingStore(activities, updates);
            }
        };
    }

    private static StoreResult result(BillingResult r) {
        return new StoreResult(r.getResponseCode(), r.getDebugMessage());
    }

    private <T> void answer(final StoreCallback<T> done, final BillingResult r, final T value) {
        UiThread.post(activities, new Runnable() {
            @Override
            public void run() {
                done.done(result(r), value);
            }
        });
    }

    @Override
    public void connect(final StoreCallback<Void> done) {
        final AtomicBoolean answered = new AtomicBoolean(false);
        billing.startConnection(new BillingClientStateListener() {
            @Override
            public void onBillingSetupFinished(BillingResult r) {
                if (answered.compareAndSet(false, true)) answer(done, r, null);
            }

            @Override
            public void onBillingServiceDisconnected() {
                // enableAutoServiceReconnection(): the library reconnects on the next call.
            }
        });
    }

    @Override
    public void queryProducts(List<String> productIds, String storeType, final StoreCallback<List<StoreProduct>> done) {
        List<QueryProductDetailsParams.Product> products = new ArrayList<QueryProductDetailsParams.Product>();
        for (String id : productIds) {
            products.add(QueryProductDetailsParams.Product.newBuilder().setProductId(id).setProductType(storeType).build());
        }
        billing.queryProductDetailsAsync(QueryProductDetailsParams.newBuilder().setProductList(products).build(),
            (final BillingResult r, final QueryProductDetailsResult found) -> UiThread.post(activities, () -> {
                // On the UI thread: `details` is read there by launchPurchase.
                List<StoreProduct> out = new ArrayList<StoreProduct>();
                List<ProductDetails> list = found == null ? null : found.getProductDetailsList();
                for (ProductDetails d : list == null ? new ArrayList<ProductDetails>() : list) {
                    details.put(d.getProductId(), d);
                    out.add(PlayProducts.toStoreProduct(d));
                }
                done.done(result(r), out);
            }));
    }

    @Override
    public void launchPurchase(final LaunchRequest request, final StoreCallback<Void> launched) {
        if (details.containsKey(request.productId)) {
            launchWith(details.get(request.productId), request, launched);
            return;
        }
        queryProducts(Collections.singletonList(request.productId), request.storeType, (StoreResult r, List<StoreProduct> found) -> {
            ProductDetails d = details.get(request.productId);
            if (!r.ok()) launched.done(r, null);
            else if (d == null) launched.done(StoreResult.of(ITEM_UNAVAILABLE), null);
            else launchWith(d, request, launched);
        });
    }

    private void launchWith(ProductDetails d, LaunchRequest request, StoreCallback<Void> launched) {
        BillingFlowParams.ProductDetailsParams.Builder item = BillingFlowParams.ProductDetailsParams.newBuilder().setProductDetails(d);
        // Chosen by the market from the product's purchase options, base plans and offers (OfferChoice).
        if (request.offerToken != null) item.setOfferToken(request.offerToken);
        BillingFlowParams.Builder flow = BillingFlowParams.newBuilder().setProductDetailsParamsList(Collections.singletonList(item.build()));
        // Upgrade / downgrade: the old subscription's token and the replacement mode the market mapped.
        if (request.oldPurchaseToken != null) {
            flow.setSubscriptionUpdateParams(BillingFlowParams.SubscriptionUpdateParams.newBuilder()
                .setOldPurchaseToken(request.oldPurchaseToken)
                .setSubscriptionReplacementMode(request.replacementMode)
                .build());
        }
        if (!request.accountId.isEmpty()) flow.setObfuscatedAccountId(request.accountId);
        if (!request.profileId.isEmpty()) flow.setObfuscatedProfileId(request.profileId);
        launched.done(result(billing.launchBillingFlow(activities.current(), flow.build())), null);
    }

    @Override
    public void onPurchasesUpdated(final BillingResult r, final List<Purchase> purchases) {
        UiThread.post(activities, new Runnable() {
            @Override
            public void run() {
                updates.onPurchasesUpdated(result(r), signed(purchases));
            }
        });
    }

    @Override
    public void queryPurchases(String storeType, final StoreCallback<List<SignedPurchase>> done) {
        billing.queryPurchasesAsync(QueryPurchasesParams.newBuilder().setProductType(storeType).build(),
            (BillingResult r, List<Purchase> purchases) -> answer(done, r, signed(purchases)));
    }

    @Override
    public void consume(SignedPurchase purchase, final StoreCallback<Void> done) {
        ConsumeParams params = ConsumeParams.newBuilder().setPurchaseToken(PlayProducts.tokenOf(purchase)).build();
        billing.consumeAsync(params, (BillingResult r, String token) -> answer(done, r, null));
    }

    @Override
    public void acknowledge(SignedPurchase purchase, final StoreCallback<Void> done) {
        AcknowledgePurchaseParams params = AcknowledgePurchaseParams.newBuilder().setPurchaseToken(PlayProducts.tokenOf(purchase)).build();
        billing.acknowledgePurchase(params, (BillingResult r) -> answer(done, r, null));
    }

    /** Play has no API for it: the documented deep link opens the Play Store's subscription center. */
    @Override
    public void manageSubscriptions(String productId, SignedPurchase owned, StoreCallback<Void> done) {
        Activity activity = activities.current();
        activity.startActivity(new Intent(Intent.ACTION_VIEW, Uri.parse(PlaySubscriptionLink.url(activity.getPackageName(), productId))));
        done.done(StoreResult.of(StoreResult.OK), null);
    }

    @Override
    public void signIn(StoreCallback<Void> done) {
        done.done(StoreResult.of(StoreResult.OK), null);
    }

    @Override
    public void updateOrInstall(StoreCallback<Void> done) {
        done.done(StoreResult.of(StoreResult.OK), null);
    }

    @Override
    public void disconnect() {
        billing.endConnection();
    }

    private static List<SignedPurchase> signed(List<Purchase> purchases) {
        List<SignedPurchase> out = new ArrayList<SignedPurchase>();
        if (purchases == null) return out;
        for (Purchase p : purchases) out.add(new SignedPurchase(p.getOriginalJson(), p.getSignature()));
        return out;
    }
}
