package com.commonbilling.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.json.JSONObject;

import com.commonbilling.bridge.store.SignedPurchase;
import com.commonbilling.bridge.store.StoreCallback;
import com.commonbilling.bridge.store.StoreClient;
import com.commonbilling.bridge.store.StoreResult;

/**
 * The owned-purchase side of a StoreMarket: reading the store's purchases through the on-device
 * signature check, remembering them by token, and closing one (consume / acknowledge) by its token.
 * Split out of StoreMarket so that the flow (connect, products, launch) and the finishing read on
 * their own. Runs on the UI thread only, like its market.
 */
final class PurchaseFinisher {
    private final StoreMarket market;
    private final Map<String, SignedPurchase> knownByToken = new LinkedHashMap<String, SignedPurchase>();

    PurchaseFinisher(StoreMarket market) {
        this.market = market;
    }

    /** Consumes or acknowledges the purchase with this token; "not owned" when the store does not list it. */
    void finishAtStore(final StoreClient store, final String token, final boolean consume, final Reply reply) {
        findByToken(store, token, market.ownedStoreTypes(), 0, new StoreCallback<SignedPurchase>() {
            @Override
            public void done(StoreResult result, final SignedPurchase purchase) {
                if (!result.ok()) {
                    reply.fail(market.codes().failure(result));
                    return;
                }
                if (purchase == null) {
                    reply.fail(BridgeFailure.itemNotOwned());
                    return;
                }
                market.withRecovery(new StoreMarket.Attempt<Void>() {
                    @Override
                    public void run(StoreCallback<Void> callback) {
                        if (consume) store.consume(purchase, callback);
                        else store.acknowledge(purchase, callback);
                    }
                }, new StoreCallback<Void>() {
                    @Override
                    public void done(StoreResult outcome, Void value) {
                        if (!outcome.ok()) {
                            reply.fail(market.codes().failure(outcome));
                            return;
                        }
                        if (consume) knownByToken.remove(token);
                        reply.ok(new JSONObject());
                    }
                });
            }
        });
    }

    /** Known purchases first; otherwise the store's owned purchases of each type in turn. */
    private void findByToken(final StoreClient store, final String token, final String[] types, final int index,
                             final StoreCallback<SignedPurchase> done) {
        SignedPurchase known = knownByToken.get(token);
        if (known != null || index >= types.length) {
            done.done(StoreResult.of(StoreResult.OK), known);
            return;
        }
        queryOwned(store, types[index], new StoreCallback<List<JSONObject>>() {
            @Override
            public void done(StoreResult result, List<JSONObject> ignored) {
                if (result.ok()) findByToken(store, token, types, index + 1, done);
                else done.done(result, null);
            }
        });
    }

    /** The owned purchase of a product among the store's purchases of one type (null: none). */
    void findByProduct(StoreClient store, String storeType, final String productId, final StoreCallback<SignedPurchase> done) {
        queryOwned(store, storeType, new StoreCallback<List<JSONObject>>() {
            @Override
            public void done(StoreResult result, List<JSONObject> purchases) {
                SignedPurchase found = null;
                for (int i = 0; result.ok() && i < purchases.size() && found == null; i++) {
                    if (productId.equals(purchases.get(i).optString("productId"))) found = knownByToken.get(purchases.get(i).optString("purchaseToken"));
                }
                done.done(result, found);
            }
        });
    }

    /** Store calls use the client they started with, even if a later connect replaced it. */
    void queryOwned(final StoreClient store, final String storeType, final StoreCallback<List<JSONObject>> done) {
        market.withRecovery(new StoreMarket.Attempt<List<SignedPurchase>>() {
            @Override
            public void run(StoreCallback<List<SignedPurchase>> callback) {
                store.queryPurchases(storeType, callback);
            }
        }, new StoreCallback<List<SignedPurchase>>() {
            @Override
            public void done(StoreResult result, List<SignedPurchase> purchases) {
                done.done(result, result.ok() ? checkAndRemember(purchases) : null);
            }
        });
    }

    /**
     * Leaves out every purchase whose signature does not verify with the licence key (fail closed).
     * Connected without a key (keyCheck off), nothing is checked here: the billing server verifies.
     */
    List<JSONObject> checkAndRemember(List<SignedPurchase> purchases) {
        List<JSONObject> verified = new ArrayList<JSONObject>();
        if (purchases == null) return verified;
        for (SignedPurchase p : purchases) {
            JSONObject raw = Json.parseObject(p.originalJson);
            if (raw == null || !market.signatureAccepted(p)) continue;
            JSONObject nativePurchase = market.toNativePurchase(p, raw);
            knownByToken.put(nativePurchase.optString("purchaseToken"), p);
            verified.add(nativePurchase);
        }
        return verified;
    }
}
