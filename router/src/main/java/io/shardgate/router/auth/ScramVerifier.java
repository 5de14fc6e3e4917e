package io.shardgate.router.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A SCRAM-SHA-256 secret as PostgreSQL stores it in pg_authid.rolpassword:
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64 parts). It lets a server
 * check a password without knowing it. Arrays are copied in and out.
 */
public record ScramVerifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
  private static final String PREFIX = "SCRAM-SHA-256$";
  // Random per process, like PostgreSQL's mock_auth_nonce: mock salts are stable per user name,
  // so repeated probes for one unknown name look like probes for an existing user.
  private static final byte[] MOCK_SECRET = ScramCrypto.randomBytes(32);

  public ScramVerifier {
    if (iterations < 1) {
      throw new IllegalArgumentException("SCRAM iteration count must be positive, not " + iterations);
    }
    if (salt.length == 0) {
      throw new IllegalArgumentException("SCRAM salt is empty");
    }
    if (storedKey.length != ScramCrypto.KEY_LENGTH || serverKey.length != ScramCrypto.KEY_LENGTH) {
      throw new IllegalArgumentException("SCRAM-SHA-256 keys have " + ScramCrypto.KEY_LENGTH + " bytes");
    }
    salt = salt.clone();
    storedKey = storedKey.clone();
    serverKey = serverKey.clone();
  }

  /**
   * Parses PostgreSQL's text form. The message of the IllegalArgumentException thrown for a bad verifier
   * says what is wrong without repeating the verifier.
   */
  public static ScramVerifier parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a SCRAM verifier starts with " + PREFIX);
    }
    String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "a SCRAM verifier has the form SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>");
    }
    String[] iterSalt = parts[0].split(":", -1);
    String[] keys = parts[1].split(":", -1);
    if (iterSalt.length != 2 || keys.length != 2) {
      throw new IllegalArgumentException(
          "a SCRAM verifier has the form SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(iterSalt[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the SCRAM verifier's iteration count is not a number");
    }
    byte[] salt = base64(iterSalt[1], "salt");
    byte[] storedKey = base64(keys[0], "StoredKey");
    byte[] serverKey = base64(keys[1], "ServerKey");
    if (storedKey.length != ScramCrypto.KEY_LENGTH || serverKey.length != ScramCrypto.KEY_LENGTH) {
      throw new IllegalArgumentException("the SCRAM verifier's keys do not have " + ScramCrypto.KEY_LENGTH
          + " bytes (is it SCRAM-SHA-256?)");
    }
    return new ScramVerifier(iterations, salt, storedKey, serverKey);
  }

  /** Derives the verifier of {@code password} (after SASLprep, as PostgreSQL does). */
  public static ScramVerifier fromPassword(String password, byte[] salt, int iterations) {
    byte[] saltedPassword = saltedPassword(password, salt, iterations);
    byte[] storedKey = ScramCrypto.sha256(ScramCrypto.hmac(saltedPassword, "Client Key"));
    byte[] serverKey = ScramCrypto.hmac(saltedPassword, "Server Key");
    return new ScramVerifier(iterations, salt, storedKey, serverKey);
  }

  /** Derives the verifier of {@code password} with a random 16-byte salt and 4096 iterations (PostgreSQL's defaults). */
  public static ScramVerifier fromPassword(String password) {
    return fromPassword(password, ScramCrypto.randomBytes(ScramCrypto.SALT_LENGTH), ScramCrypto.DEFAULT_ITERATIONS);
  }

  /**
   * A verifier for a user that does not exist, so the exchange can run to its end (PostgreSQL's mock
   * authentication): its salt is stable for {@code user} and no password matches its random keys.
   */
  static ScramVerifier mock(String user) {
    byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
    byte[] seed = Arrays.copyOf(MOCK_SECRET, MOCK_SECRET.length + userBytes.length);
    System.arraycopy(userBytes, 0, seed, MOCK_SECRET.length, userBytes.length);
    byte[] salt = Arrays.copyOf(ScramCrypto.sha256(seed), ScramCrypto.SALT_LENGTH);
    return new ScramVerifier(ScramCrypto.DEFAULT_ITERATIONS, salt,
        ScramCrypto.randomBytes(ScramCrypto.KEY_LENGTH), ScramCrypto.randomBytes(ScramCrypto.KEY_LENGTH));
  }

  /** SaltedPassword := Hi(Normalize(password), salt, i). */
  static byte[] saltedPassword(String password, byte[] salt, int iterations) {
    return ScramCrypto.hi(SaslPrep.prepare(password).getBytes(StandardCharsets.UTF_8), salt, iterations);
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] storedKey() {
    return storedKey.clone();
  }

  @Override
  public byte[] serverKey() {
    return serverKey.clone();
  }

  /** The pg_authid text form, which {@link #parse} reads back. */
  public String encode() {
    Base64.Encoder b64 = Base64.getEncoder();
    return PREFIX + iterations + ":" + b64.encodeToString(salt) + "$" + b64.encodeToString(storedKey) + ":"
        + b64.encodeToString(serverKey);
  }

  private static byte[] base64(String text, String what) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the SCRAM verifier's " + what + " is not valid base64");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScramVerifier v && iterations == v.iterations && Arrays.equals(salt, v.salt)
        && Arrays.equals(storedKey, v.storedKey) && Arrays.equals(serverKey, v.serverKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(iterations, Arrays.hashCode(salt), Arrays.hashCode(storedKey), Arrays.hashCode(serverKey));
  }

  // Whoever holds the keys can pose as the server, and, with one overheard exchange, as the client.
  @Override
  public String toString() {
    return "ScramVerifier[iterations=" + iterations + ", ***]";
  }
}
