package com.commonbilling.bridge;

import java.util.List;

import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * org.json helpers. Android's org.json declares the checked JSONException on put() even for keys
 * and values that cannot fail; these wrappers keep that noise out of the bridge logic.
 */
public final class Json {
    private Json() {
    }

    /** @param keysAndValues key, value, key, value…; a null value leaves the key out */
    public static JSONObject object(Object... keysAndValues) {
        JSONObject o = new JSONObject();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            put(o, (String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return o;
    }

    public static JSONObject put(JSONObject o, String key, Object value) {
        if (value == null) return o;
        try {
            o.put(key, value);
        } catch (JSONException e) {
            throw new IllegalArgumentException("not a JSON value for " + key, e);
        }
        return o;
    }

    public static JSONArray array(List<?> items) {
        JSONArray a = new JSONArray();
        for (Object item : items) a.put(item);
        return a;
    }

    /** @return the parsed object, or null when text is not a JSON object */
    public static JSONObject parseObject(String text) {
        if (text == null) return null;
        try {
            return new JSONObject(text);
        } catch (JSONException e) {
            return null;
        }
    }

    /**
     * The string at key, or "" when absent, null or not a string. (Android's optString turns
     * JSONObject.NULL into the text "null", which must never reach a receipt field.)
     */
    public static String text(JSONObject o, String key) {
        Object value = o.opt(key);
        return value instanceof String ? (String) value : "";
    }

    public static JSONObject error(BridgeFailure f) {
        return object("code", f.code, "message", f.getMessage(), "retryable", f.retryable, "nativeCode", f.nativeCode);
    }
}
