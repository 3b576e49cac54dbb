package com.commonbilling.bridge.googleplay;

import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;

/**
 * Play's subscription center deep links (developer.android.com/google/play/billing/subscriptions,
 * "Allow users to manage their subscription"): one subscription's page with its product id and the
 * app's package, or every subscription of the account without them.
 */
public final class PlaySubscriptionLink {
    static final String CENTER = "https://play.google.com/store/account/subscriptions";

    private PlaySubscriptionLink() {
    }

    public static String url(String packageName, String productId) {
        if (productId == null || productId.isEmpty()) return CENTER;
        return CENTER + "?sku=" + encode(productId) + "&package=" + encode(packageName);
    }

    private static String encode(String value) {
        try {
            return URLEncoder.encode(value, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }
}
