package com.commonbilling.bridge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.json.JSONObject;

/** A licence key pair generated per test run, signing like Google (SHA1) or ONE store (SHA512). */
final class TestKeys {
    final KeyPair pair;
    final String publicKeyBase64;

    TestKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
        publicKeyBase64 = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    /**
     * connect's {@code marketKey} for this licence key, sealed the way the editor seals it (cbk1,
     * AES-256-GCM, AAD appKey\nmarket) under a fresh data key. The cross-check against the editor's
     * own output is MarketKeyTest (tests/fixtures/market-key/vectors.json).
     */
    JSONObject sealedFor(String appKey, String market) throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        byte[] dataKey = new byte[32];
        byte[] nonce = new byte[12];
        random.nextBytes(dataKey);
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD((appKey + "\n" + market).getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(publicKeyBase64.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder b64 = Base64.getEncoder();
        return Json.object("sealed", "cbk1." + b64.encodeToString(nonce) + "." + b64.encodeToString(sealed), "dataKey", b64.encodeToString(dataKey),
            "appKey", appKey, "market", market);
    }

    String sign(String json, String algorithm) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(pair.getPrivate());
        signer.update(json.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }
}
