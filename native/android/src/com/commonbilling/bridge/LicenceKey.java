package com.commonbilling.bridge;

import java.nio.charset.Charset;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/**
 * A store licence key (base64 X.509 SubjectPublicKeyInfo, RSA) and the on-device signature check
 * over the exact original JSON bytes (UTF-8). This is a pre-check only; the billing server verifies
 * every receipt again and is the authority (DESIGN.md §6).
 */
public final class LicenceKey {
    private static final Charset UTF8 = Charset.forName("UTF-8");

    private final PublicKey key;
    private final String algorithm;

    private LicenceKey(PublicKey key, String algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /** @param algorithm SHA1withRSA (Google Play) or SHA512withRSA (ONE store) */
    public static LicenceKey parse(String base64, String algorithm) throws BridgeFailure {
        if (base64 == null || base64.isEmpty()) {
            throw new BridgeFailure("MARKET_KEY_INVALID", "connect needs the market public key for the on-device signature check.", false, null);
        }
        byte[] der = Base64Decoder.decode(base64.trim());
        try {
            if (der == null) throw new GeneralSecurityException("not base64");
            return new LicenceKey(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)), algorithm);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BridgeFailure("MARKET_KEY_INVALID", "The market public key is not a base64 X.509 RSA public key.", false, null);
        }
    }

    /** Fails closed: anything that is not a valid signature over these exact bytes is false. */
    public boolean verifies(String originalJson, String signatureBase64) {
        byte[] signature = Base64Decoder.decode(signatureBase64);
        if (originalJson == null || signature == null) return false;
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(originalJson.getBytes(UTF8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
