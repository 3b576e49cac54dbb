// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.gaa.sdk.iap;

/**
 * ONE store IAP SDK v21: the two documented public constructors, PurchaseData(String jsonPurchaseData)
 * and PurchaseData(String jsonPurchaseData, String signature), per
 * https://onestore-dev.gitbook.io/dev/eng/tools/billing/v21/references/classes/purchasedata
 */
public final class PurchaseData {
    public PurchaseData(String jsonPurchaseData) { throw new UnsupportedOperationException("compile-only stub"); }

    public PurchaseData(String jsonPurchaseData, String signature) { throw new UnsupportedOperationException("compile-only stub"); }

    public String getOrderId() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getPackageName() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getProductId() { throw new UnsupportedOperationException("compile-only stub"); }

    public long getPurchaseTime() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getPurchaseId() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getPurchaseToken() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getDeveloperPayload() { throw new UnsupportedOperationException("compile-only stub"); }

    public int getPurchaseState() { throw new UnsupportedOperationException("compile-only stub"); }

    public int getRecurringState() { throw new UnsupportedOperationException("compile-only stub"); }

    public int getQuantity() { throw new UnsupportedOperationException("compile-only stub"); }

    public boolean isAcknowledged() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getOriginalJson() { throw new UnsupportedOperationException("compile-only stub"); }

    public String getSignature() { throw new UnsupportedOperationException("compile-only stub"); }
}
