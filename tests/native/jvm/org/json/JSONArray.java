// JVM stand-in for Android's org.json (see JSONException.java for why and what).
package org.json;

import java.util.ArrayList;
import java.util.List;

public class JSONArray {
    private final List<Object> values = new ArrayList<Object>();

    public JSONArray() {
    }

    public JSONArray put(Object value) {
        values.add(value);
        return this;
    }

    public int length() {
        return values.size();
    }

    public Object opt(int index) {
        return index < 0 || index >= values.size() ? null : values.get(index);
    }

    public String optString(int index) {
        Object value = opt(index);
        return value == null ? "" : value instanceof Number ? JsonWriter.number((Number) value) : String.valueOf(value);
    }

    public JSONObject optJSONObject(int index) {
        Object value = opt(index);
        return value instanceof JSONObject ? (JSONObject) value : null;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) out.append(',');
            JsonWriter.value(out, values.get(i));
        }
        return out.append(']').toString();
    }
}
