package com.commonbilling.bridge.store;

import java.util.List;

/**
 * The narrow seam between a market's logic and its store SDK. The production implementations
 * (PlayBillingStore, OneStoreSdkStore) translate 1:1 to SDK calls and nothing else, so that all
 * decisions (error mapping, signature checks, login/update flows, caching) live in the markets and
 * are exercised on the JVM with a scripted store. All methods are called on the UI thread.
 */
public interface StoreClient {
    void connect(StoreCallback<Void> done);

    void queryProducts(List<String> productIds, String storeType, StoreCallback<List<StoreProduct>> done);

    /** Opens the store's purchase UI; {@code launched} reports whether it opened. The outcome goes to PurchaseUpdates. */
    void launchPurchase(LaunchRequest request, StoreCallback<Void> launched);

    void queryPurchases(String storeType, StoreCallback<List<SignedPurchase>> done);

    void consume(SignedPurchase purchase, StoreCallback<Void> done);

    void acknowledge(SignedPurchase purchase, StoreCallback<Void> done);

    /**
     * Opens the store's subscription management: for {@code productId} when given (Play's page for
     * that subscription; ONE store's for {@code owned}, its purchase, when the player owns it), else the list.
     */
    void manageSubscriptions(String productId, SignedPurchase owned, StoreCallback<Void> done);

    /** ONE store's sign-in flow (GaaSignInClient). Stores without one answer OK at once. */
    void signIn(StoreCallback<Void> done);

    /** ONE store's install/update flow for its service app. Stores without one answer OK at once. */
    void updateOrInstall(StoreCallback<Void> done);

    void disconnect();
}
