// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.gaa.sdk.iap;

public final class ProductDetail {
    public String getOriginalJson() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getProductId() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getType() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getTitle() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getPrice() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getPriceCurrencyCode() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getPriceAmountMicros() { throw new UnsupportedOperationException("compile-only stub"); }
}
