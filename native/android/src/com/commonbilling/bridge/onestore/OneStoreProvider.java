package com.commonbilling.bridge.onestore;

import com.commonbilling.bridge.Market;
import com.commonbilling.bridge.MarketProvider;
import com.commonbilling.bridge.PurchaseEvents;
import com.commonbilling.bridge.store.ActivityProvider;
import com.commonbilling.bridge.store.StoreClientFactory;

/** Registers ONE store (listed in CommonBillingBridge.MARKET_PROVIDERS). */
public final class OneStoreProvider implements MarketProvider {
    @Override
    public String marketId() {
        return OneStoreMarket.ID;
    }

    @Override
    public StoreClientFactory storeClients(ActivityProvider activities) {
        return OneStoreSdkStore.factory(activities);
    }

    @Override
    public Market create(PurchaseEvents events, StoreClientFactory clients) {
        return new OneStoreMarket(events, clients);
    }
}
