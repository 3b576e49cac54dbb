package com.commonbilling.bridge;

import org.json.JSONObject;

/**
 * A dispatcher wired like CommonBillingBridge.register() (the same market registry), with one
 * scripted fake store behind every market and a queue standing in for the UI thread.
 */
final class Bridges {
    final QueueExecutor ui = new QueueExecutor();
    final RecordingChannel script = new RecordingChannel();
    final ScriptedStore store;
    final BridgeDispatcher dispatcher;

    Bridges(JSONObject storeScript) {
        store = new ScriptedStore(storeScript == null ? new JSONObject() : storeScript, ui);
        dispatcher = new BridgeDispatcher(CommonBillingBridge.markets(CommonBillingBridge.availableProviders(), provider -> store), ui, script);
    }

    /** Sends one request as script would and lets the UI thread run until it is idle. */
    void request(String arg) {
        dispatcher.onRequest(arg);
        ui.drain();
    }
}
