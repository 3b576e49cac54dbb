package com.commonbilling.bridge;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNull;

import java.util.Base64;
import java.util.Random;

import org.junit.Test;

/** Our decoder (Android API 21 has no java.util.Base64) against the JDK's encoder. */
public class Base64DecoderTest {
    @Test
    public void decodesWhatTheJdkEncodesForEveryLengthAndPadding() {
        Random random = new Random(7);
        for (int length = 1; length <= 300; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertArrayEquals("length " + length, data, Base64Decoder.decode(Base64.getEncoder().encodeToString(data)));
        }
    }

    @Test
    public void refusesAnythingElse() {
        for (String bad : new String[] {null, "", "abc", "ab=c", "a===", "ab-_", "abcd\n", "=abc", "ab==cd=="}) {
            assertNull(String.valueOf(bad), Base64Decoder.decode(bad));
        }
    }
}
