package com.commonbilling.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import com.commonbilling.bridge.store.StoreOffer;

/** Play Billing 8: which purchase option, base plan or offer a purchase flow uses. */
public class OfferChoiceTest {
    /** A one-time product with two purchase options (buy, rent) and a discount offer on "buy", promotion listed first. */
    private static final List<StoreOffer> ONE_TIME = Arrays.asList(
        new StoreOffer("buy", "spring-sale", "tok-buy-sale"),
        new StoreOffer("buy", null, "tok-buy"),
        new StoreOffer("rent", null, "tok-rent"));
    /** A subscription whose first listed entry is an intro offer, then the base plan. */
    private static final List<StoreOffer> SUBSCRIPTION = Arrays.asList(
        new StoreOffer("monthly", "intro-50", "tok-intro"),
        new StoreOffer("monthly", null, "tok-monthly"));

    @Test
    public void withoutANameTheBaseOptionOrPlanIsChosenNotAPromotion() {
        assertEquals("tok-buy", OfferChoice.choose(ONE_TIME, null).offerToken);
        assertEquals("tok-monthly", OfferChoice.choose(SUBSCRIPTION, null).offerToken);
    }

    @Test
    public void aNamedOfferOrPurchaseOptionIsChosen() {
        assertEquals("tok-buy-sale", OfferChoice.choose(ONE_TIME, "spring-sale").offerToken);
        assertEquals("tok-rent", OfferChoice.choose(ONE_TIME, "rent").offerToken);
        assertEquals("tok-intro", OfferChoice.choose(SUBSCRIPTION, "intro-50").offerToken);
    }

    @Test
    public void anOfferTheProductDoesNotHaveIsNotReplacedByAnother() {
        assertNull(OfferChoice.choose(ONE_TIME, "winter-sale"));
        assertNull(OfferChoice.choose(Arrays.asList(new StoreOffer("monthly", "intro-50", "tok-intro")), null));
    }

    /** Two base plans with the same offer id on each: the named plan decides which one is bought. */
    @Test
    public void aNamedBasePlanNarrowsTheChoiceToThatPlan() {
        List<StoreOffer> plans = Arrays.asList(
            new StoreOffer("monthly", "trial", "tok-m-trial"), new StoreOffer("monthly", null, "tok-m"),
            new StoreOffer("yearly", "trial", "tok-y-trial"), new StoreOffer("yearly", null, "tok-y"));
        assertEquals("tok-y", OfferChoice.choose(plans, null, "yearly").offerToken);
        assertEquals("tok-y-trial", OfferChoice.choose(plans, "trial", "yearly").offerToken);
        assertEquals("tok-m-trial", OfferChoice.choose(plans, "trial", null).offerToken);
        assertNull(OfferChoice.choose(plans, null, "weekly"));
    }
}
