package io.shardgate.router.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * The client side of one SCRAM-SHA-256 exchange, for Shardgate logging in to a node, as libpq runs it:
 * no channel binding (gs2 header "n,,"), an empty user name (the server uses the startup packet's),
 * the password SASLprepped. {@link #clientFirst}, {@link #clientFinal}, then {@link #verifyServerFinal},
 * which fails if the node cannot prove that it knows the password's secret. Errors are SqlErrors.
 */
public final class ScramSha256Client {
  private static final String GS2_HEADER = "n,,";
  private static final int MAX_ITERATIONS = 10_000_000;

  private enum State { INITIAL, FIRST_SENT, FINAL_SENT, DONE }

  private final String user;
  private final String password;
  private final String clientNonce;
  private State state = State.INITIAL;
  private String clientFirstBare;
  private byte[] serverSignature;

  /** An exchange proving knowledge of {@code password}. */
  public ScramSha256Client(String password) {
    this("", password, ScramCrypto.nonce());
  }

  /** For test vectors: a given user name (saslname-escaped here) and client nonce. */
  ScramSha256Client(String user, String password, String clientNonce) {
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
    this.clientNonce = Objects.requireNonNull(clientNonce, "clientNonce");
  }

  /** The client-first-message: the SASLInitialResponse data for mechanism SCRAM-SHA-256. */
  public byte[] clientFirst() {
    if (state != State.INITIAL) {
      throw new IllegalStateException("client-first-message already sent");
    }
    state = State.FIRST_SENT;
    clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
  }

  /** Reads the server-first-message (AuthenticationSASLContinue data) and returns the client-final-message. */
  public byte[] clientFinal(byte[] serverFirst) {
    if (state != State.FIRST_SENT) {
      throw new IllegalStateException("not waiting for a server-first-message");
    }
    state = State.DONE;
    String message = new String(serverFirst, StandardCharsets.UTF_8);
    String[] attributes = message.split(",", -1);
    if (attributes.length < 3 || !attributes[0].startsWith("r=") || !attributes[1].startsWith("s=")
        || !attributes[2].startsWith("i=")) {
      throw AuthErrors.malformedServerScram("The server-first-message does not start with r=, s=, i=.");
    }
    String nonce = attributes[0].substring(2);
    if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
      throw AuthErrors.malformedServerScram("The server's nonce does not extend the client's.");
    }
    byte[] salt;
    try {
      salt = Base64.getDecoder().decode(attributes[1].substring(2));
    } catch (IllegalArgumentException e) {
      throw AuthErrors.malformedServerScram("The salt is not valid base64.");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(attributes[2].substring(2));
    } catch (NumberFormatException e) {
      throw AuthErrors.malformedServerScram("The iteration count is not a number.");
    }
    // A node is trusted, but not to make Shardgate spin: PostgreSQL allows at most INT_MAX, libpq checks
    // nothing; ten million is far above any sane setting.
    if (salt.length == 0 || iterations < 1 || iterations > MAX_ITERATIONS) {
      throw AuthErrors.malformedServerScram("Empty salt or iteration count " + iterations + " out of range.");
    }
    String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.UTF_8))
        + ",r=" + nonce;
    String authMessage = clientFirstBare + "," + message + "," + withoutProof;
    byte[] saltedPassword = ScramVerifier.saltedPassword(password, salt, iterations);
    byte[] clientKey = ScramCrypto.hmac(saltedPassword, "Client Key");
    byte[] storedKey = ScramCrypto.sha256(clientKey);
    byte[] proof = ScramCrypto.xor(clientKey, ScramCrypto.hmac(storedKey, authMessage));
    serverSignature = ScramCrypto.hmac(ScramCrypto.hmac(saltedPassword, "Server Key"), authMessage);
    state = State.FINAL_SENT;
    return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
  }

  /** Checks the server-final-message (AuthenticationSASLFinal data); throws unless the server signature is right. */
  public void verifyServerFinal(byte[] serverFinal) {
    if (state != State.FINAL_SENT) {
      throw new IllegalStateException("not waiting for a server-final-message");
    }
    state = State.DONE;
    String message = new String(serverFinal, StandardCharsets.UTF_8);
    if (message.startsWith("e=")) {
      throw AuthErrors.serverRejectedScram(message.substring(2));
    }
    if (!message.startsWith("v=")) {
      throw AuthErrors.malformedServerScram("The server-final-message has no verifier (v=).");
    }
    int end = message.indexOf(',');
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(end < 0 ? message.substring(2) : message.substring(2, end));
    } catch (IllegalArgumentException e) {
      throw AuthErrors.malformedServerScram("The server signature is not valid base64.");
    }
    if (!MessageDigest.isEqual(signature, serverSignature)) {
      throw AuthErrors.serverSignatureMismatch();
    }
  }
}
