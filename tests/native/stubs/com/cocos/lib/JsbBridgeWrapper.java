// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.cocos.lib;

public class JsbBridgeWrapper {
    public interface OnScriptEventListener {
        void onScriptEvent(String arg);
    }

    public static JsbBridgeWrapper getInstance() { throw new UnsupportedOperationException("compile-only stub"); }

    public void addScriptEventListener(String eventName, OnScriptEventListener listener) { throw new UnsupportedOperationException("compile-only stub"); }

    public boolean removeScriptEventListener(String eventName, OnScriptEventListener listener) { throw new UnsupportedOperationException("compile-only stub"); }

    public void removeAllListenersForEvent(String eventName) { throw new UnsupportedOperationException("compile-only stub"); }

    public void removeAllListeners() { throw new UnsupportedOperationException("compile-only stub"); }

    public void dispatchEventToScript(String eventName, String arg) { throw new UnsupportedOperationException("compile-only stub"); }

    public void dispatchEventToScript(String eventName) { throw new UnsupportedOperationException("compile-only stub"); }
}
