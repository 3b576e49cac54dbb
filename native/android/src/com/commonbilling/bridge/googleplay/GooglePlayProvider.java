package com.commonbilling.bridge.googleplay;

import com.commonbilling.bridge.Market;
import com.commonbilling.bridge.MarketProvider;
import com.commonbilling.bridge.PurchaseEvents;
import com.commonbilling.bridge.store.ActivityProvider;
import com.commonbilling.bridge.store.StoreClientFactory;

/** Registers Google Play (listed in CommonBillingBridge.MARKET_PROVIDERS). */
public final class GooglePlayProvider implements MarketProvider {
    @Override
    public String marketId() {
        return GooglePlayMarket.ID;
    }

    @Override
    public StoreClientFactory storeClients(ActivityProvider activities) {
        return PlayBillingStore.factory(activities);
    }

    @Override
    public Market create(PurchaseEvents events, StoreClientFactory clients) {
        return new GooglePlayMarket(events, clients);
    }
}
