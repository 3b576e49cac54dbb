package com.commonbilling.bridge;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Base64;

import org.junit.BeforeClass;
import org.junit.Test;

/** The on-device signature pre-check: exact bytes, right algorithm, right key, or false. */
public class LicenceKeyTest {
    private static TestKeys keys;
    private static final String JSON = "{\"orderId\":\"GPA.1\",\"productId\":\"gas_10\",\"note\":\"\u20a9 \ud55c\uae00\"}";

    @BeforeClass
    public static void generate() throws Exception {
        keys = new TestKeys();
    }

    @Test
    public void acceptsASignatureOverTheExactUtf8Bytes() throws Exception {
        assertTrue(LicenceKey.parse(keys.publicKeyBase64, "SHA1withRSA").verifies(JSON, keys.sign(JSON, "SHA1withRSA")));
        assertTrue(LicenceKey.parse(keys.publicKeyBase64, "SHA512withRSA").verifies(JSON, keys.sign(JSON, "SHA512withRSA")));
    }

    @Test
    public void rejectsReserialisedOrTamperedJson() throws Exception {
        String signature = keys.sign(JSON, "SHA1withRSA");
        LicenceKey key = LicenceKey.parse(keys.publicKeyBase64, "SHA1withRSA");
        assertFalse(key.verifies(JSON.replace(",", ", "), signature));
        assertFalse(key.verifies(JSON.replace("gas_10", "gas_50"), signature));
    }

    @Test
    public void rejectsTheOtherStoresAlgorithm() throws Exception {
        assertFalse(LicenceKey.parse(keys.publicKeyBase64, "SHA1withRSA").verifies(JSON, keys.sign(JSON, "SHA512withRSA")));
        assertFalse(LicenceKey.parse(keys.publicKeyBase64, "SHA512withRSA").verifies(JSON, keys.sign(JSON, "SHA1withRSA")));
    }

    @Test
    public void rejectsAnotherKeyAndGarbageSignatures() throws Exception {
        LicenceKey other = LicenceKey.parse(new TestKeys().publicKeyBase64, "SHA1withRSA");
        assertFalse(other.verifies(JSON, keys.sign(JSON, "SHA1withRSA")));
        LicenceKey key = LicenceKey.parse(keys.publicKeyBase64, "SHA1withRSA");
        assertFalse(key.verifies(JSON, ""));
        assertFalse(key.verifies(JSON, "not base64!"));
        assertFalse(key.verifies(JSON, Base64.getEncoder().encodeToString(new byte[256])));
        assertFalse(key.verifies(null, keys.sign(JSON, "SHA1withRSA")));
    }

    @Test
    public void aKeyThatIsNotBase64SpkiIsMarketKeyInvalid() {
        for (String bad : new String[] {"bm90LWEta2V5", "%%%", keys.publicKeyBase64.substring(0, 100)}) {
            try {
                LicenceKey.parse(bad, "SHA1withRSA");
                fail("accepted " + bad);
            } catch (BridgeFailure f) {
                assertEquals("MARKET_KEY_INVALID", f.code);
                assertFalse(f.retryable);
            }
        }
    }

    @Test
    public void aMissingKeyIsMarketKeyInvalid() {
        try {
            LicenceKey.parse("", "SHA512withRSA");
            fail("accepted an empty key");
        } catch (BridgeFailure f) {
            assertEquals("MARKET_KEY_INVALID", f.code);
        }
    }
}
