package com.commonbilling.bridge;

import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Checks a request's params against the protocol schema (BridgeMethods in protocol/bridge.ts) before
 * any market sees them, so markets can read fields without further checks.
 */
final class RequestParams {
    static final String[] METHODS = {
        "connect", "queryProducts", "launchPurchase", "queryPurchases", "consume", "acknowledge", "finish", "manageSubscriptions",
    };

    /** protocol/bridge.ts ReplacementMode; each market maps them to its store's constants. */
    static final java.util.List<String> REPLACEMENT_MODES = java.util.Arrays.asList(
        "with-time-proration", "charge-prorated-price", "charge-full-price", "without-proration", "deferred");

    private RequestParams() {
    }

    static boolean isMethod(String method) {
        for (String m : METHODS) {
            if (m.equals(method)) return true;
        }
        return false;
    }

    static void check(String method, Object params) throws BridgeFailure {
        if (!(params instanceof JSONObject)) throw invalid(method, "params must be an object");
        JSONObject p = (JSONObject) params;
        if ("connect".equals(method)) {
            requireString(method, p, "market");
            if (p.has("marketKey")) {
                if (!(p.opt("marketKey") instanceof JSONObject)) throw invalid(method, "marketKey must be an object");
                JSONObject key = (JSONObject) p.opt("marketKey");
                for (String field : new String[] {"sealed", "dataKey", "appKey", "market"}) {
                    if (!(key.opt(field) instanceof String)) throw invalid(method, "marketKey." + field + " must be a string");
                }
            }
        } else if ("queryProducts".equals(method)) {
            requireStringArray(method, p, "productIds");
            requireProductType(method, p);
        } else if ("launchPurchase".equals(method)) {
            requireString(method, p, "productId");
            requireProductType(method, p);
            requirePositiveInteger(method, p, "quantity");
            for (String field : new String[] {"accountId", "profileId", "developerPayload", "appAccountToken"}) {
                requireString(method, p, field);
            }
            for (String field : new String[] {"offerId", "basePlanId"}) {
                if (p.has(field)) requireString(method, p, field);
            }
            if (p.has("replace")) {
                if (!(p.opt("replace") instanceof JSONObject)) throw invalid(method, "replace must be an object");
                JSONObject replace = (JSONObject) p.opt("replace");
                requireString(method, replace, "purchaseToken");
                if (!REPLACEMENT_MODES.contains(replace.opt("mode"))) throw invalid(method, "replace.mode must be one of " + REPLACEMENT_MODES);
            }
        } else if ("queryPurchases".equals(method)) {
            requireProductType(method, p);
            if (p.has("sync") && !(p.opt("sync") instanceof Boolean)) throw invalid(method, "sync must be a boolean");
        } else if ("consume".equals(method) || "acknowledge".equals(method)) {
            requireString(method, p, "purchaseToken");
        } else if ("finish".equals(method)) {
            requireString(method, p, "transactionId");
        } else if ("manageSubscriptions".equals(method)) {
            if (p.has("productId")) requireString(method, p, "productId");
        }
    }

    private static BridgeFailure invalid(String method, String what) {
        return BridgeFailure.badRequest("Invalid params for " + method + ": " + what + ".");
    }

    private static void requireString(String method, JSONObject p, String field) throws BridgeFailure {
        if (!(p.opt(field) instanceof String)) throw invalid(method, field + " must be a string");
    }

    private static void requireStringArray(String method, JSONObject p, String field) throws BridgeFailure {
        Object value = p.opt(field);
        boolean ok = value instanceof JSONArray;
        for (int i = 0; ok && i < ((JSONArray) value).length(); i++) {
            ok = ((JSONArray) value).opt(i) instanceof String;
        }
        if (!ok) throw invalid(method, field + " must be an array of strings");
    }

    private static void requireProductType(String method, JSONObject p) throws BridgeFailure {
        if (ProductKind.of(p.opt("type")) == null) {
            throw invalid(method, "type must be consumable, non-consumable or subscription");
        }
    }

    private static void requirePositiveInteger(String method, JSONObject p, String field) throws BridgeFailure {
        Object value = p.opt(field);
        boolean integral = value instanceof Integer || value instanceof Long;
        if (!integral || ((Number) value).longValue() < 1) throw invalid(method, field + " must be an integer of at least 1");
    }
}
