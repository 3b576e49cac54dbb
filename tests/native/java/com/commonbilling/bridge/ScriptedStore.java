package com.commonbilling.bridge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.json.JSONArray;
import org.json.JSONObject;

import com.commonbilling.bridge.store.LaunchRequest;
import com.commonbilling.bridge.store.PricingPhase;
import com.commonbilling.bridge.store.PurchaseUpdates;
import com.commonbilling.bridge.store.SignedPurchase;
import com.commonbilling.bridge.store.StoreCallback;
import com.commonbilling.bridge.store.StoreClient;
import com.commonbilling.bridge.store.StoreClientFactory;
import com.commonbilling.bridge.store.StoreOffer;
import com.commonbilling.bridge.store.StoreProduct;
import com.commonbilling.bridge.store.StoreResult;

/**
 * The fake store both Android markets run against, scripted by a transcript's {@code store} block
 * (tests/fixtures/bridge/README.md). Asynchronous answers are posted to the UI queue like the real
 * SDKs' listeners; launchPurchase answers at once and posts the flow outcome, like the real ones.
 */
final class ScriptedStore implements StoreClientFactory {
    private static final int ITEM_UNAVAILABLE = 4;
    private static final int ITEM_NOT_OWNED = 8;

    private final Executor ui;
    private final Map<String, Deque<Integer>> responses = new HashMap<String, Deque<Integer>>();
    private final List<JSONObject> products = new ArrayList<JSONObject>();
    final List<SignedPurchase> owned = new ArrayList<SignedPurchase>();
    private final List<SignedPurchase> flowPurchases = new ArrayList<SignedPurchase>();
    /** Every licence key a client was built with (ONE store's PurchaseClient takes it). */
    final List<String> keysSeen = new ArrayList<String>();
    /** The offer token of every purchase flow opened (null: none was set). */
    final List<String> launchedOfferTokens = new ArrayList<String>();
    /** "oldToken mode" of every purchase flow that replaced a subscription. */
    final List<String> launchedReplacements = new ArrayList<String>();
    /** "productId ownedToken" of every subscription management page opened ("null null": the list). */
    final List<String> managed = new ArrayList<String>();

    ScriptedStore(JSONObject script, Executor ui) {
        this.ui = ui;
        JSONObject codes = script.optJSONObject("responses");
        if (codes != null) {
            for (java.util.Iterator<String> it = codes.keys(); it.hasNext();) {
                String call = it.next();
                Deque<Integer> queue = new ArrayDeque<Integer>();
                JSONArray list = codes.optJSONArray(call);
                for (int i = 0; i < list.length(); i++) queue.add(((Number) list.opt(i)).intValue());
                responses.put(call, queue);
            }
        }
        JSONArray p = script.optJSONArray("products");
        for (int i = 0; p != null && i < p.length(); i++) products.add(p.optJSONObject(i));
        readPurchases(script.optJSONArray("owned"), owned);
        readPurchases(script.optJSONArray("flowPurchases"), flowPurchases);
    }

    private static void readPurchases(JSONArray list, List<SignedPurchase> into) {
        for (int i = 0; list != null && i < list.length(); i++) {
            JSONObject o = list.optJSONObject(i);
            into.add(new SignedPurchase(o.optString("originalJson"), o.optString("signature")));
        }
    }

    /** Play Billing 8 purchase options, base plans and offers as a script lists them ({optionId, offerId?, offerToken}). */
    private static List<StoreOffer> offers(JSONArray list) {
        List<StoreOffer> out = new ArrayList<StoreOffer>();
        for (int i = 0; list != null && i < list.length(); i++) {
            JSONObject o = list.optJSONObject(i);
            List<PricingPhase> phases = new ArrayList<PricingPhase>();
            JSONArray ps = o.optJSONArray("phases");
            for (int j = 0; ps != null && j < ps.length(); j++) {
                JSONObject ph = ps.optJSONObject(j);
                phases.add(new PricingPhase(ph.optString("formattedPrice"), ph.optLong("priceMicros", 0L), ph.optString("currency"),
                    ph.optString("billingPeriod"), ph.optInt("cycles", 0)));
            }
            out.add(new StoreOffer(o.optString("optionId"), o.has("offerId") ? o.optString("offerId") : null, o.optString("offerToken"), phases));
        }
        return out;
    }

