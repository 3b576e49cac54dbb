package com.commonbilling.bridge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.json.JSONArray;
import org.json.JSONObject;

import com.commonbilling.bridge.store.LaunchRequest;
import com.commonbilling.bridge.store.StoreCallback;
import com.commonbilling.bridge.store.StoreClient;
import com.commonbilling.bridge.store.StoreProduct;
import com.commonbilling.bridge.store.StoreResult;

/**
 * A StoreMarket's purchase flow: the launch request read from the bridge's parameters (quantity,
 * binding, offer, subscription replacement), the offer token OfferChoice picks from the product's
 * offers, and the store's flow opened. It keeps the last store answer for each product, since a
 * product's offers decide a launch's offer token; a product this connection has not listed yet is
 * asked for first. A named offer the product does not have is refused before any store UI opens.
 */
final class PurchaseLauncher {
    private final StoreMarket market;
    private final Map<String, StoreProduct> productsById = new LinkedHashMap<String, StoreProduct>();

    PurchaseLauncher(StoreMarket market) {
        this.market = market;
    }

    /** A store answer about a product (queryProducts), for the launches that follow. */
    void remember(StoreProduct product) {
        productsById.put(product.productId, product);
    }

    /** A new connection: what the last one listed may be stale. */
    void forget() {
        productsById.clear();
    }

    void launch(final StoreClient store, JSONObject params, final Reply reply) {
        final ProductKind kind = ProductKind.of(params.opt("type"));
        final LaunchRequest request = new LaunchRequest(params.optString("productId"), market.storeType(kind),
            params.optInt("quantity", 1), params.optString("accountId"), params.optString("profileId"), params.optString("developerPayload"),
            params.has("offerId") ? params.optString("offerId") : null);
        if (params.has("basePlanId")) request.basePlanId = params.optString("basePlanId");
        JSONObject replace = params.optJSONObject("replace");
        if (replace != null) {
            int mode = market.replacementMode(replace.optString("mode"));
            if (mode < 0) {
                reply.fail(BridgeFailure.badRequest(replace.optString("mode") + " is not a " + market.marketId() + " replacement mode."));
                return;
            }
            request.oldPurchaseToken = replace.optString("purchaseToken");
            request.replacementMode = mode;
        }
        StoreProduct known = productsById.get(request.productId);
        if (known != null) {
            launchWithOffer(store, request, known, reply);
            return;
        }
        market.withRecovery(new StoreMarket.Attempt<List<StoreProduct>>() {
            @Override
            public void run(StoreCallback<List<StoreProduct>> callback) {
                store.queryProducts(Collections.singletonList(request.productId), request.storeType, callback);
            }
        }, new StoreCallback<List<StoreProduct>>() {
            @Override
            public void done(StoreResult result, List<StoreProduct> products) {
                if (!result.ok()) {
                    reply.fail(market.codes().failure(result));
                    return;
                }
                for (StoreProduct p : products) remember(p);
                launchWithOffer(store, request, productsById.get(request.productId), reply);
            }
        });
    }

    private void launchWithOffer(final StoreClient store, final LaunchRequest request, StoreProduct product, final Reply reply) {
        BridgeFailure refused = OfferChoice.apply(product, request, market.marketId());
        if (refused != null) {
            reply.fail(refused);
            return;
        }
        market.withRecovery(new StoreMarket.Attempt<Void>() {
            @Override
            public void run(StoreCallback<Void> callback) {
                store.launchPurchase(request, callback);
            }
        }, new StoreCallback<Void>() {
            @Override
            public void done(StoreResult result, Void value) {
                if (result.ok()) reply.ok(Json.object("purchases", new JSONArray()));
                else reply.fail(market.codes().failure(result));
            }
        });
    }
}
