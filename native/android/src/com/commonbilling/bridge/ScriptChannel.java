package com.commonbilling.bridge;

/**
 * The way out to script. In the app it is JsbBridgeWrapper.dispatchEventToScript, which queues
 * delivery onto the Cocos thread and may be called from any thread.
 */
public interface ScriptChannel {
    void send(String event, String arg);
}
