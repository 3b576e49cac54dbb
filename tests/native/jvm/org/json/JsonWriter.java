// JVM stand-in for Android's org.json: writing values, and Android's number coercion for opt*().
package org.json;

final class JsonWriter {
    private JsonWriter() {
    }

    static void value(StringBuilder out, Object value) {
        if (value == null || value == JSONObject.NULL) out.append("null");
        else if (value instanceof String) string(out, (String) value);
        else if (value instanceof Number) out.append(number((Number) value));
        else if (value instanceof Boolean || value instanceof JSONObject || value instanceof JSONArray) out.append(value.toString());
        else string(out, value.toString());
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '/': out.append("\\/"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
            }
        }
        out.append('"');
    }

    /** Like Android: integral doubles print without a fraction. */
    static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) return Long.toString((long) d);
            return Double.toString(d);
        }
        return n.toString();
    }

    static Number toNumber(Object value) {
        if (value instanceof Number) return (Number) value;
        if (value instanceof String) {
            try {
                return Double.valueOf((String) value);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
