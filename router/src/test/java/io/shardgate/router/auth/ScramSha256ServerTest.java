package io.shardgate.router.auth;

import static io.shardgate.router.auth.ScramTestVectors.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.router.errors.SqlError;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ScramSha256ServerTest {
  private static final ScramVerifier PENCIL = ScramVerifier.fromPassword(RFC_PASSWORD, RFC_SALT, RFC_ITERATIONS);

  @Test
  void rfc7677TestVector() {
    ScramSha256Server server = new ScramSha256Server(RFC_USER, PENCIL, RFC_SERVER_NONCE, false);
    assertEquals(RFC_SERVER_FIRST, text(server.start(bytes(RFC_CLIENT_FIRST))));
    assertEquals(RFC_SERVER_FINAL, text(server.finish(bytes(RFC_CLIENT_FINAL))));
  }

  @Test
  void acceptsOurClient() {
    ScramSha256Server server = new ScramSha256Server("app", ScramVerifier.fromPassword("s3cret"));
    ScramSha256Client client = new ScramSha256Client("s3cret");
    byte[] serverFirst = server.start(client.clientFirst());
    byte[] serverFinal = server.finish(client.clientFinal(serverFirst));
    client.verifyServerFinal(serverFinal);
  }

  @Test
  void acceptsThePasswordOfAVerifierMadeByPostgres() {
    ScramSha256Server server = new ScramSha256Server("postgres", ScramVerifier.parse(PG15_SECRET_VERIFIER));
    ScramSha256Client client = new ScramSha256Client("secret");
    String serverFirst = text(server.start(client.clientFirst()));
    assertTrue(serverFirst.contains(",s=7qH8V0Z+VV2/QfXliYSJyg==,i=4096"), serverFirst);
    client.verifyServerFinal(server.finish(client.clientFinal(bytes(serverFirst))));
  }

  @Test
  void wrongPasswordIs28P01() {
    ScramSha256Server server = new ScramSha256Server("postgres", ScramVerifier.parse(PG15_SECRET_VERIFIER));
    ScramSha256Client client = new ScramSha256Client("Secret");
    byte[] clientFinal = client.clientFinal(server.start(client.clientFirst()));
    SqlError e = assertThrows(SqlError.class, () -> server.finish(clientFinal));
    assertEquals("28P01", e.sqlState());
    assertEquals("password authentication failed for user \"postgres\"", e.getMessage());
  }

  @Test
  void mockExchangeRunsToTheEndAndFails() {
    ScramSha256Server server = ScramSha256Server.mock("ghost");
    ScramSha256Client client = new ScramSha256Client("anything");
    byte[] clientFinal = client.clientFinal(server.start(client.clientFirst()));
    SqlError e = assertThrows(SqlError.class, () -> server.finish(clientFinal));
    assertEquals("28P01", e.sqlState());
    assertEquals("password authentication failed for user \"ghost\"", e.getMessage());
  }

  @Test
  void gs2FlagYIsAcceptedAndBoundInTheFinalMessage() {
    ScramSha256Server server = new ScramSha256Server(RFC_USER, PENCIL, RFC_SERVER_NONCE, false);
    server.start(bytes("y,,n=,r=" + RFC_CLIENT_NONCE));
    // Same nonce and salt as the RFC but a different gs2 header, so the proof must be recomputed.
    String nonce = RFC_CLIENT_NONCE + RFC_SERVER_NONCE;
    String withoutProof = "c=eSws,r=" + nonce;
    String authMessage = "n=,r=" + RFC_CLIENT_NONCE + "," + RFC_SERVER_FIRST + "," + withoutProof;
    byte[] salted = ScramVerifier.saltedPassword(RFC_PASSWORD, RFC_SALT, RFC_ITERATIONS);
    byte[] clientKey = ScramCrypto.hmac(salted, "Client Key");
    byte[] proof = ScramCrypto.xor(clientKey, ScramCrypto.hmac(ScramCrypto.sha256(clientKey), authMessage));
    String serverFinal = text(server.finish(bytes(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))));
    assertTrue(serverFinal.startsWith("v="), serverFinal);
  }

  @Test
  void channelBindingIsRefusedClearly() {
    SqlError e = startFails("p=tls-server-end-point,,n=,r=abc");
    assertEquals("08P01", e.sqlState());
    assertEquals("SCRAM channel binding is not supported", e.getMessage());
    assertTrue(e.hint().contains("channel_binding"), e.hint());
  }

  @Test
  void malformedClientFirstMessages() {
    assertEquals("0A000", startFails("n,a=admin,n=,r=abc").sqlState());
    assertEquals("0A000", startFails("n,,m=ext,n=,r=abc").sqlState());
    assertMalformed(startFails(""), "empty");
    assertMalformed(startFails("x,,n=,r=abc"), "channel-binding flag \"x\"");
    assertMalformed(startFails("n"), "Comma expected");
    assertMalformed(startFails("n,x,n=,r=abc"), "Unexpected attribute");
    assertMalformed(startFails("n,,r=abc"), "\"n\" expected");
    assertMalformed(startFails("n,,n=user"), "\"r\" expected");
    assertMalformed(startFails("n,,n=,r="), "nonce");
    assertMalformed(startFails("n,,n=,r=a b"), "nonce");
    assertMalformed(startFails("n,,n=,r=abc,junk"), "Malformed attribute");
  }

  @Test
  void malformedClientFinalMessages() {
    String nonce = RFC_CLIENT_NONCE + RFC_SERVER_NONCE;
    String proof = ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    assertMalformed(finishFails("c=biws,r=" + nonce), "Could not find proof");
    assertMalformed(finishFails("c=eSws,r=" + nonce + proof), "channel-binding attribute");
    assertMalformed(finishFails("r=" + nonce + proof), "channel-binding attribute");
    assertMalformed(finishFails("c=biws" + proof), "\"r\" expected");
    assertMalformed(finishFails("c=biws,r=" + nonce + ",p=!!!"), "Malformed proof");
    assertMalformed(finishFails("c=biws,r=" + nonce + ",p=c2hvcnQ="), "Malformed proof");
    SqlError mismatch = finishFails("c=biws,r=" + RFC_CLIENT_NONCE + "forged" + proof);
    assertEquals("08P01", mismatch.sqlState());
    assertEquals("invalid SCRAM response", mismatch.getMessage());
  }

  @Test
  void stepsMustComeInOrder() {
    ScramSha256Server server = new ScramSha256Server("app", PENCIL);
    assertThrows(IllegalStateException.class, () -> server.finish(bytes(RFC_CLIENT_FINAL)));
    ScramSha256Server started = new ScramSha256Server("app", PENCIL);
    started.start(bytes(RFC_CLIENT_FIRST));
    assertThrows(IllegalStateException.class, () -> started.start(bytes(RFC_CLIENT_FIRST)));
  }

  @Test
  void serverNoncesAreFreshAndPrintable() {
    String a = text(new ScramSha256Server("app", PENCIL).start(bytes(RFC_CLIENT_FIRST)));
    String b = text(new ScramSha256Server("app", PENCIL).start(bytes(RFC_CLIENT_FIRST)));
    String nonceA = a.substring(2, a.indexOf(','));
    assertTrue(nonceA.startsWith(RFC_CLIENT_NONCE));
    assertEquals(RFC_CLIENT_NONCE.length() + 24, nonceA.length());
    assertTrue(nonceA.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != ','));
    assertTrue(!a.equals(b));
  }

  private static SqlError startFails(String clientFirst) {
    ScramSha256Server server = new ScramSha256Server(RFC_USER, PENCIL, RFC_SERVER_NONCE, false);
    return assertThrows(SqlError.class, () -> server.start(bytes(clientFirst)));
  }

  private static SqlError finishFails(String clientFinal) {
    ScramSha256Server server = new ScramSha256Server(RFC_USER, PENCIL, RFC_SERVER_NONCE, false);
    server.start(bytes(RFC_CLIENT_FIRST));
    return assertThrows(SqlError.class, () -> server.finish(bytes(clientFinal)));
  }

  private static void assertMalformed(SqlError e, String detailFragment) {
    assertEquals("08P01", e.sqlState());
    assertEquals("malformed SCRAM message", e.getMessage());
    assertTrue(e.detail().contains(detailFragment), "'" + e.detail() + "' should contain '" + detailFragment + "'");
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, UTF_8);
  }
}
