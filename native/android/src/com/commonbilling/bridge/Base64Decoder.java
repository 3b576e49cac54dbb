package com.commonbilling.bridge;

import java.io.ByteArrayOutputStream;

/**
 * Standard base64 (RFC 4648 §4) decoding, strict about the alphabet and padding. Our own because
 * java.util.Base64 needs Android API 26 while Cocos templates start at 21, and android.util.Base64
 * does not exist on the JVM where this code is tested.
 */
final class Base64Decoder {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private Base64Decoder() {
    }

    /** @return the bytes, or null when text is not valid padded base64 */
    static byte[] decode(String text) {
        if (text == null || text.isEmpty() || text.length() % 4 != 0) return null;
        int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 4 * 3);
        for (int i = 0; i < text.length(); i += 4) {
            int quantum = 0;
            for (int j = 0; j < 4; j++) {
                char c = text.charAt(i + j);
                boolean inPadding = i + 4 == text.length() && j >= 4 - padding;
                int value = inPadding ? (c == '=' ? 0 : -1) : ALPHABET.indexOf(c);
                if (value < 0) return null;
                quantum = (quantum << 6) | value;
            }
            out.write((quantum >> 16) & 0xff);
            if (!(i + 4 == text.length() && padding == 2)) out.write((quantum >> 8) & 0xff);
            if (!(i + 4 == text.length() && padding >= 1)) out.write(quantum & 0xff);
        }
        return out.toByteArray();
    }
}
