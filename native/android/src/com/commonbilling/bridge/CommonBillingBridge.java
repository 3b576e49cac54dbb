package com.commonbilling.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import android.app.Activity;

import com.cocos.lib.GlobalObject;
import com.cocos.lib.JsbBridgeWrapper;
import com.commonbilling.bridge.store.ActivityProvider;
import com.commonbilling.bridge.store.StoreClientFactory;

/**
 * The app's entry point. The SDK calls {@link #register()} once through
 * {@code native.reflection.callStaticMethod('com/commonbilling/bridge/CommonBillingBridge', 'register', '()V')}
 * on the game thread, so AppActivity needs no patch. It adds exactly one listener for
 * {@code commonbilling:request} to JsbBridgeWrapper (one listener per event: COCOS.md §3).
 */
public final class CommonBillingBridge {
    /**
     * The market registry: one line per market. Looked up by name because the editor extension
     * copies only the markets a build uses (and only those store SDKs are on the classpath).
     * Release builds that shrink code must keep these classes (see native/README.md).
     */
    static final String[] MARKET_PROVIDERS = {
        "com.commonbilling.bridge.googleplay.GooglePlayProvider",
        "com.commonbilling.bridge.onestore.OneStoreProvider",
    };

    /** Chooses the store client a provider's market talks to (the SDK adapter in the app). */
    interface StoreChoice {
        StoreClientFactory storeFor(MarketProvider provider);
    }

    private static BridgeDispatcher dispatcher;

    private CommonBillingBridge() {
    }

    /** The providers present in this build, in registry order. */
    static List<MarketProvider> availableProviders() {
        List<MarketProvider> out = new ArrayList<MarketProvider>();
        for (String name : MARKET_PROVIDERS) {
            try {
                out.add((MarketProvider) Class.forName(name).getDeclaredConstructor().newInstance());
            } catch (ClassNotFoundException notInThisBuild) {
                // This market was not copied into the app; connect answers UNKNOWN_MARKET for it.
            } catch (ReflectiveOperationException | LinkageError broken) {
                throw new IllegalStateException("market provider " + name + " cannot be created", broken);
            }
        }
        return out;
    }

    /**
     * The Android market this build was wired for (the editor's build option decides which market's
     * sources and SDK are copied in): the first market present, or "" when none is. The SDK's
     * component reads it through {@code native.reflection.callStaticMethod(…, 'builtMarket',
     * '()Ljava/lang/String;')} so that the build option is the one source of the Android market.
     */
    public static String builtMarket() {
        List<MarketProvider> present = availableProviders();
        return present.isEmpty() ? "" : present.get(0).marketId();
    }

    static MarketRegistry markets(List<MarketProvider> providers, StoreChoice stores) {
        MarketRegistry registry = new MarketRegistry();
        for (final MarketProvider provider : providers) {
            final StoreClientFactory clients = stores.storeFor(provider);
            registry.add(provider.marketId(), events -> provider.create(events, clients));
        }
        return registry;
    }

    /** Idempotent; call on the game thread (the wrapper's listener map is not thread-safe). */
    public static synchronized void register() {
        if (dispatcher != null) return;
        final ActivityProvider activities = new ActivityProvider() {
            @Override
            public Activity current() {
                return GlobalObject.getActivity();
            }
        };
        Executor ui = new Executor() {
            @Override
            public void execute(Runnable task) {
                GlobalObject.getActivity().runOnUiThread(task);
            }
        };
        final JsbBridgeWrapper wrapper = JsbBridgeWrapper.getInstance();
        MarketRegistry registry = markets(availableProviders(), provider -> provider.storeClients(activities));
        dispatcher = new BridgeDispatcher(registry, ui, (event, arg) -> wrapper.dispatchEventToScript(event, arg));
        wrapper.addScriptEventListener(BridgeDispatcher.REQUEST_EVENT, arg -> dispatcher.onRequest(arg));
    }
}
