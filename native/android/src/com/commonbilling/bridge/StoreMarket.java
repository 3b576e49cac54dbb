package com.commonbilling.bridge;

import java.util.ArrayList;
import java.util.List;

import org.json.JSONArray;
import org.json.JSONObject;

import com.commonbilling.bridge.store.PurchaseUpdates;
import com.commonbilling.bridge.store.SignedPurchase;
import com.commonbilling.bridge.store.StoreCallback;
import com.commonbilling.bridge.store.StoreClient;
import com.commonbilling.bridge.store.StoreClientFactory;
import com.commonbilling.bridge.store.StoreProduct;
import com.commonbilling.bridge.store.StoreResult;

/**
 * The flow every Android store market shares: connect with the licence key, products (with their
 * subscription offers), purchase outcomes as events, subscription management; the purchase flow
 * itself is PurchaseLauncher's, owned purchases and consume/acknowledge by token PurchaseFinisher's.
 * A subclass supplies what differs per store: its code table, product types, signature algorithm,
 * purchase JSON reading, replacement modes and recovery. Runs on the UI thread only (see BridgeDispatcher).
 */
public abstract class StoreMarket implements Market, PurchaseUpdates {
    /** A store call that can be run again after recovery (sign-in, update). */
    protected interface Attempt<T> {
        void run(StoreCallback<T> callback);
    }

    private final PurchaseEvents events;
    private final StoreClientFactory clients;
    private final PurchaseFinisher owned = new PurchaseFinisher(this);
    private final PurchaseLauncher launcher = new PurchaseLauncher(this);
    protected StoreClient client;
    private LicenceKey licenceKey;
    /** False when connected without a licence key: purchases are not pre-checked here (Google Play only). */
    private boolean keyCheck;

    protected StoreMarket(PurchaseEvents events, StoreClientFactory clients) {
        this.events = events;
        this.clients = clients;
    }

    protected abstract String marketId();

    protected abstract StoreCodeTable codes();

    protected abstract String signatureAlgorithm();

    protected abstract String storeType(ProductKind kind);

    /** Store product types to search when a token is not known yet. */
    protected abstract String[] ownedStoreTypes();

    /** The protocol's NativePurchase for a purchase whose signature verified. */
    protected abstract JSONObject toNativePurchase(SignedPurchase purchase, JSONObject raw);

    /**
     * The store's constant for a protocol replacement mode (protocol/bridge.ts ReplacementMode), or -1
     * when the store has no such mode.
     */
    protected abstract int replacementMode(String mode);

    /** Called when a store call failed; the default gives up. ONE store runs its sign-in/update flows. */
    protected <T> void recover(StoreResult failed, Attempt<T> attempt, StoreCallback<T> done) {
        done.done(failed, null);
    }

    protected final <T> void withRecovery(final Attempt<T> attempt, final StoreCallback<T> done) {
        attempt.run(new StoreCallback<T>() {
            @Override
            public void done(StoreResult result, T value) {
                if (result.ok()) done.done(result, value);
                else recover(result, attempt, done);
            }
        });
    }

    /**
     * Whether the market can run without a licence key. Google Play can: Play checks its own
     * purchases and the billing server verifies every receipt, so only the on-device pre-check is
     * lost. ONE store cannot: its SDK needs the key (PurchaseClient.setBase64PublicKey).
     */
    protected abstract boolean runsWithoutKey();

    /** The refusal when a market that needs its key has none. */
    protected BridgeFailure keyMissing() {
        return new BridgeFailure("MARKET_KEY_MISSING", marketId() + " needs its licence key: enter it in the Common Billing panel (" + marketId()
            + ", Public key).", false, null);
    }

    /**
     * Opens the sealed market key (javax.crypto, MarketKey) and connects. Without a key, a market
     * that runs without one connects with the signature pre-check off and says so ({@code keyCheck:
     * false}); the others refuse. A failed connect leaves the market unconnected: later calls answer
     * STORE_NOT_READY.
     */
    @Override
    public void connect(JSONObject marketKey, final Reply reply) {
        disconnect();
        licenceKey = null;
        launcher.forget();
        keyCheck = marketKey != null;
        String publicKey = null;
        try {
            if (marketKey == null && !runsWithoutKey()) throw keyMissing();
            if (marketKey != null) {
                publicKey = MarketKey.open(marketKey);
                licenceKey = LicenceKey.parse(publicKey, signatureAlgorithm());
            }
        } catch (BridgeFailure f) {
            reply.fail(f);
            return;
        }
        client = clients.create(publicKey, this);
        final StoreClient connecting = client;
        final boolean checking = keyCheck;
        withRecovery(new Attempt<Void>() {
            @Override
            public void run(StoreCallback<Void> callback) {
                connecting.connect(callback);
            }
        }, new StoreCallback<Void>() {
            @Override
            public void done(StoreResult result, Void value) {
                if (!result.ok()) reply.fail(codes().failure(result));
                else if (checking) reply.ok(Json.object("connected", true));
                else reply.ok(Json.object("connected", true, "keyCheck", false));
            }
        });
    }

