package com.commonbilling.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.Test;

/**
 * The device opens exactly what the editor sealed: tests/fixtures/market-key/vectors.json is written
 * by the editor's own sealMarketKey (Node crypto, tests/native/transcripts/generate.ts); every good
 * vector opens with javax.crypto to the same plain key, every bad one is MARKET_KEY_INVALID.
 */
public class MarketKeyTest {
    private static JSONObject vectors() throws Exception {
        File file = new File(Transcripts.directory().getParentFile(), "market-key/vectors.json");
        return new JSONObject(new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8));
    }

    @Test
    public void opensEveryVectorTheEditorSealed() throws Exception {
        JSONArray good = vectors().optJSONArray("opens");
        if (good.length() < 3) fail("too few vectors");
        for (int i = 0; i < good.length(); i++) {
            JSONObject v = good.optJSONObject(i);
            assertEquals(v.optString("name"), v.optString("plain"), MarketKey.open(v.optJSONObject("marketKey")));
        }
    }

    @Test
    public void refusesEveryMovedTamperedOrWrongKeyVector() throws Exception {
        JSONArray bad = vectors().optJSONArray("refused");
        if (bad.length() < 5) fail("too few vectors");
        for (int i = 0; i < bad.length(); i++) {
            JSONObject v = bad.optJSONObject(i);
            try {
                MarketKey.open(v.optJSONObject("marketKey"));
                fail(v.optString("name") + " opened");
            } catch (BridgeFailure f) {
                assertEquals(v.optString("name"), "MARKET_KEY_INVALID", f.code);
            }
        }
    }
}