    /** The next scripted code for a call, or the store's natural answer when the script ran out. */
    private int next(String call, int natural) {
        Deque<Integer> queue = responses.get(call);
        return queue == null || queue.isEmpty() ? natural : queue.removeFirst();
    }

    private boolean owns(SignedPurchase p) {
        for (SignedPurchase o : owned) {
            if (o.originalJson.equals(p.originalJson)) return true;
        }
        return false;
    }

    private <T> void later(final StoreCallback<T> done, final int code, final T value) {
        ui.execute(new Runnable() {
            @Override
            public void run() {
                done.done(StoreResult.of(code), code == StoreResult.OK ? value : null);
            }
        });
    }

    @Override
    public StoreClient create(String publicKey, final PurchaseUpdates updates) {
        keysSeen.add(publicKey);
        return new StoreClient() {
            @Override
            public void connect(StoreCallback<Void> done) {
                later(done, next("connect", 0), null);
            }

            @Override
            public void queryProducts(List<String> ids, String storeType, StoreCallback<List<StoreProduct>> done) {
                boolean wantsSubscriptions = storeType.startsWith("sub");
                List<StoreProduct> found = new ArrayList<StoreProduct>();
                for (JSONObject p : products) {
                    boolean subscription = "subscription".equals(p.optString("type"));
                    if (ids.contains(p.optString("productId")) && subscription == wantsSubscriptions) {
                        found.add(new StoreProduct(p.optString("productId"), p.optString("title"), p.optString("description"),
                            p.optString("formattedPrice"), p.optLong("priceMicros", 0L), p.optString("currency"), offers(p.optJSONArray("offers"))));
                    }
                }
                later(done, next("queryProducts", 0), found);
            }

            @Override
            public void launchPurchase(LaunchRequest request, StoreCallback<Void> launched) {
                launchedOfferTokens.add(request.offerToken);
                if (request.oldPurchaseToken != null) launchedReplacements.add(request.oldPurchaseToken + " " + request.replacementMode);
                boolean known = false;
                for (JSONObject p : products) known |= p.optString("productId").equals(request.productId);
                int code = next("launch", known ? 0 : ITEM_UNAVAILABLE);
                launched.done(StoreResult.of(code), null);
                if (code != StoreResult.OK) return;
                final int outcome = next("flow", 0);
                final List<SignedPurchase> delivered = new ArrayList<SignedPurchase>(outcome == StoreResult.OK ? flowPurchases : new ArrayList<SignedPurchase>());
                if (outcome == StoreResult.OK) owned.addAll(delivered);
                ui.execute(new Runnable() {
                    @Override
                    public void run() {
                        updates.onPurchasesUpdated(StoreResult.of(outcome), delivered);
                    }
                });
            }

            @Override
            public void queryPurchases(String storeType, StoreCallback<List<SignedPurchase>> done) {
                later(done, next("queryPurchases", 0), new ArrayList<SignedPurchase>(owned));
            }

            @Override
            public void consume(final SignedPurchase purchase, StoreCallback<Void> done) {
                int code = next("consume", owns(purchase) ? 0 : ITEM_NOT_OWNED);
                if (code == StoreResult.OK) {
                    for (int i = owned.size() - 1; i >= 0; i--) {
                        if (owned.get(i).originalJson.equals(purchase.originalJson)) owned.remove(i);
                    }
                }
                later(done, code, null);
            }

            @Override
            public void acknowledge(SignedPurchase purchase, StoreCallback<Void> done) {
                later(done, next("acknowledge", owns(purchase) ? 0 : ITEM_NOT_OWNED), null);
            }

            @Override
            public void manageSubscriptions(String productId, SignedPurchase purchase, StoreCallback<Void> done) {
                String token = purchase == null ? null : Json.parseObject(purchase.originalJson).optString("purchaseToken");
                managed.add(productId + " " + token);
                later(done, next("manage", 0), null);
            }

            @Override
            public void signIn(StoreCallback<Void> done) {
                later(done, next("signIn", 0), null);
            }

            @Override
            public void updateOrInstall(StoreCallback<Void> done) {
                later(done, next("updateOrInstall", 0), null);
            }

            @Override
            public void disconnect() {
            }
        };
    }

    /** Codes the script still holds: a replay that leaves any unused did not exercise them. */
    int unusedResponses() {
        int n = 0;
        for (Deque<Integer> q : responses.values()) n += q.size();
        return n;
    }
}
