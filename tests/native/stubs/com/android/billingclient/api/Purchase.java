// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.android.billingclient.api;

import java.util.List;

import org.json.JSONException;

public class Purchase {
    public @interface PurchaseState {
        int UNSPECIFIED_STATE = 0;
        int PURCHASED = 1;
        int PENDING = 2;
    }

    public Purchase(String jsonPurchaseInfo, String signature) throws JSONException { throw new UnsupportedOperationException("compile-only stub"); }

    public String getOriginalJson() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getSignature() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getPurchaseToken() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getOrderId() { throw new UnsupportedOperationException("compile-only stub"); }

    public List<String> getProducts() { throw new UnsupportedOperationException("compile-only stub"); }

    public int getPurchaseState() { throw new UnsupportedOperationException("compile-only stub"); }

    public long getPurchaseTime() { throw new UnsupportedOperationException("compile-only stub"); }

    public int getQuantity() { throw new UnsupportedOperationException("compile-only stub"); }

    public boolean isAcknowledged() { throw new UnsupportedOperationException("compile-only stub"); }
}
