package io.shardgate.router.auth;

import io.shardgate.router.errors.SqlError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) as PostgreSQL runs it: no channel
 * binding (gs2 flags "n" and "y" accepted, "p" refused), the user name of the client-first-message
 * ignored in favour of the startup packet's. A pure state machine: {@link #start} then {@link #finish},
 * each taking and returning the SASL data bytes; every error is a {@link SqlError}.
 */
public final class ScramSha256Server {
  private enum State { INITIAL, CHALLENGED, DONE }

  private final String user;
  private final ScramVerifier verifier;
  private final String serverNonce;
  private final boolean doomed;
  private State state = State.INITIAL;
  private String gs2Header;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;

  /** An exchange for {@code user} (named in the failure message) whose password {@code verifier} checks. */
  public ScramSha256Server(String user, ScramVerifier verifier) {
    this(user, verifier, ScramCrypto.nonce(), false);
  }

  ScramSha256Server(String user, ScramVerifier verifier, String serverNonce, boolean doomed) {
    this.user = Objects.requireNonNull(user, "user");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.serverNonce = Objects.requireNonNull(serverNonce, "serverNonce");
    this.doomed = doomed;
  }

  /** An exchange for an unknown user: it runs like any other and always fails at the proof. */
  static ScramSha256Server mock(String user) {
    return new ScramSha256Server(user, ScramVerifier.mock(user), ScramCrypto.nonce(), true);
  }

  /** Reads the client-first-message and returns the server-first-message. */
  public byte[] start(byte[] clientFirst) {
    if (state != State.INITIAL) {
      throw new IllegalStateException("SCRAM exchange already started");
    }
    state = State.DONE; // until the message has been accepted
    String message = new String(clientFirst, StandardCharsets.UTF_8);
    if (message.isEmpty()) {
      throw AuthErrors.malformedScram("The client-first-message is empty.");
    }
    char flag = message.charAt(0);
    if (flag == 'p') {
      throw AuthErrors.channelBindingUnsupported();
    }
    if (flag != 'n' && flag != 'y') {
      throw AuthErrors.malformedScram("Unexpected channel-binding flag \"" + flag + "\".");
    }
    if (message.length() < 3 || message.charAt(1) != ',') {
      throw AuthErrors.malformedScram("Comma expected after the channel-binding flag.");
    }
    if (message.charAt(2) == 'a') {
      throw AuthErrors.authzidUnsupported();
    }
    if (message.charAt(2) != ',') {
      throw AuthErrors.malformedScram("Unexpected attribute \"" + message.charAt(2) + "\" in client-first-message.");
    }
    gs2Header = message.substring(0, 3);
    clientFirstBare = message.substring(3);
    String[] attributes = clientFirstBare.split(",", -1);
    if (attributes[0].startsWith("m=")) {
      throw AuthErrors.scramExtensionUnsupported();
    }
    if (!attributes[0].startsWith("n=")) {
      throw AuthErrors.malformedScram("Attribute \"n\" expected in client-first-message.");
    }
    if (attributes.length < 2 || !attributes[1].startsWith("r=")) {
      throw AuthErrors.malformedScram("Attribute \"r\" expected in client-first-message.");
    }
    String clientNonce = attributes[1].substring(2);
    if (clientNonce.isEmpty() || !clientNonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
      throw AuthErrors.malformedScram("The client nonce is empty or contains non-printable characters.");
    }
    requireExtensions(attributes, 2, "client-first-message");
    nonce = clientNonce + serverNonce;
    serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt()) + ",i="
        + verifier.iterations();
    state = State.CHALLENGED;
    return serverFirst.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the client-final-message and returns the server-final-message, or throws 28P01
   * ({@link AuthErrors#passwordFailed}) when the client's proof is wrong.
   */
  public byte[] finish(byte[] clientFinal) {
    if (state != State.CHALLENGED) {
      throw new IllegalStateException("SCRAM exchange not waiting for a client-final-message");
    }
    state = State.DONE;
    String message = new String(clientFinal, StandardCharsets.UTF_8);
    int proofAt = message.lastIndexOf(",p=");
    if (proofAt < 0) {
      throw AuthErrors.malformedScram("Could not find proof in client-final-message.");
    }
    String withoutProof = message.substring(0, proofAt);
    String[] attributes = withoutProof.split(",", -1);
    String expectedBinding = "c=" + Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
    if (!attributes[0].equals(expectedBinding)) {
      throw AuthErrors.malformedScram("Unexpected channel-binding attribute in client-final-message.");
    }
    if (attributes.length < 2 || !attributes[1].startsWith("r=")) {
      throw AuthErrors.malformedScram("Attribute \"r\" expected in client-final-message.");
    }
    if (!attributes[1].substring(2).equals(nonce)) {
      throw AuthErrors.scramNonceMismatch();
    }
    requireExtensions(attributes, 2, "client-final-message");
    byte[] proof;
    try {
      proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
    } catch (IllegalArgumentException e) {
      throw AuthErrors.malformedScram("Malformed proof in client-final-message.");
    }
    if (proof.length != ScramCrypto.KEY_LENGTH) {
      throw AuthErrors.malformedScram("Malformed proof in client-final-message.");
    }
    String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] clientSignature = ScramCrypto.hmac(verifier.storedKey(), authMessage);
    byte[] clientKey = ScramCrypto.xor(proof, clientSignature);
    boolean proofOk = MessageDigest.isEqual(ScramCrypto.sha256(clientKey), verifier.storedKey());
    if (!proofOk || doomed) {
      throw AuthErrors.passwordFailed(user);
    }
    byte[] serverSignature = ScramCrypto.hmac(verifier.serverKey(), authMessage);
    return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
  }

  private static void requireExtensions(String[] attributes, int from, String where) {
    for (int i = from; i < attributes.length; i++) {
      String a = attributes[i];
      if (a.length() < 2 || a.charAt(1) != '=' || !Character.isLetter(a.charAt(0))) {
        throw AuthErrors.malformedScram("Malformed attribute in " + where + ".");
      }
    }
  }
}
