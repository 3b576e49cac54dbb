// JVM stand-in for Android's org.json: a strict JSON text reader (RFC 8259). Android's JSONTokener is
// more lenient (unquoted keys, single quotes); the bridge never relies on that leniency.
package org.json;

final class JsonReader {
    private final String text;
    private int at;

    JsonReader(String text) {
        this.text = text;
    }

    Object readDocument() throws JSONException {
        Object value = readValue();
        skipSpace();
        if (at != text.length()) throw error("trailing characters");
        return value;
    }

    private JSONException error(String what) {
        return new JSONException(what + " at character " + at);
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) at++;
    }

    private char peek() throws JSONException {
        skipSpace();
        if (at >= text.length()) throw error("unexpected end");
        return text.charAt(at);
    }

    private void expect(char c) throws JSONException {
        if (peek() != c) throw error("expected '" + c + "'");
        at++;
    }

    private Object readValue() throws JSONException {
        char c = peek();
        if (c == '{') return readObject();
        if (c == '[') return readArray();
        if (c == '"') return readString();
        if (c == '-' || (c >= '0' && c <= '9')) return readNumber();
        for (String word : new String[] {"true", "false", "null"}) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return word.equals("null") ? JSONObject.NULL : Boolean.valueOf(word.equals("true"));
            }
        }
        throw error("unexpected character '" + c + "'");
    }

    private JSONObject readObject() throws JSONException {
        expect('{');
        JSONObject object = new JSONObject();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            if (peek() != '"') throw error("expected a string key");
            String key = readString();
            expect(':');
            object.put(key, readValue());
            char c = peek();
            at++;
            if (c == '}') return object;
            if (c != ',') throw error("expected ',' or '}'");
        }
    }

    private JSONArray readArray() throws JSONException {
        expect('[');
        JSONArray array = new JSONArray();
        if (peek() == ']') {
            at++;
            return array;
        }
        while (true) {
            array.put(readValue());
            char c = peek();
            at++;
            if (c == ']') return array;
            if (c != ',') throw error("expected ',' or ']'");
        }
    }

    private String readString() throws JSONException {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') return out.toString();
            if (c < 0x20) throw error("control character in string");
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) break;
            char e = text.charAt(at++);
            switch (e) {
                case '"': case '\\': case '/': out.append(e); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    if (at + 4 > text.length()) throw error("short unicode escape");
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad unicode escape");
                    }
                    at += 4;
                    break;
                default: throw error("bad escape");
            }
        }
        throw error("unterminated string");
    }

    /** Like Android: integers become Integer or Long, anything else Double. */
    private Object readNumber() throws JSONException {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) at++;
        String literal = text.substring(start, at);
        if (!literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) throw error("bad number " + literal);
        if (literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
            try {
                long value = Long.parseLong(literal);
                if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) return Integer.valueOf((int) value);
                return Long.valueOf(value);
            } catch (NumberFormatException tooBig) {
                // falls through to Double, as Android does
            }
        }
        return Double.valueOf(literal);
    }
}
