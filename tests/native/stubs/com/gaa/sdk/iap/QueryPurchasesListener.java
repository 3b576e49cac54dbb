// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.gaa.sdk.iap;

import java.util.List;

public interface QueryPurchasesListener {
    void onPurchasesResponse(IapResult iapResult, List<PurchaseData> purchases);
}
