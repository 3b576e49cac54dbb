package com.commonbilling.bridge.store;

import java.util.Collections;
import java.util.List;

/**
 * Product details reduced to the protocol's NativeProduct fields (the type is added by the market),
 * plus the ways to buy it (Play's purchase options, base plans and offers; none on ONE store).
 */
public final class StoreProduct {
    public final String productId;
    public final String title;
    public final String description;
    public final String formattedPrice;
    public final long priceMicros;
    public final String currency;
    public final List<StoreOffer> offers;

    public StoreProduct(String productId, String title, String description, String formattedPrice, long priceMicros, String currency) {
        this(productId, title, description, formattedPrice, priceMicros, currency, Collections.<StoreOffer>emptyList());
    }

    public StoreProduct(String productId, String title, String description, String formattedPrice, long priceMicros, String currency,
                        List<StoreOffer> offers) {
        this.productId = productId;
        this.title = title == null ? "" : title;
        this.description = description == null ? "" : description;
        this.formattedPrice = formattedPrice == null ? "" : formattedPrice;
        this.priceMicros = priceMicros;
        this.currency = currency == null ? "" : currency;
        this.offers = offers;
    }
}
