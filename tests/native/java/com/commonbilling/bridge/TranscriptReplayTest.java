package com.commonbilling.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Replays every Android transcript (tests/fixtures/bridge) against the real dispatcher and markets
 * with the scripted fake store: each request goes in on the "game thread", the UI queue is drained,
 * and what the bridge sent to script must equal the recorded messages, by JSON value and in order.
 */
@RunWith(Parameterized.class)
public class TranscriptReplayTest {
    private final JSONObject transcript;

    public TranscriptReplayTest(String name, JSONObject transcript) {
        this.transcript = transcript;
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> transcripts() throws Exception {
        List<Object[]> out = new ArrayList<Object[]>();
        for (JSONObject t : Transcripts.forAndroid()) out.add(new Object[] {t.optString("name"), t});
        return out;
    }

    @Test
    public void bridgeSendsExactlyTheRecordedMessages() throws Exception {
        Bridges bridge = new Bridges(transcript.optJSONObject("store"));
        JSONArray messages = transcript.optJSONArray("messages");
        List<RecordingChannel.Sent> sent = new ArrayList<RecordingChannel.Sent>();
        for (int i = 0; i < messages.length(); i++) {
            JSONObject m = messages.optJSONObject(i);
            if ("native".equals(m.optString("to"))) {
                if (!sent.isEmpty()) fail("sent before request #" + i + " but not recorded: " + sent.get(0).arg);
                assertEquals("request event name", BridgeDispatcher.REQUEST_EVENT, m.optString("event"));
                bridge.request(m.optString("arg"));
                sent.addAll(bridge.script.takeAll());
                continue;
            }
            if (sent.isEmpty()) fail("message #" + i + " was never sent: " + m.optString("arg"));
            RecordingChannel.Sent actual = sent.remove(0);
            assertEquals("event of message #" + i, m.optString("event"), actual.event);
            assertTrue("message #" + i + "\n expected " + m.optString("arg") + "\n      got " + actual.arg,
                JsonEquality.equal(Json.parseObject(m.optString("arg")), Json.parseObject(actual.arg)));
        }
        if (!sent.isEmpty()) fail("sent but not recorded: " + sent.get(0).arg);
        assertEquals("scripted store codes left unused", 0, bridge.store.unusedResponses());
        JSONObject store = transcript.optJSONObject("store");
        JSONArray tokens = store == null ? null : store.optJSONArray("expectOfferTokens");
        if (tokens != null) {
            List<String> expected = new ArrayList<String>();
            for (int i = 0; i < tokens.length(); i++) expected.add(tokens.opt(i) instanceof String ? (String) tokens.opt(i) : null);
            assertEquals("offer tokens of the purchase flows opened", expected, bridge.store.launchedOfferTokens);
        }
        assertStrings("subscriptions replaced (old token, store mode)", store, "expectReplacements", bridge.store.launchedReplacements);
        assertStrings("subscription management pages opened (product, owned token)", store, "expectManaged", bridge.store.managed);
        JSONArray keys = store == null ? null : store.optJSONArray("expectLicenceKeys");
        if (keys != null) {
            List<String> expected = new ArrayList<String>();
            for (int i = 0; i < keys.length(); i++) expected.add(keys.opt(i) instanceof String ? (String) keys.opt(i) : null);
            assertEquals("licence keys the store clients were built with (opened on the device)", expected, bridge.store.keysSeen);
        }
    }

    private static void assertStrings(String what, JSONObject store, String key, List<String> actual) {
        JSONArray list = store == null ? null : store.optJSONArray(key);
        if (list == null) return;
        List<String> expected = new ArrayList<String>();
        for (int i = 0; i < list.length(); i++) expected.add(list.optString(i));
        assertEquals(what, expected, actual);
    }
}
