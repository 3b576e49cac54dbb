package com.commonbilling.bridge.store;

/**
 * One pricing phase of a subscription offer (Play Billing's ProductDetails.PricingPhase): its price,
 * its ISO-8601 billing period and how many periods it lasts (0: it recurs until canceled).
 */
public final class PricingPhase {
    public final String formattedPrice;
    public final long priceMicros;
    public final String currency;
    public final String billingPeriod;
    public final int cycles;

    public PricingPhase(String formattedPrice, long priceMicros, String currency, String billingPeriod, int cycles) {
        this.formattedPrice = formattedPrice == null ? "" : formattedPrice;
        this.priceMicros = priceMicros;
        this.currency = currency == null ? "" : currency;
        this.billingPeriod = billingPeriod == null ? "" : billingPeriod;
        this.cycles = Math.max(0, cycles);
    }
}
