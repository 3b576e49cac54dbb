// JVM stand-in for Android's org.json (see JSONException.java for why and what).
package org.json;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

public class JSONObject {
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final Map<String, Object> values = new LinkedHashMap<String, Object>();

    public JSONObject() {
    }

    public JSONObject(String json) throws JSONException {
        Object value = new JsonReader(json).readDocument();
        if (!(value instanceof JSONObject)) throw new JSONException("Value is not a JSONObject");
        values.putAll(((JSONObject) value).values);
    }

    public JSONObject put(String name, Object value) throws JSONException {
        if (name == null) throw new JSONException("Names must be non-null");
        if (value == null) {
            values.remove(name);
            return this;
        }
        if (value instanceof Double && (((Double) value).isNaN() || ((Double) value).isInfinite())) {
            throw new JSONException("Forbidden numeric value: " + value);
        }
        values.put(name, value);
        return this;
    }

    public Object opt(String name) {
        return name == null ? null : values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean isNull(String name) {
        Object value = opt(name);
        return value == null || value == NULL;
    }

    public int length() {
        return values.size();
    }

    public Iterator<String> keys() {
        return values.keySet().iterator();
    }

    public String optString(String name) {
        return optString(name, "");
    }

    /** Android: any present value is turned into text (NULL becomes "null"). */
    public String optString(String name, String fallback) {
        Object value = opt(name);
        return value == null ? fallback : value instanceof Number ? JsonWriter.number((Number) value) : String.valueOf(value);
    }

    public int optInt(String name, int fallback) {
        Number n = JsonWriter.toNumber(opt(name));
        return n == null ? fallback : n.intValue();
    }

    public long optLong(String name, long fallback) {
        Number n = JsonWriter.toNumber(opt(name));
        return n == null ? fallback : n.longValue();
    }

    public boolean optBoolean(String name, boolean fallback) {
        Object value = opt(name);
        if (value instanceof Boolean) return (Boolean) value;
        if (value instanceof String && ("true".equalsIgnoreCase((String) value) || "false".equalsIgnoreCase((String) value))) {
            return Boolean.parseBoolean((String) value);
        }
        return fallback;
    }

    public JSONArray optJSONArray(String name) {
        Object value = opt(name);
        return value instanceof JSONArray ? (JSONArray) value : null;
    }

    public JSONObject optJSONObject(String name) {
        Object value = opt(name);
        return value instanceof JSONObject ? (JSONObject) value : null;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (out.length() > 1) out.append(',');
            JsonWriter.string(out, e.getKey());
            out.append(':');
            JsonWriter.value(out, e.getValue());
        }
        return out.append('}').toString();
    }
}
