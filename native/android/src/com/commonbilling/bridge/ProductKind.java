package com.commonbilling.bridge;

/** The protocol's ProductType (protocol/common.ts). Each market maps it to its store's own type. */
public enum ProductKind {
    CONSUMABLE("consumable"),
    NON_CONSUMABLE("non-consumable"),
    SUBSCRIPTION("subscription");

    public final String wire;

    ProductKind(String wire) {
        this.wire = wire;
    }

    /** @return null for anything that is not one of the three protocol strings */
    public static ProductKind of(Object value) {
        for (ProductKind kind : values()) {
            if (kind.wire.equals(value)) return kind;
        }
        return null;
    }
}
