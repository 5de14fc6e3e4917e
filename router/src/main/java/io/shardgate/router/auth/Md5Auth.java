package io.shardgate.router.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The server side of PostgreSQL's md5 password authentication for one connection: a random 4-byte salt
 * is sent, and the client must answer {@code "md5" + md5hex(md5hex(password + user) + salt)}. The inner
 * hash is what pg_authid stores ({@code md5<32 hex digits>}), so either it or the password will do.
 */
public final class Md5Auth {
  private static final Pattern STORED_HASH = Pattern.compile("md5[0-9a-fA-F]{32}");

  private final String storedHash;
  private final byte[] salt;

  private Md5Auth(String storedHash, byte[] salt) {
    this.storedHash = storedHash;
    this.salt = salt;
  }

  /** Checks responses against a stored hash ({@code md5<32 hex>}, as pg_authid holds it), with a random salt. */
  public static Md5Auth forStoredHash(String storedHash) {
    return forStoredHash(storedHash, ScramCrypto.randomBytes(4));
  }

  /** Checks responses against the password of {@code user}, with a random salt. */
  public static Md5Auth forPassword(String user, String password) {
    return forStoredHash(storedHash(user, password));
  }

  /** With a given salt, for tests. */
  static Md5Auth forStoredHash(String storedHash, byte[] salt) {
    if (!isStoredHash(storedHash)) {
      throw new IllegalArgumentException("an md5 password hash is \"md5\" followed by 32 hexadecimal digits");
    }
    if (salt.length != 4) {
      throw new IllegalArgumentException("an md5 salt has 4 bytes");
    }
    return new Md5Auth(storedHash.toLowerCase(Locale.ROOT), salt.clone());
  }

  /** For an unknown user: a random hash no response matches, so the exchange looks like any other. */
  static Md5Auth mock() {
    return forStoredHash("md5" + HexFormat.of().formatHex(ScramCrypto.randomBytes(16)));
  }

  /** Whether {@code text} has the form of a stored md5 hash. */
  public static boolean isStoredHash(String text) {
    return text != null && STORED_HASH.matcher(text).matches();
  }

  /** What pg_authid stores for {@code password} under password_encryption = md5. */
  public static String storedHash(String user, String password) {
    return "md5" + md5Hex((password + user).getBytes(StandardCharsets.UTF_8));
  }

  /** The client's answer to {@code salt} for the stored hash {@code storedHash}. */
  public static String response(String storedHash, byte[] salt) {
    byte[] inner = storedHash.substring(3).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    byte[] salted = new byte[inner.length + salt.length];
    System.arraycopy(inner, 0, salted, 0, inner.length);
    System.arraycopy(salt, 0, salted, inner.length, salt.length);
    return "md5" + md5Hex(salted);
  }

  /** The salt to send in AuthenticationMD5Password. */
  public byte[] salt() {
    return salt.clone();
  }

  /** Whether the client's PasswordMessage text is the right answer; compared in constant time. */
  public boolean matches(String response) {
    Objects.requireNonNull(response, "response");
    byte[] expected = response(storedHash, salt).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, response.getBytes(StandardCharsets.UTF_8));
  }

  private static String md5Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }

  @Override
  public String toString() {
    return "Md5Auth[***]";
  }
}
