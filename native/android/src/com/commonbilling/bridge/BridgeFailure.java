package com.commonbilling.bridge;

/**
 * A failure answered to script as {@code {code, message, retryable, nativeCode?}}. {@code code} is a
 * code of the shared catalog (assets/common-billing/protocol/error-codes.ts); {@code nativeCode} is
 * the store's own response code when a store reported the failure.
 */
public final class BridgeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public final String code;
    public final boolean retryable;
    public final Integer nativeCode;

    public BridgeFailure(String code, String message, boolean retryable, Integer nativeCode) {
        super(message);
        this.code = code;
        this.retryable = retryable;
        this.nativeCode = nativeCode;
    }

    public static BridgeFailure badRequest(String message) {
        return new BridgeFailure("BAD_REQUEST", message, false, null);
    }

    public static BridgeFailure notReady() {
        return new BridgeFailure("STORE_NOT_READY", "Call connect first.", true, null);
    }

    public static BridgeFailure itemNotOwned() {
        return new BridgeFailure("ITEM_NOT_OWNED", "The store does not list this purchase token.", false, null);
    }

    public static BridgeFailure unsupported(String method, String market, String instead) {
        return badRequest(method + " is not supported by " + market + "; use " + instead + ".");
    }
}
