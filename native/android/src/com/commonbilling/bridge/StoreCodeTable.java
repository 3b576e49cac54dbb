package com.commonbilling.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.commonbilling.bridge.store.StoreResult;

/**
 * One market's store response codes → catalog codes, in one place. A code the table does not know
 * becomes STORE_ERROR (retryable), so a new SDK code never passes as success.
 */
public final class StoreCodeTable {
    private static final class Row {
        final String name;
        final String catalogCode;
        final boolean retryable;

        Row(String name, String catalogCode, boolean retryable) {
            this.name = name;
            this.catalogCode = catalogCode;
            this.retryable = retryable;
        }
    }

    private final String storeLabel;
    private final Map<Integer, Row> rows = new LinkedHashMap<Integer, Row>();

    public StoreCodeTable(String storeLabel) {
        this.storeLabel = storeLabel;
    }

    public StoreCodeTable add(int storeCode, String storeName, String catalogCode, boolean retryable) {
        rows.put(storeCode, new Row(storeName, catalogCode, retryable));
        return this;
    }

    public BridgeFailure failure(StoreResult result) {
        Row row = rows.get(result.code);
        if (row == null) row = new Row("UNKNOWN", "STORE_ERROR", true);
        return new BridgeFailure(row.catalogCode, storeLabel + ": " + row.name + " (" + result.code + ")", row.retryable, result.code);
    }

    /** Every store code the table maps (the coverage test checks each appears in a transcript). */
    public Set<Integer> codes() {
        return rows.keySet();
    }
}
