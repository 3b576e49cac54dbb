// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.android.billingclient.api;

public final class UnfetchedProduct {
    public String getProductId() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getProductType() { throw new UnsupportedOperationException("compile-only stub"); }

    public int getStatusCode() { throw new UnsupportedOperationException("compile-only stub"); }
}
