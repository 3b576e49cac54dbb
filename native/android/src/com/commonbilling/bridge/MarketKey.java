package com.commonbilling.bridge;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.json.JSONObject;

/**
 * Opens the market public key the editor sealed (protocol/market-key.ts, DESIGN.md §6) with the
 * platform's AES/GCM: {@code cbk1.<base64 nonce(12)>.<base64 ciphertext+tag(16)>} under the app's
 * 32-byte data key, additional data {@code appKey + "\n" + market}. The plain key exists only here,
 * on the device; the script side hands over the sealed key and the data key from login.
 */
public final class MarketKey {
    static final String PREFIX = "cbk1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int DATA_KEY_BYTES = 32;
    private static final Charset UTF8 = Charset.forName("UTF-8");

    private MarketKey() {
    }

    /** @param marketKey the connect params' {@code marketKey}: {sealed, dataKey, appKey, market} */
    public static String open(JSONObject marketKey) throws BridgeFailure {
        return open(Json.text(marketKey, "sealed"), Json.text(marketKey, "dataKey"), Json.text(marketKey, "appKey"), Json.text(marketKey, "market"));
    }

    /** Any failure (format, wrong key, moved or tampered ciphertext, not UTF-8) is MARKET_KEY_INVALID. */
    public static String open(String sealed, String dataKeyBase64, String appKey, String market) throws BridgeFailure {
        String[] parts = sealed.split("\\.", -1);
        if (parts.length != 3 || !PREFIX.equals(parts[0])) throw invalid("The market key is not a cbk1 sealed key.");
        byte[] nonce = Base64Decoder.decode(parts[1]);
        byte[] body = Base64Decoder.decode(parts[2]);
        byte[] key = Base64Decoder.decode(dataKeyBase64);
        if (nonce == null || nonce.length != NONCE_BYTES || body == null || body.length <= TAG_BITS / 8) throw invalid("The sealed market key is damaged.");
        if (key == null || key.length != DATA_KEY_BYTES) throw invalid("The data key is not 32 bytes of base64.");
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD((appKey + "\n" + market).getBytes(UTF8));
            plain = cipher.doFinal(body);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw invalid("The market key does not open with this data key, app key and market.");
        }
        try {
            return UTF8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(plain)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("The market key is not UTF-8.");
        }
    }

    private static BridgeFailure invalid(String message) {
        return new BridgeFailure("MARKET_KEY_INVALID", message, false, null);
    }
}
