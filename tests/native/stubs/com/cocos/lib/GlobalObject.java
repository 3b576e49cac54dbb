// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.cocos.lib;

import android.app.Activity;
import android.content.Context;

public class GlobalObject {
    public static Activity getActivity() { throw new UnsupportedOperationException("compile-only stub"); }

    public static Context getContext() { throw new UnsupportedOperationException("compile-only stub"); }

    public static void runOnUiThread(Runnable r) { throw new UnsupportedOperationException("compile-only stub"); }
}
