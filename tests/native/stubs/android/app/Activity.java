// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package android.app;

import android.content.Context;

public class Activity extends Context {
    @Override
    public Context getApplicationContext() { throw new UnsupportedOperationException("compile-only stub"); }

    public final void runOnUiThread(Runnable action) { throw new UnsupportedOperationException("compile-only stub"); }
}
