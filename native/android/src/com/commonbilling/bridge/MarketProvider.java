package com.commonbilling.bridge;

import com.commonbilling.bridge.store.ActivityProvider;
import com.commonbilling.bridge.store.StoreClientFactory;

/**
 * One market as the registry sees it. Implementations have a public no-argument constructor and
 * are listed by class name in {@link CommonBillingBridge#MARKET_PROVIDERS}, so that a build that
 * leaves a market (and its store SDK) out still compiles and simply does not offer it.
 */
public interface MarketProvider {
    /** The protocol's market id, e.g. "google-play". */
    String marketId();

    /** The production store client: the adapter over the store's SDK. */
    StoreClientFactory storeClients(ActivityProvider activities);

    Market create(PurchaseEvents events, StoreClientFactory clients);
}
