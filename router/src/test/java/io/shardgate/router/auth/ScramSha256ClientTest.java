package io.shardgate.router.auth;

import static io.shardgate.router.auth.ScramSha256ServerTest.bytes;
import static io.shardgate.router.auth.ScramSha256ServerTest.text;
import static io.shardgate.router.auth.ScramTestVectors.*;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.router.errors.SqlError;
import org.junit.jupiter.api.Test;

class ScramSha256ClientTest {
  @Test
  void rfc7677TestVector() {
    ScramSha256Client client = new ScramSha256Client(RFC_USER, RFC_PASSWORD, RFC_CLIENT_NONCE);
    assertEquals(RFC_CLIENT_FIRST, text(client.clientFirst()));
    assertEquals(RFC_CLIENT_FINAL, text(client.clientFinal(bytes(RFC_SERVER_FIRST))));
    assertDoesNotThrow(() -> client.verifyServerFinal(bytes(RFC_SERVER_FINAL)));
  }

  @Test
  void sendsAnEmptyUserNameAndAFreshNonceLikeLibpq() {
    String first = text(new ScramSha256Client("pw").clientFirst());
    assertTrue(first.startsWith("n,,n=,r="), first);
    assertEquals("n,,n=,r=".length() + 24, first.length());
    assertTrue(!first.equals(text(new ScramSha256Client("pw").clientFirst())));
  }

  @Test
  void rejectsAWrongServerSignature() {
    ScramSha256Client client = atFinal();
    SqlError e = assertThrows(SqlError.class,
        () -> client.verifyServerFinal(bytes("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
    assertEquals("28000", e.sqlState());
    assertEquals("incorrect server signature in SCRAM exchange", e.getMessage());
  }

  @Test
  void rejectsAServerThatPosesWithoutTheSecret() {
    // A server with another password's verifier but the same salt: its signature cannot match.
    ScramVerifier impostor = ScramVerifier.fromPassword("not pencil", RFC_SALT, RFC_ITERATIONS);
    ScramSha256Server server = new ScramSha256Server(RFC_USER, impostor);
    ScramSha256Client client = new ScramSha256Client(RFC_PASSWORD);
    byte[] clientFinal = client.clientFinal(server.start(client.clientFirst()));
    assertThrows(SqlError.class, () -> server.finish(clientFinal));
  }

  @Test
  void reportsServerErrorsAndMalformedMessages() {
    assertEquals("the server rejected the SCRAM exchange: invalid-proof",
        assertThrows(SqlError.class, () -> atFinal().verifyServerFinal(bytes("e=invalid-proof"))).getMessage());
    assertEquals("08P01", assertThrows(SqlError.class, () -> atFinal().verifyServerFinal(bytes("x=1"))).sqlState());
    assertEquals("08P01", assertThrows(SqlError.class, () -> atFinal().verifyServerFinal(bytes("v=!!"))).sqlState());
    assertServerFirstRejected("r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "nonce");
    assertServerFirstRejected("r=" + RFC_CLIENT_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "nonce");
    assertServerFirstRejected("r=" + RFC_CLIENT_NONCE + "x,s=!!,i=4096", "salt");
    assertServerFirstRejected("r=" + RFC_CLIENT_NONCE + "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=lots", "iteration");
    assertServerFirstRejected("r=" + RFC_CLIENT_NONCE + "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0", "out of range");
    assertServerFirstRejected("r=" + RFC_CLIENT_NONCE + "x,i=4096", "r=, s=, i=");
  }

  private static ScramSha256Client atFinal() {
    ScramSha256Client client = new ScramSha256Client(RFC_USER, RFC_PASSWORD, RFC_CLIENT_NONCE);
    client.clientFirst();
    client.clientFinal(bytes(RFC_SERVER_FIRST));
    return client;
  }

  private static void assertServerFirstRejected(String serverFirst, String detailFragment) {
    ScramSha256Client client = new ScramSha256Client(RFC_USER, RFC_PASSWORD, RFC_CLIENT_NONCE);
    client.clientFirst();
    SqlError e = assertThrows(SqlError.class, () -> client.clientFinal(bytes(serverFirst)));
    assertEquals("08P01", e.sqlState());
    assertTrue(e.detail().contains(detailFragment), e.detail());
  }
}
