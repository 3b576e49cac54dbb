package com.commonbilling.bridge;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/**
 * builtMarket() is what the SDK's component reads on Android: the market whose sources the build
 * copied in. This JVM build holds both (registry order decides); a one-market app build holds one,
 * which run.sh's single-market compiles check.
 */
public class BuiltMarketTest {
    @Test
    public void theFirstMarketPresentInTheBuildIsTheBuiltMarket() {
        assertEquals(CommonBillingBridge.availableProviders().get(0).marketId(), CommonBillingBridge.builtMarket());
        assertEquals("google-play", CommonBillingBridge.builtMarket());
    }
}
