// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.cocos.lib;

public class JsbBridge {
    public interface ICallback {
        void onScript(String arg0, String arg1);
    }

    public static void setCallback(ICallback f) { throw new UnsupportedOperationException("compile-only stub"); }

    public static void sendToScript(String arg0, String arg1) { throw new UnsupportedOperationException("compile-only stub"); }

    public static void sendToScript(String arg0) { throw new UnsupportedOperationException("compile-only stub"); }
}
