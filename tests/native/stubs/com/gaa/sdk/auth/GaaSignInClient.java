// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.gaa.sdk.auth;

import android.app.Activity;
import android.content.Context;

public abstract class GaaSignInClient {
    public static GaaSignInClient getClient(Context context) { throw new UnsupportedOperationException("compile-only stub"); }

    public abstract void launchSignInFlow(Activity activity, OnAuthListener listener);

    public abstract void silentSignIn(OnAuthListener listener);
}
