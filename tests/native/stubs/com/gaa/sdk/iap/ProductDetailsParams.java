// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.gaa.sdk.iap;

import java.util.List;


public final class ProductDetailsParams {
    public static Builder newBuilder() { throw new UnsupportedOperationException("compile-only stub"); }

    public static final class Builder {
        public Builder setProductIdList(List<String> v) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setProductType(String v) { throw new UnsupportedOperationException("compile-only stub"); }

        public ProductDetailsParams build() { throw new UnsupportedOperationException("compile-only stub"); }
    }
}
