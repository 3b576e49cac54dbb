package com.commonbilling.bridge;

import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.Test;

import com.commonbilling.bridge.googleplay.GooglePlayErrors;
import com.commonbilling.bridge.onestore.OneStoreErrors;

/** Every protocol method and every store response code the markets map is exercised by some transcript. */
public class TranscriptCoverageTest {
    private static Set<Integer> scriptedCodes(String market) throws Exception {
        Set<Integer> codes = new HashSet<Integer>();
        for (JSONObject t : Transcripts.forAndroid()) {
            JSONObject responses = t.optJSONObject("store").optJSONObject("responses");
            if (!market.equals(t.optString("market")) || responses == null) continue;
            for (Iterator<String> calls = responses.keys(); calls.hasNext();) {
                JSONArray list = responses.optJSONArray(calls.next());
                for (int i = 0; i < list.length(); i++) codes.add(((Number) list.opt(i)).intValue());
            }
        }
        return codes;
    }

    private static void assertCovered(String market, Set<Integer> mapped) throws Exception {
        Set<Integer> missing = new TreeSet<Integer>(mapped);
        missing.removeAll(scriptedCodes(market));
        assertTrue(market + " codes in no transcript: " + missing, missing.isEmpty());
    }

    @Test
    public void everyGooglePlayResponseCodeIsInATranscript() throws Exception {
        assertCovered("google-play", GooglePlayErrors.TABLE.codes());
    }

    @Test
    public void everyOneStoreResponseCodeIsInATranscript() throws Exception {
        assertCovered("one-store", OneStoreErrors.TABLE.codes());
    }

    @Test
    public void everyProtocolMethodIsReplayedOnAndroid() throws Exception {
        Set<String> methods = new HashSet<String>();
        for (JSONObject t : Transcripts.forAndroid()) {
            JSONArray messages = t.optJSONArray("messages");
            for (int i = 0; i < messages.length(); i++) {
                JSONObject body = Json.parseObject(messages.optJSONObject(i).optString("arg"));
                if ("native".equals(messages.optJSONObject(i).optString("to")) && body != null) methods.add(body.optString("method"));
            }
        }
        for (String m : RequestParams.METHODS) assertTrue("no Android transcript calls " + m, methods.contains(m));
    }
}
