package io.shardgate.router.auth;

import static io.shardgate.router.auth.ScramSha256ServerTest.bytes;
import static io.shardgate.router.auth.ScramTestVectors.PG15_APP_SECRET_MD5;
import static io.shardgate.router.auth.ScramTestVectors.PG15_SECRET_VERIFIER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.pgwire.message.Authentication;
import io.shardgate.router.errors.SqlError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private static final AuthConfig SCRAM = AuthConfig.of(AuthMethod.SCRAM_SHA_256, List.of(
      UserCredential.ofPassword("app", "s3cret"),
      UserCredential.ofScramVerifier("postgres", ScramVerifier.parse(PG15_SECRET_VERIFIER))));
  private static final AuthConfig MD5 = AuthConfig.of(AuthMethod.MD5, List.of(
      UserCredential.ofPassword("admin", "pw"),
      UserCredential.ofMd5Hash("app", PG15_APP_SECRET_MD5)));

  @Test
  void trustSaysOkAtOnce() {
    Authenticator auth = new Authenticator(AuthConfig.TRUST, "anyone");
    assertEquals(new AuthStep.Authenticated(List.of(Authentication.AUTH_OK)), auth.start());
    assertTrue(auth.isDone());
  }

  @Test
  void scramExchange() {
    for (String[] login : new String[][] {{"app", "s3cret"}, {"postgres", "secret"}}) {
      Authenticator auth = new Authenticator(SCRAM, login[0]);
      AuthStep.Challenge offer = assertInstanceOf(AuthStep.Challenge.class, auth.start());
      assertEquals(List.of("SCRAM-SHA-256"), offer.request().saslMechanisms());
      ScramSha256Client client = new ScramSha256Client(login[1]);
      AuthStep.Challenge serverFirst = assertInstanceOf(AuthStep.Challenge.class,
          auth.onPasswordMessage(saslInitialResponse("SCRAM-SHA-256", client.clientFirst())));
      byte[] clientFinal = client.clientFinal(serverFirst.request().saslContinueData());
      AuthStep.Authenticated done = assertInstanceOf(AuthStep.Authenticated.class, auth.onPasswordMessage(clientFinal));
      assertEquals(2, done.messages().size());
      client.verifyServerFinal(done.messages().get(0).saslFinalData());
      assertEquals(Authentication.AUTH_OK, done.messages().get(1));
      assertTrue(auth.isDone());
    }
  }

  @Test
  void scramWithoutAnInitialResponseGetsAnEmptyChallengeFirst() {
    Authenticator auth = new Authenticator(SCRAM, "app");
    auth.start();
    AuthStep.Challenge empty = assertInstanceOf(AuthStep.Challenge.class,
        auth.onPasswordMessage(saslInitialResponse("SCRAM-SHA-256", null)));
    assertArrayEquals(new byte[0], empty.request().saslContinueData());
    ScramSha256Client client = new ScramSha256Client("s3cret");
    AuthStep.Challenge serverFirst =
        assertInstanceOf(AuthStep.Challenge.class, auth.onPasswordMessage(client.clientFirst()));
    assertInstanceOf(AuthStep.Authenticated.class,
        auth.onPasswordMessage(client.clientFinal(serverFirst.request().saslContinueData())));
  }

  @Test
  void md5Exchange() {
    Authenticator auth = new Authenticator(MD5, "app");
    AuthStep.Challenge challenge = assertInstanceOf(AuthStep.Challenge.class, auth.start());
    byte[] salt = challenge.request().md5Salt();
    assertEquals(new AuthStep.Authenticated(List.of(Authentication.AUTH_OK)),
        auth.onPasswordMessage(passwordMessage(Md5Auth.response(Md5Auth.storedHash("app", "secret"), salt))));

    Authenticator admin = new Authenticator(MD5, "admin");
    byte[] adminSalt = ((AuthStep.Challenge) admin.start()).request().md5Salt();
    assertInstanceOf(AuthStep.Authenticated.class,
        admin.onPasswordMessage(passwordMessage(Md5Auth.response(Md5Auth.storedHash("admin", "pw"), adminSalt))));
  }

  @Test
  void wrongPasswordAndUnknownUserFailIdenticallyWithScram() {
    SqlError wrong = scramFailure("app", "wrong");
    SqlError unknown = scramFailure("ghost", "s3cret");
    assertPasswordFailed(wrong, "app");
    assertPasswordFailed(unknown, "ghost");
    assertPasswordFailed(scramFailure("postgres", "Secret"), "postgres");
  }

  @Test
  void unknownUsersGetAWholeExchangeWithAStableSalt() {
    String first = serverFirstFor("ghost");
    String second = serverFirstFor("ghost");
    String salt = first.substring(first.indexOf(",s="));
    assertEquals(salt, second.substring(second.indexOf(",s=")));
    assertTrue(salt.matches(",s=[A-Za-z0-9+/]{22}==,i=4096"), salt);
    String other = serverFirstFor("phantom");
    assertTrue(!salt.equals(other.substring(other.indexOf(",s="))));
  }

  @Test
  void wrongPasswordAndUnknownUserFailIdenticallyWithMd5() {
    for (String[] login : new String[][] {{"app", "wrong"}, {"ghost", "secret"}}) {
      Authenticator auth = new Authenticator(MD5, login[0]);
      byte[] salt = assertInstanceOf(AuthStep.Challenge.class, auth.start()).request().md5Salt();
      AuthStep step = auth.onPasswordMessage(passwordMessage(Md5Auth.response(Md5Auth.storedHash(login[0], login[1]), salt)));
      assertPasswordFailed(assertInstanceOf(AuthStep.Failed.class, step).error(), login[0]);
      assertTrue(auth.isDone());
    }
    Authenticator empty = new Authenticator(MD5, "app");
    empty.start();
    assertPasswordFailed(((AuthStep.Failed) empty.onPasswordMessage(passwordMessage(""))).error(), "app");
  }

  @Test
  void protocolViolations() {
    assertViolation(SCRAM, saslInitialResponse("SCRAM-SHA-256-PLUS", bytes("p=tls-server-end-point,,n=,r=x")),
        "client selected an invalid SASL authentication mechanism");
    assertViolation(SCRAM, passwordMessage("s3cret"), "invalid authentication message");
    assertViolation(SCRAM, new byte[] {'S', 'C', 0, 0, 0}, "invalid authentication message");
    assertViolation(SCRAM, concat(bytes("SCRAM-SHA-256\0"), ByteBuffer.allocate(4).putInt(9).array(), bytes("n,,")),
        "invalid authentication message");
    assertViolation(SCRAM, saslInitialResponse("SCRAM-SHA-256", bytes("p=tls-server-end-point,,n=,r=x")),
        "SCRAM channel binding is not supported");
    assertViolation(MD5, bytes("md5abc"), "invalid authentication message");
    assertViolation(MD5, bytes("md5\0abc\0"), "invalid authentication message");
  }

  @Test
  void messagesOutOfTurnAreBugsOfTheCaller() {
    Authenticator auth = new Authenticator(SCRAM, "app");
    assertThrows(IllegalStateException.class, () -> auth.onPasswordMessage(new byte[0]));
    Authenticator trust = new Authenticator(AuthConfig.TRUST, "app");
    trust.start();
    assertThrows(IllegalStateException.class, trust::start);
    assertThrows(IllegalStateException.class, () -> trust.onPasswordMessage(new byte[0]));
  }

  @Test
  void saslInitialResponseBodies() {
    SaslInitialResponseBody body = SaslInitialResponseBody.parse(saslInitialResponse("SCRAM-SHA-256", bytes("abc")));
    assertEquals("SCRAM-SHA-256", body.mechanism());
    assertArrayEquals(bytes("abc"), body.data());
    assertNull(SaslInitialResponseBody.parse(saslInitialResponse("X", null)).data());
    assertArrayEquals(new byte[0], SaslInitialResponseBody.parse(saslInitialResponse("X", new byte[0])).data());
  }

  private static SqlError scramFailure(String user, String password) {
    Authenticator auth = new Authenticator(SCRAM, user);
    auth.start();
    ScramSha256Client client = new ScramSha256Client(password);
    AuthStep.Challenge serverFirst = assertInstanceOf(AuthStep.Challenge.class,
        auth.onPasswordMessage(saslInitialResponse("SCRAM-SHA-256", client.clientFirst())));
    AuthStep last = auth.onPasswordMessage(client.clientFinal(serverFirst.request().saslContinueData()));
    assertTrue(auth.isDone());
    return assertInstanceOf(AuthStep.Failed.class, last).error();
  }

  private static String serverFirstFor(String user) {
    Authenticator auth = new Authenticator(SCRAM, user);
    auth.start();
    AuthStep.Challenge c = assertInstanceOf(AuthStep.Challenge.class,
        auth.onPasswordMessage(saslInitialResponse("SCRAM-SHA-256", new ScramSha256Client("x").clientFirst())));
    return new String(c.request().saslContinueData(), StandardCharsets.UTF_8);
  }

  private static void assertPasswordFailed(SqlError e, String user) {
    assertEquals("28P01", e.sqlState());
    assertEquals("password authentication failed for user \"" + user + "\"", e.getMessage());
    assertNull(e.detail());
    assertNull(e.hint());
  }

  private static void assertViolation(AuthConfig config, byte[] body, String message) {
    Authenticator auth = new Authenticator(config, "app");
    auth.start();
    SqlError e = assertInstanceOf(AuthStep.Failed.class, auth.onPasswordMessage(body)).error();
    assertEquals("08P01", e.sqlState());
    assertEquals(message, e.getMessage());
    assertTrue(auth.isDone());
  }

  static byte[] saslInitialResponse(String mechanism, byte[] data) {
    byte[] length = ByteBuffer.allocate(4).putInt(data == null ? -1 : data.length).array();
    return concat(bytes(mechanism + "\0"), length, data == null ? new byte[0] : data);
  }

  static byte[] passwordMessage(String password) {
    return bytes(password + "\0");
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
