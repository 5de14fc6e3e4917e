package io.shardgate.router.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The primitives of SCRAM-SHA-256 (RFC 5802 section 2.2): H, HMAC, Hi, XOR, and random nonces. */
final class ScramCrypto {
  /** Length of SHA-256 output, and so of every SCRAM key, signature and proof. */
  static final int KEY_LENGTH = 32;
  /** PostgreSQL's SCRAM_RAW_NONCE_LEN: random bytes in each side's nonce. */
  static final int RAW_NONCE_LENGTH = 18;
  /** PostgreSQL's SCRAM_DEFAULT_SALT_LEN. */
  static final int SALT_LENGTH = 16;
  /** PostgreSQL's default scram_iterations. */
  static final int DEFAULT_ITERATIONS = 4096;

  static final SecureRandom RANDOM = new SecureRandom();

  private ScramCrypto() {}

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    return hmac(key, data.getBytes(StandardCharsets.UTF_8));
  }

  /** Hi(password, salt, i): PBKDF2 with HMAC-SHA-256, one block. */
  static byte[] hi(byte[] password, byte[] salt, int iterations) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // HMAC keys may be empty (an empty password); SecretKeySpec refuses those, so pad to one zero byte,
      // which HMAC treats identically (keys are zero-padded to the block size).
      mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
      mac.update(salt);
      byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
      byte[] result = u.clone();
      for (int i = 1; i < iterations; i++) {
        u = mac.doFinal(u);
        for (int j = 0; j < result.length; j++) {
          result[j] ^= u[j];
        }
      }
      return result;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  /** A fresh nonce: 18 random bytes in base64, so printable and free of commas as RFC 5802 demands. */
  static String nonce() {
    byte[] raw = new byte[RAW_NONCE_LENGTH];
    RANDOM.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  static byte[] randomBytes(int length) {
    byte[] out = new byte[length];
    RANDOM.nextBytes(out);
    return out;
  }
}
