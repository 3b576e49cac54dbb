// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.android.billingclient.api;

import java.util.List;


public final class QueryProductDetailsParams {
    public static Builder newBuilder() { throw new UnsupportedOperationException("compile-only stub"); }

    public static final class Product {
        public static Builder newBuilder() { throw new UnsupportedOperationException("compile-only stub"); }

        public static final class Builder {
            public Builder setProductId(String productId) { throw new UnsupportedOperationException("compile-only stub"); }

            public Builder setProductType(String productType) { throw new UnsupportedOperationException("compile-only stub"); }

            public Product build() { throw new UnsupportedOperationException("compile-only stub"); }
        }
    }

    public static final class Builder {
        public Builder setProductList(List<Product> v) { throw new UnsupportedOperationException("compile-only stub"); }

        public QueryProductDetailsParams build() { throw new UnsupportedOperationException("compile-only stub"); }
    }
}
