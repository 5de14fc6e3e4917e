package io.shardgate.router.backend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** PostgreSQL's md5 password response: "md5" + md5hex(md5hex(password + user) + salt). */
final class Md5Password {
  private Md5Password() {}

  static String encode(String user, String password, byte[] salt) {
    String inner = hex((password + user).getBytes(StandardCharsets.UTF_8));
    byte[] innerBytes = inner.getBytes(StandardCharsets.US_ASCII);
    byte[] salted = new byte[innerBytes.length + salt.length];
    System.arraycopy(innerBytes, 0, salted, 0, innerBytes.length);
    System.arraycopy(salt, 0, salted, innerBytes.length, salt.length);
    return "md5" + hex(salted);
  }

  private static String hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
