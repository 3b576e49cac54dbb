package com.commonbilling.bridge;

import org.json.JSONObject;

/**
 * One store behind the bridge. The dispatcher calls every method on the UI thread with params that
 * already match the protocol schema; each call answers through its {@link Reply} exactly once.
 */
public interface Market {
    /** @param marketKey the sealed market key with what opens it ({sealed, dataKey, appKey, market}), or null */
    void connect(JSONObject marketKey, Reply reply);

    void queryProducts(JSONObject params, Reply reply);

    void launchPurchase(JSONObject params, Reply reply);

    void queryPurchases(JSONObject params, Reply reply);

    void consume(String purchaseToken, Reply reply);

    void acknowledge(String purchaseToken, Reply reply);

    void finish(String transactionId, Reply reply);

    /** @param productId the subscription whose management page to open, or null for all of the app's */
    void manageSubscriptions(String productId, Reply reply);

    /** Releases the store connection; the market is not used afterwards. */
    void disconnect();
}
