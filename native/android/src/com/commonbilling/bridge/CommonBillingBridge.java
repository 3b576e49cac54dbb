package com.commonbilling.bridge;

import java.util.concurrent.Executor;

import android.app.Activity;

import com.cocos.lib.GlobalObject;
import com.cocos.lib.JsbBridgeWrapper;
import com.commonbilling.bridge.googleplay.GooglePlayMarket;
import com.commonbilling.bridge.googleplay.PlayBillingStore;
import com.commonbilling.bridge.onestore.OneStoreMarket;
import com.commonbilling.bridge.onestore.OneStoreSdkStore;
import com.commonbilling.bridge.store.ActivityProvider;
import com.commonbilling.bridge.store.StoreClientFactory;

/**
 * The app's entry point. The SDK calls {@link #register()} once through
 * {@code native.reflection.callStaticMethod('com/commonbilling/bridge/CommonBillingBridge', 'register', '()V')}
 * on the game thread, so AppActivity needs no patch. It adds exactly one listener for
 * {@code commonbilling:request} to JsbBridgeWrapper (one listener per event: COCOS.md §3).
 */
public final class CommonBillingBridge {
    private static BridgeDispatcher dispatcher;

    private CommonBillingBridge() {
    }

    /** The market registry: one line per market. */
    static MarketRegistry markets(final StoreClientFactory googlePlay, final StoreClientFactory oneStore) {
        return new MarketRegistry()
            .add(GooglePlayMarket.ID, events -> new GooglePlayMarket(events, googlePlay))
            .add(OneStoreMarket.ID, events -> new OneStoreMarket(events, oneStore));
    }

    /** Idempotent; call on the game thread (the wrapper's listener map is not thread-safe). */
    public static synchronized void register() {
        if (dispatcher != null) return;
        ActivityProvider activities = new ActivityProvider() {
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
        dispatcher = new BridgeDispatcher(markets(PlayBillingStore.factory(activities), OneStoreSdkStore.factory(activities)), ui,
            (event, arg) -> wrapper.dispatchEventToScript(event, arg));
        wrapper.addScriptEventListener(BridgeDispatcher.REQUEST_EVENT, arg -> dispatcher.onRequest(arg));
    }
}