    /** False (and answered) when connect never succeeded in creating a store client. */
    private boolean ready(Reply reply) {
        if (client != null) return true;
        reply.fail(BridgeFailure.notReady());
        return false;
    }

    @Override
    public void queryProducts(JSONObject params, final Reply reply) {
        if (!ready(reply)) return;
        final StoreClient store = client;
        final ProductKind kind = ProductKind.of(params.opt("type"));
        final List<String> ids = new ArrayList<String>();
        JSONArray array = params.optJSONArray("productIds");
        for (int i = 0; i < array.length(); i++) ids.add(array.optString(i));
        withRecovery(new Attempt<List<StoreProduct>>() {
            @Override
            public void run(StoreCallback<List<StoreProduct>> callback) {
                store.queryProducts(ids, storeType(kind), callback);
            }
        }, new StoreCallback<List<StoreProduct>>() {
            @Override
            public void done(StoreResult result, List<StoreProduct> products) {
                if (!result.ok()) {
                    reply.fail(codes().failure(result));
                    return;
                }
                List<JSONObject> out = new ArrayList<JSONObject>();
                for (StoreProduct p : products) {
                    launcher.remember(p);
                    JSONObject product = Json.object("productId", p.productId, "type", kind.wire, "title", p.title, "description", p.description,
                        "formattedPrice", p.formattedPrice, "priceMicros", p.priceMicros, "currency", p.currency);
                    if (kind == ProductKind.SUBSCRIPTION) Json.put(product, "subscriptionOffers", SubscriptionOffers.toJson(p.offers));
                    out.add(product);
                }
                reply.ok(Json.object("products", Json.array(out)));
            }
        });
    }

    /** The purchase flow (offer token, subscription replacement): PurchaseLauncher's. */
    @Override
    public void launchPurchase(JSONObject params, final Reply reply) {
        if (ready(reply)) launcher.launch(client, params, reply);
    }

    /** The store's purchases-updated listener: flow outcomes and later changes become events. */
    @Override
    public void onPurchasesUpdated(StoreResult result, List<SignedPurchase> purchases) {
        if (!result.ok()) {
            events.purchasesUpdated(new ArrayList<JSONObject>(), codes().failure(result));
            return;
        }
        List<JSONObject> verified = owned.checkAndRemember(purchases);
        boolean dropped = purchases != null && verified.size() < purchases.size();
        events.purchasesUpdated(verified, dropped ? signatureFailure() : null);
    }

    @Override
    public void queryPurchases(JSONObject params, final Reply reply) {
        if (!ready(reply)) return;
        owned.queryOwned(client, storeType(ProductKind.of(params.opt("type"))), new StoreCallback<List<JSONObject>>() {
            @Override
            public void done(StoreResult result, List<JSONObject> purchases) {
                if (result.ok()) reply.ok(Json.object("purchases", Json.array(purchases)));
                else reply.fail(codes().failure(result));
            }
        });
    }

    @Override
    public void consume(final String purchaseToken, final Reply reply) {
        if (ready(reply)) owned.finishAtStore(client, purchaseToken, true, reply);
    }

    @Override
    public void acknowledge(final String purchaseToken, final Reply reply) {
        if (ready(reply)) owned.finishAtStore(client, purchaseToken, false, reply);
    }

    /**
     * The store's subscription management. For a product, its owned purchase is looked up first (ONE
     * store opens that subscription's page with it; Play builds its link from the product id alone).
     */
    @Override
    public void manageSubscriptions(final String productId, final Reply reply) {
        if (!ready(reply)) return;
        final StoreClient store = client;
        final StoreCallback<Void> opened = new StoreCallback<Void>() {
            @Override
            public void done(StoreResult result, Void value) {
                if (result.ok()) reply.ok(new JSONObject());
                else reply.fail(codes().failure(result));
            }
        };
        if (productId == null) {
            store.manageSubscriptions(null, null, opened);
            return;
        }
        owned.findByProduct(store, storeType(ProductKind.SUBSCRIPTION), productId, new StoreCallback<SignedPurchase>() {
            @Override
            public void done(StoreResult result, SignedPurchase purchase) {
                if (result.ok()) store.manageSubscriptions(productId, purchase, opened);
                else reply.fail(codes().failure(result));
            }
        });
    }

    @Override
    public void finish(String transactionId, Reply reply) {
        reply.fail(BridgeFailure.unsupported("finish", marketId(), "consume or acknowledge"));
    }

    @Override
    public void disconnect() {
        if (client != null) client.disconnect();
        client = null;
    }

    /** The on-device signature check of one purchase; without a key (keyCheck off) the billing server alone checks. */
    boolean signatureAccepted(SignedPurchase p) {
        return !keyCheck || (licenceKey != null && licenceKey.verifies(p.originalJson, p.signature));
    }

    private static BridgeFailure signatureFailure() {
        return new BridgeFailure("RECEIPT_SIGNATURE_INVALID", "A purchase failed the on-device signature check and was left out.", false, null);
    }

    /** The receipt object every Android market reports. */
    protected static JSONObject receipt(SignedPurchase p) {
        return Json.object("originalJson", p.originalJson, "signature", p.signature);
    }
}
