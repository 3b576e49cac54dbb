package com.commonbilling.bridge;

import java.util.Iterator;

import org.json.JSONArray;
import org.json.JSONObject;

/** Compares JSON by value, as the transcript format requires: key order free, numbers by value. */
final class JsonEquality {
    private JsonEquality() {
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        if (a instanceof JSONObject && b instanceof JSONObject) {
            JSONObject x = (JSONObject) a;
            JSONObject y = (JSONObject) b;
            if (x.length() != y.length()) return false;
            for (Iterator<String> keys = x.keys(); keys.hasNext();) {
                String key = keys.next();
                if (!y.has(key) || !equal(x.opt(key), y.opt(key))) return false;
            }
            return true;
        }
        if (a instanceof JSONArray && b instanceof JSONArray) {
            JSONArray x = (JSONArray) a;
            JSONArray y = (JSONArray) b;
            if (x.length() != y.length()) return false;
            for (int i = 0; i < x.length(); i++) {
                if (!equal(x.opt(i), y.opt(i))) return false;
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }
}
