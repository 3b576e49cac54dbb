package com.commonbilling.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.Test;

import com.commonbilling.bridge.store.PurchaseUpdates;
import com.commonbilling.bridge.store.SignedPurchase;
import com.commonbilling.bridge.store.StoreResult;

/** Dispatcher behaviour the transcripts cannot show: threads, single answers, market switching, late updates. */
public class DispatcherTest {
    private static String connect(String market, TestKeys keys) throws Exception {
        return Json.object("id", "1", "method", "connect", "params", Json.object("market", market, "marketKey", keys.sealedFor("app", market))).toString();
    }

    private static JSONObject lastBody(Bridges bridge) {
        List<RecordingChannel.Sent> sent = bridge.script.takeAll();
        return Json.parseObject(sent.get(sent.size() - 1).arg);
    }

    @Test
    public void routedRequestsRunOnlyOnTheUiThread() throws Exception {
        Bridges bridge = new Bridges(null);
        bridge.dispatcher.onRequest(connect("google-play", new TestKeys()));
        assertTrue("nothing is answered on the game thread", bridge.script.sent.isEmpty());
        assertEquals(1, bridge.ui.pending());
        bridge.ui.drain();
        assertTrue(lastBody(bridge).optBoolean("ok", false));
    }

    @Test
    public void malformedRequestsAreAnsweredAtOnceWithoutTouchingTheUiThread() {
        Bridges bridge = new Bridges(null);
        bridge.dispatcher.onRequest("[]");
        bridge.dispatcher.onRequest(null);
        assertEquals(0, bridge.ui.pending());
        assertEquals(2, bridge.script.sent.size());
        assertEquals("BAD_REQUEST", lastBody(bridge).optJSONObject("error").optString("code"));
    }

    @Test
    public void switchingMarketsDropsTheOldConnectionAndUsesTheNewKey() throws Exception {
        Bridges bridge = new Bridges(null);
        TestKeys google = new TestKeys();
        TestKeys oneStore = new TestKeys();
        bridge.request(connect("google-play", google));
        bridge.request(connect("one-store", oneStore));
        assertEquals(2, bridge.script.takeAll().size());
        assertEquals(java.util.Arrays.asList(google.publicKeyBase64, oneStore.publicKeyBase64), bridge.store.keysSeen);
        // A ONE store purchase now verifies with SHA512 and the ONE store key only.
        String json = "{\"productId\":\"gas_10\",\"purchaseId\":\"P1\",\"purchaseToken\":\"t1\",\"purchaseState\":0,\"purchaseTime\":1,\"quantity\":1,\"acknowledgeState\":0}";
        bridge.store.owned.add(new SignedPurchase(json, oneStore.sign(json, "SHA512withRSA")));
        bridge.store.owned.add(new SignedPurchase(json, google.sign(json, "SHA1withRSA")));
        bridge.request("{\"id\":\"3\",\"method\":\"queryPurchases\",\"params\":{\"type\":\"consumable\"}}");
        JSONArray purchases = lastBody(bridge).optJSONObject("result").optJSONArray("purchases");
        assertEquals(1, purchases.length());
        assertEquals("P1", purchases.optJSONObject(0).optString("transactionId"));
    }

    @Test
    public void aPendingPurchaseThatCompletesLaterArrivesAsAnEvent() throws Exception {
        final TestKeys keys = new TestKeys();
        final List<PurchaseUpdates> listeners = new ArrayList<PurchaseUpdates>();
        Bridges bridge = new Bridges(null);
        BridgeDispatcher dispatcher = new BridgeDispatcher(CommonBillingBridge.markets(CommonBillingBridge.availableProviders(),
            provider -> (key, updates) -> {
                listeners.add(updates);
                return bridge.store.create(key, updates);
            }), bridge.ui, bridge.script);
        dispatcher.onRequest(connect("google-play", keys));
        bridge.ui.drain();
        bridge.script.takeAll();
        String paid = "{\"orderId\":\"GPA.9\",\"productId\":\"gas_50\",\"purchaseTime\":5,\"purchaseState\":0,\"purchaseToken\":\"t9\",\"acknowledged\":false}";
        listeners.get(0).onPurchasesUpdated(StoreResult.of(0), Collections.singletonList(new SignedPurchase(paid, keys.sign(paid, "SHA1withRSA"))));
        JSONObject event = lastBody(bridge);
        assertEquals("purchasesUpdated", event.optString("type"));
        JSONObject purchase = event.optJSONArray("purchases").optJSONObject(0);
        assertEquals(1, purchase.optInt("nativeState", -1));
        assertEquals("GPA.9", purchase.optString("transactionId"));
        assertFalse(event.has("error"));
    }

    @Test
    public void oneStoreTriesSignInOnceThenReportsLoginRequired() throws Exception {
        JSONObject script = new JSONObject("{\"products\":[{\"productId\":\"gas_10\",\"type\":\"consumable\"}],\"responses\":{\"launch\":[10,10],\"signIn\":[0]}}");
        Bridges bridge = new Bridges(script);
        bridge.request(connect("one-store", new TestKeys()));
        bridge.request("{\"id\":\"2\",\"method\":\"launchPurchase\",\"params\":{\"productId\":\"gas_10\",\"type\":\"consumable\",\"quantity\":1,"
            + "\"accountId\":\"\",\"profileId\":\"\",\"developerPayload\":\"p\",\"appAccountToken\":\"\"}}");
        JSONObject error = lastBody(bridge).optJSONObject("error");
        assertEquals("STORE_LOGIN_REQUIRED", error.optString("code"));
        assertEquals(10, error.optInt("nativeCode", -1));
        assertEquals("both scripted launches and the one sign-in were used, no more", 0, bridge.store.unusedResponses());
    }

