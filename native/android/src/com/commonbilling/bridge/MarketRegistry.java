package com.commonbilling.bridge;

import java.util.LinkedHashMap;
import java.util.Map;

/** Market name (the protocol's market id) → factory. Adding a market is one {@link #add} line. */
public final class MarketRegistry {
    private final Map<String, MarketFactory> factories = new LinkedHashMap<String, MarketFactory>();

    public MarketRegistry add(String marketId, MarketFactory factory) {
        factories.put(marketId, factory);
        return this;
    }

    /** @return null when no market has this id */
    public MarketFactory find(String marketId) {
        return factories.get(marketId);
    }
}
