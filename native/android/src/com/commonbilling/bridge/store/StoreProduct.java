package com.commonbilling.bridge.store;

/** Product details reduced to the protocol's NativeProduct fields (the type is added by the market). */
public final class StoreProduct {
    public final String productId;
    public final String title;
    public final String description;
    public final String formattedPrice;
    public final long priceMicros;
    public final String currency;

    public StoreProduct(String productId, String title, String description, String formattedPrice, long priceMicros, String currency) {
        this.productId = productId;
        this.title = title == null ? "" : title;
        this.description = description == null ? "" : description;
        this.formattedPrice = formattedPrice == null ? "" : formattedPrice;
        this.priceMicros = priceMicros;
        this.currency = currency == null ? "" : currency;
    }
}
