package io.shardgate.router.auth;

import static io.shardgate.router.auth.ScramTestVectors.PG15_APP_SECRET_MD5;
import static io.shardgate.router.auth.ScramTestVectors.PG15_SECRET_VERIFIER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.router.errors.SqlError;
import io.shardgate.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigParserTest {
  private static final String TOPOLOGY = """
      nodes:
        - {name: n1, url: "postgresql://postgres@127.0.0.1:55432/app"}
      home: n1
      """;

  @Test
  void noAuthSectionMeansTrust() {
    assertSame(AuthConfig.TRUST, AuthConfigParser.parse(TOPOLOGY));
    assertSame(AuthConfig.TRUST, AuthConfigParser.parse(TOPOLOGY + "auth:\n"));
  }

  @Test
  void readsAllThreeKindsOfCredential() {
    String yaml = TOPOLOGY + """
        auth:
          users:
            - name: app
              password: s3cret
            - name: postgres
              scram_verifier: "%s"
        """.formatted(PG15_SECRET_VERIFIER);
    TopologyLoader.parse(yaml); // the topology loader lets the section through
    AuthConfig config = AuthConfigParser.parse(yaml);
    assertEquals(AuthMethod.SCRAM_SHA_256, config.method());
    UserCredential app = config.user("app").orElseThrow();
    assertTrue(app.scramVerifier().isPresent());
    assertEquals(Optional.of(Md5Auth.storedHash("app", "s3cret")), app.md5Hash());
    assertFalse(app.toString().contains("s3cret"));
    assertEquals(Optional.of(ScramVerifier.parse(PG15_SECRET_VERIFIER)), config.user("postgres").orElseThrow().scramVerifier());
    assertEquals(Optional.empty(), config.user("nobody"));

    AuthConfig md5 = AuthConfigParser.parse("""
        auth:
          method: MD5
          users:
            - {name: app, md5_hash: %s}
            - {name: admin, password: pw}
        """.formatted(PG15_APP_SECRET_MD5));
    assertEquals(AuthMethod.MD5, md5.method());
    assertEquals(Optional.of(PG15_APP_SECRET_MD5), md5.user("app").orElseThrow().md5Hash());
    assertEquals(List.of("admin", "app"), md5.users().keySet().stream().sorted().toList());
  }

  @Test
  void trustMayStillListUsers() {
    assertEquals(AuthMethod.TRUST, AuthConfigParser.parse("auth: {method: trust}").method());
    assertEquals(AuthMethod.TRUST,
        AuthConfigParser.parse("auth: {method: trust, users: [{name: a, md5_hash: " + PG15_APP_SECRET_MD5 + "}]}").method());
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shardgate.yaml");
    Files.writeString(file, TOPOLOGY + "auth: {method: md5, users: [{name: app, password: x}]}\n");
    assertEquals(AuthMethod.MD5, AuthConfigParser.load(file).method());
    assertError(() -> AuthConfigParser.load(dir.resolve("missing.yaml")), "cannot read config file", "missing.yaml");
  }

  @Test
  void errorsNameTheProblem() {
    assertError("auth: {method: password, users: [{name: a, password: x}]}", "auth", "unknown method \"password\"",
        "trust, md5, scram-sha-256");
    assertError("auth: {users: [{name: app}]}", "auth user \"app\"", "no credential");
    assertError("auth: {users: [{name: app, password: x, md5_hash: " + PG15_APP_SECRET_MD5 + "}]}",
        "auth user \"app\"", "only one of");
    assertError("auth: {method: md5, users: [{name: pg, scram_verifier: \"" + PG15_SECRET_VERIFIER + "\"}]}",
        "user \"pg\" has only a scram_verifier, which cannot check md5 logins");
    assertError("auth: {users: [{name: app, md5_hash: " + PG15_APP_SECRET_MD5 + "}]}",
        "user \"app\" has only an md5_hash, which cannot check SCRAM logins");
    assertError("auth: {users: [{name: app, scram_verifier: \"SCRAM-SHA-256$4096:abc\"}]}",
        "auth user \"app\"", "scram_verifier: ");
    assertError("auth: {users: [{name: app, md5_hash: md5abc}]}", "auth user \"app\"", "md5_hash is not");
    assertError("auth: {users: [{name: app, password: \"\"}]}", "password is empty");
    assertError("auth: {users: [{password: x}]}", "auth.users[0]", "missing key name");
    assertError("auth: {users: [{name: a, password: x}, {name: a, password: y}]}", "user \"a\" is listed twice");
    assertError("auth: {method: scram-sha-256}", "needs at least one user");
    assertError("auth: {method: md5, user: []}", "auth", "unknown key user");
    assertError("auth: {users: [{name: a, pasword: x}]}", "unknown key pasword");
    assertError("auth: {users: {name: a}}", "users must be a list");
    assertError("auth: [a]", "auth must be a mapping");
    assertError("auth: {method: [md5]}", "method must be a single value");
    assertError("auth: {}\nauth: {}\n", "not valid YAML");
  }

  private static void assertError(String yaml, String... fragments) {
    assertError(() -> AuthConfigParser.parse(yaml), fragments);
  }

  private static void assertError(org.junit.jupiter.api.function.Executable parse, String... fragments) {
    SqlError e = assertThrows(SqlError.class, parse);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }
    assertEquals("F0000", e.sqlState());
  }
}
