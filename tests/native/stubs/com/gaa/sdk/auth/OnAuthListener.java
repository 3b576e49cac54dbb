// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.gaa.sdk.auth;

public interface OnAuthListener {
    void onResponse(SignInResult signInResult);
}
