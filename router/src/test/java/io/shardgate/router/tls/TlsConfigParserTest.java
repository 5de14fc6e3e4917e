package io.shardgate.router.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.router.errors.SqlError;
import io.shardgate.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigParserTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    Files.writeString(dir.resolve("server.crt"), "cert");
    Files.writeString(dir.resolve("server.key"), "key");
    Files.writeString(dir.resolve("root.crt"), "root");
  }

  @Test
  void noTlsSectionMeansPlainText() {
    assertSame(TlsConfig.DISABLED, TlsConfigParser.parse("listen: 127.0.0.1:6432\n", dir));
    assertEquals(TlsConfig.DISABLED, TlsConfigParser.parse("tls: {}\n", dir));
  }

  @Test
  void readsEveryKeyAndResolvesRelativePaths() {
    TlsConfig config = TlsConfigParser.parse("""
        tls:
          mode: required
          cert: server.crt
          key: %s
          backend_mode: verify-full
          backend_root_cert: root.crt
        """.formatted(dir.resolve("server.key")), dir);
    assertEquals(new TlsConfig(TlsMode.REQUIRED, Optional.of(dir.resolve("server.crt")),
        Optional.of(dir.resolve("server.key")), BackendTlsMode.VERIFY_FULL, Optional.of(dir.resolve("root.crt"))), config);
    assertEquals(BackendTlsMode.REQUIRE,
        TlsConfigParser.parse("tls: {mode: Optional, cert: server.crt, key: server.key, backend_mode: require}", dir)
            .backendMode());
    assertEquals(BackendTlsMode.PREFER, TlsConfigParser.parse("tls: {backend_mode: prefer}", dir).backendMode());
    assertEquals(BackendTlsMode.DISABLED, TlsConfigParser.parse("tls: {backend_mode: disable}", dir).backendMode());
  }

  @Test
  void loadResolvesAgainstTheConfigFilesDirectory() throws Exception {
    Path file = dir.resolve("shardgate.yaml");
    Files.writeString(file, """
        nodes: [{name: n1, url: "postgresql://postgres@127.0.0.1:55432/app"}]
        home: n1
        tls: {mode: optional, cert: server.crt, key: server.key}
        """);
    TopologyLoader.load(file);
    assertEquals(Optional.of(dir.resolve("server.crt")), TlsConfigParser.load(file).cert());
  }

  @Test
  void errorsNameTheProblem() {
    assertError("tls: {mode: enabled}", "tls", "unknown mode \"enabled\"", "disabled, optional, required");
    assertError("tls: {mode: on}", "unknown mode \"true\"", "YAML reads unquoted on");
    assertError("tls: {backend_mode: allow}", "unknown backend_mode \"allow\"", "prefer", "verify-full");
    assertError("tls: {mode: required}", "mode required needs both cert and key");
    assertError("tls: {mode: optional, cert: server.crt}", "mode optional needs both cert and key");
    assertError("tls: {backend_mode: verify-full}", "backend_mode verify-full needs backend_root_cert");
    assertError("tls: {mode: required, cert: missing.crt, key: server.key}", "cert file", "missing.crt", "does not exist");
    assertError("tls: {mode: required, cert: ., key: server.key}", "cert file", "is not a readable file");
    assertError("tls: {mode: required, certificate: server.crt}", "unknown key certificate", "allowed: backend_mode");
  }

  private void assertError(String yaml, String... fragments) {
    SqlError e = assertThrows(SqlError.class, () -> TlsConfigParser.parse(yaml, dir));
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }
    assertEquals("F0000", e.sqlState());
  }
}
