package com.commonbilling.bridge;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import com.commonbilling.bridge.googleplay.PlaySubscriptionLink;

/** Play's subscription center links (developer.android.com/google/play/billing/subscriptions, "manage their subscription"). */
public class PlaySubscriptionLinkTest {
    @Test
    public void oneSubscriptionsPageNamesTheProductAndThePackage() {
        assertEquals("https://play.google.com/store/account/subscriptions?sku=vip_monthly&package=com.example.gasstation",
            PlaySubscriptionLink.url("com.example.gasstation", "vip_monthly"));
    }

    @Test
    public void withoutAProductTheAccountsSubscriptionListOpens() {
        assertEquals("https://play.google.com/store/account/subscriptions", PlaySubscriptionLink.url("com.example.gasstation", null));
        assertEquals("https://play.google.com/store/account/subscriptions", PlaySubscriptionLink.url("com.example.gasstation", ""));
    }
}
