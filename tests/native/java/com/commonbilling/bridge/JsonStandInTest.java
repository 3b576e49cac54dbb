package com.commonbilling.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.json.JSONException;
import org.json.JSONObject;
import org.junit.Test;

/**
 * The JVM stand-in for Android's org.json must behave like Android's for what the bridge relies on;
 * otherwise the replay would prove nothing about the device. run.sh runs this class against both
 * the stand-in and Android's own org.json (Debian libandroid-json-java), so every assertion here is
 * a fact about Android's implementation too.
 */
public class JsonStandInTest {
    @Test
    public void numbersAreIntegerLongOrDoubleLikeAndroid() throws Exception {
        JSONObject o = new JSONObject("{\"i\":1,\"l\":1763700000000,\"d\":1.5,\"big\":123456789012345678901}");
        assertEquals(Integer.class, o.opt("i").getClass());
        assertEquals(Long.class, o.opt("l").getClass());
        assertEquals(Double.class, o.opt("d").getClass());
        assertEquals(Double.class, o.opt("big").getClass());
        assertEquals(1763700000000L, o.optLong("l", 0));
    }

    @Test
    public void putNullRemovesAndNullReadsAsTheTextNull() throws Exception {
        JSONObject o = new JSONObject("{\"a\":null,\"b\":\"x\"}");
        assertEquals("null", o.optString("a"));
        assertEquals("", Json.text(o, "a"));
        o.put("b", null);
        assertFalse(o.has("b"));
    }

    @Test
    public void rejectsWhatIsNotAJsonObject() {
        // Android is lenient beyond these (trailing text, octal "01", unquoted keys); the bridge relies on none of it.
        for (String bad : new String[] {"{not json", "[]", "\"s\"", "{\"a\":1,}", "", "{\"a\":"}) {
            try {
                new JSONObject(bad);
                throw new AssertionError("accepted " + bad);
            } catch (JSONException expected) {
                assertTrue(expected.getMessage().length() > 0);
            }
        }
    }

    @Test
    public void roundTripsEscapesAndUnicode() throws Exception {
        String text = "{\"s\":\"q\\\"b\\\\n\\n\\u20a9/\"}";
        JSONObject o = new JSONObject(text);
        assertEquals("q\"b\\n\n\u20a9/", o.optString("s"));
        assertEquals(o.optString("s"), new JSONObject(o.toString()).optString("s"));
        assertNull(o.optJSONArray("s"));
    }
}
