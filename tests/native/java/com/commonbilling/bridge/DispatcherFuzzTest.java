package com.commonbilling.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.Test;

/**
 * Whatever script sends, the bridge must not throw on the game thread (that would take the game
 * down) and must answer every request exactly once: mutated valid requests and random text, with
 * a connected market behind the dispatcher.
 */
public class DispatcherFuzzTest {
    private static final List<String> METHODS = Arrays.asList(RequestParams.METHODS);
    private static final Set<String> ALLOWED_CODES = new HashSet<String>(Arrays.asList(
        "BAD_REQUEST", "UNKNOWN_MARKET", "MARKET_KEY_INVALID", "STORE_NOT_READY", "ITEM_NOT_OWNED", "UNKNOWN_PRODUCT",
        "PRODUCT_ALREADY_OWNED", "STORE_ERROR", "STORE_UNAVAILABLE", "USER_CANCELED", "RECEIPT_SIGNATURE_INVALID"));
    private static final Object[] ODD_VALUES = {
        JSONObject.NULL, 0, -1, 1.5, Long.MAX_VALUE, "", "x", "consumable", "subscription", true, new JSONArray(), new JSONObject(),
    };

    private final Random random = new Random(20261122L);

    private Object odd() {
        return ODD_VALUES[random.nextInt(ODD_VALUES.length)];
    }

    private JSONObject validParams(String method) {
        if ("connect".equals(method)) return Json.object("market", random.nextBoolean() ? "google-play" : "one-store",
            "marketKey", Json.object("sealed", "cbk1.bm90.bm90", "dataKey", "bm90", "appKey", "a", "market", "google-play"));
        if ("queryProducts".equals(method)) return Json.object("productIds", Json.array(Arrays.asList("gas_10")), "type", "consumable");
        if ("launchPurchase".equals(method)) {
            return Json.object("productId", "gas_10", "type", "consumable", "quantity", 1, "accountId", "a", "profileId", "p",
                "developerPayload", "d", "appAccountToken", "t");
        }
        if ("queryPurchases".equals(method)) return Json.object("type", "non-consumable");
        if ("finish".equals(method)) return Json.object("transactionId", "1");
        return Json.object("purchaseToken", "tok");
    }

    private String mutatedRequest(int id) {
        String method = METHODS.get(random.nextInt(METHODS.size()));
        JSONObject params = validParams(method);
        for (java.util.Iterator<String> keys = validParams(method).keys(); keys.hasNext();) {
            String key = keys.next();
            if (random.nextInt(4) == 0) Json.put(params, key, odd());
        }
        Object idValue = random.nextInt(10) == 0 ? odd() : String.valueOf(id);
        Object methodValue = random.nextInt(10) == 0 ? odd() : method;
        Object paramsValue = random.nextInt(10) == 0 ? odd() : params;
        return Json.object("id", idValue, "method", methodValue, "params", paramsValue).toString();
    }

    private String randomText() {
        String alphabet = "{}[]\":,0123456789.-eEtrufalsn \\u";
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(40); n > 0; n--) out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return out.toString();
    }

    @Test
    public void neverThrowsAndAnswersEveryRequestExactlyOnce() throws Exception {
        Bridges bridge = new Bridges(new JSONObject("{\"products\":[{\"productId\":\"gas_10\",\"type\":\"consumable\"}]}"));
        bridge.request(Json.object("id", "0", "method", "connect", "params",
            Json.object("market", "google-play", "marketKey", new TestKeys().sealedFor("app", "google-play"))).toString());
        bridge.script.takeAll();
        for (int i = 1; i <= 3000; i++) {
            String arg = random.nextInt(3) == 0 ? randomText() : mutatedRequest(i);
            bridge.request(arg);
            int responses = 0;
            for (RecordingChannel.Sent sent : bridge.script.takeAll()) {
                if (!BridgeDispatcher.RESPONSE_EVENT.equals(sent.event)) continue;
                responses++;
                JSONObject body = Json.parseObject(sent.arg);
                JSONObject request = Json.parseObject(arg);
                Object id = request == null ? null : request.opt("id");
                assertEquals(arg, id instanceof String ? id : "", body.opt("id"));
                if (!body.optBoolean("ok", false)) {
                    String code = body.optJSONObject("error").optString("code");
                    assertTrue(arg + " → " + code, ALLOWED_CODES.contains(code));
                }
            }
            assertEquals("one answer for " + arg, 1, responses);
        }
    }
}
