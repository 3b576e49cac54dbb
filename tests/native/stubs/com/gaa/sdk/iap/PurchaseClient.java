// Compile-only stub written for Common Billing from the documented public API. Not the vendor's code;
// every body throws. It exists so that native/android compiles with javac on a machine without the SDK.
package com.gaa.sdk.iap;

import android.app.Activity;
import android.content.Context;

public abstract class PurchaseClient {
    public @interface ResponseCode {
        int RESULT_OK = 0;
        int RESULT_USER_CANCELED = 1;
        int RESULT_SERVICE_UNAVAILABLE = 2;
        int RESULT_BILLING_UNAVAILABLE = 3;
        int RESULT_ITEM_UNAVAILABLE = 4;
        int RESULT_DEVELOPER_ERROR = 5;
        int RESULT_ERROR = 6;
        int RESULT_ITEM_ALREADY_OWNED = 7;
        int RESULT_ITEM_NOT_OWNED = 8;
        int RESULT_FAIL = 9;
        int RESULT_NEED_LOGIN = 10;
        int RESULT_NEED_UPDATE = 11;
        int RESULT_SECURITY_ERROR = 12;
        int RESULT_BLOCKED_APP = 13;
        int RESULT_NOT_SUPPORT_SANDBOX = 14;
        int RESULT_EMERGENCY_ERROR = 99999;
        int ERROR_DATA_PARSING = 1001;
        int ERROR_SIGNATURE_VERIFICATION = 1002;
        int ERROR_ILLEGAL_ARGUMENT = 1003;
        int ERROR_UNDEFINED_CODE = 1004;
        int ERROR_SIGNATURE_NOT_VALIDATION = 1005;
        int ERROR_UPDATE_OR_INSTALL = 1006;
        int ERROR_SERVICE_DISCONNECTED = 1007;
        int ERROR_FEATURE_NOT_SUPPORTED = 1008;
        int ERROR_SERVICE_TIMEOUT = 1009;
        int ERROR_CLIENT_NOT_ENABLED = 1010;
    }

    public @interface ProductType {
        String INAPP = "inapp";
        String SUBS = "subscription";
        String ALL = "all";
    }

    public static Builder newBuilder(Context context) { throw new UnsupportedOperationException("compile-only stub"); }

    public abstract void startConnection(PurchaseClientStateListener listener);

    public abstract void endConnection();

    public abstract void queryProductDetailsAsync(ProductDetailsParams params, ProductDetailsListener listener);

    public abstract IapResult launchPurchaseFlow(Activity activity, PurchaseFlowParams params);

    public abstract void queryPurchasesAsync(String productType, QueryPurchasesListener listener);

    public abstract void consumeAsync(ConsumeParams params, ConsumeListener listener);

    public abstract void acknowledgeAsync(AcknowledgeParams params, AcknowledgeListener listener);

    public abstract void launchUpdateOrInstallFlow(Activity activity, IapResultListener listener);

    public abstract void launchManageSubscription(Activity activity, SubscriptionParams params);

    public static final class Builder {
        public Builder setListener(PurchasesUpdatedListener listener) { throw new UnsupportedOperationException("compile-only stub"); }

        public Builder setBase64PublicKey(String base64PublicKey) { throw new UnsupportedOperationException("compile-only stub"); }

        public PurchaseClient build() { throw new UnsupportedOperationException("compile-only stub"); }
    }
}
