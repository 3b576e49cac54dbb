package com.commonbilling.bridge.store;

/** A store SDK's result: Play BillingResult or ONE store IapResult, reduced to code and message. */
public final class StoreResult {
    public static final int OK = 0;

    public final int code;
    public final String debugMessage;

    public StoreResult(int code, String debugMessage) {
        this.code = code;
        this.debugMessage = debugMessage == null ? "" : debugMessage;
    }

    public static StoreResult of(int code) {
        return new StoreResult(code, "");
    }

    public boolean ok() {
        return code == OK;
    }
}