    @Test
    public void theRegistryOffersExactlyTheMarketsInTheBuild() throws Exception {
        List<String> ids = new ArrayList<String>();
        for (MarketProvider p : CommonBillingBridge.availableProviders()) ids.add(p.marketId());
        assertEquals(java.util.Arrays.asList("google-play", "one-store"), ids);

        Bridges bridge = new Bridges(null);
        List<MarketProvider> googleOnly = Collections.<MarketProvider>singletonList(new com.commonbilling.bridge.googleplay.GooglePlayProvider());
        BridgeDispatcher dispatcher = new BridgeDispatcher(CommonBillingBridge.markets(googleOnly, provider -> bridge.store), bridge.ui, bridge.script);
        dispatcher.onRequest(connect("one-store", new TestKeys()));
        bridge.ui.drain();
        assertEquals("UNKNOWN_MARKET", lastBody(bridge).optJSONObject("error").optString("code"));
    }

    @Test
    public void aFailedConnectWhileSignInIsOpenDoesNotBreakTheOpenRequest() throws Exception {
        JSONObject script = new JSONObject("{\"products\":[{\"productId\":\"gas_10\",\"type\":\"consumable\"}],\"responses\":{\"launch\":[10],\"signIn\":[0]}}");
        Bridges bridge = new Bridges(script);
        bridge.request(connect("one-store", new TestKeys()));
        // Listed first, so that the launch goes straight to the store (an unlisted product is asked for first).
        bridge.request("{\"id\":\"9\",\"method\":\"queryProducts\",\"params\":{\"productIds\":[\"gas_10\"],\"type\":\"consumable\"}}");
        bridge.script.takeAll();
        // Both requests are queued before the UI thread runs: the connect lands while sign-in is open.
        bridge.dispatcher.onRequest("{\"id\":\"2\",\"method\":\"launchPurchase\",\"params\":{\"productId\":\"gas_10\",\"type\":\"consumable\","
            + "\"quantity\":1,\"accountId\":\"\",\"profileId\":\"\",\"developerPayload\":\"p\",\"appAccountToken\":\"\"}}");
        bridge.dispatcher.onRequest(Json.object("id", "3", "method", "connect", "params", Json.object("market", "one-store")).toString());
        bridge.ui.drain();
        List<String> answers = new ArrayList<String>();
        for (RecordingChannel.Sent sent : bridge.script.takeAll()) {
            JSONObject body = Json.parseObject(sent.arg);
            if (BridgeDispatcher.RESPONSE_EVENT.equals(sent.event)) {
                answers.add(body.optString("id") + ":" + (body.optBoolean("ok", false) ? "ok" : body.optJSONObject("error").optString("code")));
            }
        }
        assertEquals(java.util.Arrays.asList("3:MARKET_KEY_MISSING", "2:ok"), answers);
    }

    @Test
    public void aReplyAnswersOnce() throws Exception {
        Bridges bridge = new Bridges(null);
        BridgeDispatcher dispatcher = new BridgeDispatcher(new MarketRegistry().add("twice", events -> new AnswersTwice()), bridge.ui, bridge.script);
        dispatcher.onRequest(Json.object("id", "1", "method", "connect", "params", Json.object("market", "twice")).toString());
        bridge.ui.drain();
        assertEquals(1, bridge.script.sent.size());
    }

    @Test
    public void aMarketThatThrowsFailsTheRequestInsteadOfTheGame() throws Exception {
        Bridges bridge = new Bridges(null);
        BridgeDispatcher dispatcher = new BridgeDispatcher(new MarketRegistry().add("throws", events -> new AnswersTwice() {
            @Override public void queryPurchases(JSONObject params, Reply reply) {
                throw new IllegalStateException("no activity");
            }
        }), bridge.ui, bridge.script);
        dispatcher.onRequest(Json.object("id", "1", "method", "connect", "params", Json.object("market", "throws")).toString());
        dispatcher.onRequest("{\"id\":\"2\",\"method\":\"queryPurchases\",\"params\":{\"type\":\"consumable\"}}");
        bridge.ui.drain();
        JSONObject error = lastBody(bridge).optJSONObject("error");
        assertEquals("STORE_ERROR", error.optString("code"));
        assertTrue(error.optBoolean("retryable", false));
    }

    /** A broken market that answers a request two times; the script must see one answer. */
    private static class AnswersTwice implements Market {
        @Override public void connect(JSONObject marketKey, Reply reply) {
            reply.ok(Json.object("connected", true));
            reply.fail(BridgeFailure.notReady());
        }
        @Override public void queryProducts(JSONObject params, Reply reply) { }
        @Override public void launchPurchase(JSONObject params, Reply reply) { }
        @Override public void queryPurchases(JSONObject params, Reply reply) { }
        @Override public void consume(String purchaseToken, Reply reply) { }
        @Override public void acknowledge(String purchaseToken, Reply reply) { }
        @Override public void finish(String transactionId, Reply reply) { }
        @Override public void manageSubscriptions(String productId, Reply reply) { }
        @Override public void disconnect() { }
    }
}
