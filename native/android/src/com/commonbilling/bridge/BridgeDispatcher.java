package com.commonbilling.bridge;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.json.JSONObject;

/**
 * Routes {@code commonbilling:request} messages (DESIGN.md §5) to the connected market and answers
 * with {@code commonbilling:response}; market purchase updates go out as {@code commonbilling:event}.
 *
 * Threads: requests arrive on the Cocos game thread. They are checked there and then handed to the
 * UI thread ({@code ui}), where all market state lives and where the store SDKs want to be called
 * (launchBillingFlow / launchPurchaseFlow need an Activity on the UI thread). Answers may be sent from
 * any thread: the engine queues them onto the game thread.
 */
public final class BridgeDispatcher {
    public static final String REQUEST_EVENT = "commonbilling:request";
    public static final String RESPONSE_EVENT = "commonbilling:response";
    public static final String EVENT_EVENT = "commonbilling:event";

    private final MarketRegistry registry;
    private final Executor ui;
    private final ScriptChannel script;
    /** Touched only on the UI thread. */
    private String marketId;
    private Market market;

    public BridgeDispatcher(MarketRegistry registry, Executor ui, ScriptChannel script) {
        this.registry = registry;
        this.ui = ui;
        this.script = script;
    }

    /** Entry point for one request string from script. */
    public void onRequest(String arg) {
        JSONObject request = Json.parseObject(arg);
        if (request == null) {
            answer("", null, BridgeFailure.badRequest("The request is not a JSON object."));
            return;
        }
        final Object id = request.opt("id");
        if (!(id instanceof String)) {
            answer("", null, BridgeFailure.badRequest("The request has no string id."));
            return;
        }
        final Object method = request.opt("method");
        if (!(method instanceof String) || !RequestParams.isMethod((String) method)) {
            answer((String) id, null, BridgeFailure.badRequest("Unknown method: " + method + "."));
            return;
        }
        final Object params = request.opt("params");
        try {
            RequestParams.check((String) method, params);
        } catch (BridgeFailure f) {
            answer((String) id, null, f);
            return;
        }
        ui.execute(new Runnable() {
            @Override
            public void run() {
                Reply reply = replyFor((String) id);
                try {
                    route((String) method, (JSONObject) params, reply);
                } catch (RuntimeException e) {
                    // A store SDK or market fault must not take the game down with it: the request
                    // fails (a no-op when it was already answered) and the game carries on.
                    reply.fail(new BridgeFailure("STORE_ERROR", "The native bridge failed: " + e.getClass().getSimpleName(), true, null));
                }
            }
        });
    }

    private void route(String method, JSONObject params, Reply reply) {
        if ("connect".equals(method)) {
            connect(params.optString("market"), params.optJSONObject("marketKey"), reply);
        } else if (market == null) {
            reply.fail(BridgeFailure.notReady());
        } else if ("queryProducts".equals(method)) {
            market.queryProducts(params, reply);
        } else if ("launchPurchase".equals(method)) {
            market.launchPurchase(params, reply);
        } else if ("queryPurchases".equals(method)) {
            market.queryPurchases(params, reply);
        } else if ("consume".equals(method)) {
            market.consume(params.optString("purchaseToken"), reply);
        } else if ("acknowledge".equals(method)) {
            market.acknowledge(params.optString("purchaseToken"), reply);
        } else if ("finish".equals(method)) {
            market.finish(params.optString("transactionId"), reply);
        } else if ("manageSubscriptions".equals(method)) {
            market.manageSubscriptions(params.has("productId") ? params.optString("productId") : null, reply);
        }
    }

    private void connect(String id, JSONObject marketKey, Reply reply) {
        if (market == null || !id.equals(marketId)) {
            MarketFactory factory = registry.find(id);
            if (factory == null) {
                reply.fail(new BridgeFailure("UNKNOWN_MARKET", "This bridge has no market named " + id + ".", false, null));
                return;
            }
            if (market != null) market.disconnect();
            market = factory.create(eventsFor());
            marketId = id;
        }
        market.connect(marketKey, reply);
    }

    private PurchaseEvents eventsFor() {
        return new PurchaseEvents() {
            @Override
            public void purchasesUpdated(List<JSONObject> purchases, BridgeFailure error) {
                JSONObject event = Json.object("type", "purchasesUpdated", "purchases", Json.array(purchases));
                if (error != null) Json.put(event, "error", Json.error(error));
                script.send(EVENT_EVENT, event.toString());
            }
        };
    }

    private Reply replyFor(final String id) {
        final AtomicBoolean answered = new AtomicBoolean(false);
        return new Reply() {
            @Override
            public void ok(JSONObject result) {
                if (answered.compareAndSet(false, true)) answer(id, result, null);
            }

            @Override
            public void fail(BridgeFailure failure) {
                if (answered.compareAndSet(false, true)) answer(id, null, failure);
            }
        };
    }

    private void answer(String id, JSONObject result, BridgeFailure failure) {
        JSONObject response = failure == null
            ? Json.object("id", id, "ok", true, "result", result)
            : Json.object("id", id, "ok", false, "error", Json.error(failure));
        script.send(RESPONSE_EVENT, response.toString());
    }
}
