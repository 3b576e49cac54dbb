package com.commonbilling.bridge;

/** Creates a market for one connection. {@code events} is where its purchase updates go. */
public interface MarketFactory {
    Market create(PurchaseEvents events);
}
