package io.shardgate.router.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.LocalPostgres;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.router.RouterSettings;
import io.shardgate.router.frontend.RouterServer;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Provisioner;
import io.shardgate.topology.Topology;
import io.shardgate.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * TLS from the router to the nodes (tls.backend_mode): a node started with ssl = on, a second node
 * without TLS. The node itself reports (pg_stat_ssl) whether the router's connection is encrypted.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendTlsIT {
  private LocalCluster tlsCluster;
  private LocalPostgres tlsNode;
  private LocalPostgres plainNode;
  private Path dir;
  private TestCertificates nodeCert;
  private TestCertificates otherCa;
  private String database;

  @BeforeAll
  void start(LocalCluster plain) throws Exception {
    dir = Files.createTempDirectory("shardgate-backend-tls");
    nodeCert = TestCertificates.selfSigned(dir, "node", "ip:127.0.0.1", "RSA");
    otherCa = TestCertificates.selfSigned(dir, "other", "ip:127.0.0.1");
    tlsCluster = LocalCluster.startThrowaway(1);
    tlsNode = tlsCluster.node(0);
    TlsNode.enable(tlsNode, nodeCert);
    plainNode = plain.node(0);
    database = "backendtls_" + System.nanoTime() % 1_000_000;
    for (LocalPostgres node : new LocalPostgres[] {tlsNode, plainNode}) {
      LocalCluster.execute(node, "postgres", "CREATE DATABASE " + database);
      LocalCluster.execute(node, database, "CREATE TABLE users (id bigint PRIMARY KEY, name text)");
    }
  }

  @AfterAll
  void stop() {
    if (tlsCluster != null) {
      tlsCluster.close();
    }
  }

  /** A router over n1 (the TLS node, home) and, when {@code withPlainNode}, n2 without TLS; one shard on each. */
  private Router router(String tlsYaml, boolean withPlainNode) throws Exception {
    StringBuilder yaml = new StringBuilder("nodes:\n  - name: n1\n    url: " + tlsNode.url(database) + "\n");
    if (withPlainNode) {
      yaml.append("  - name: n2\n    url: ").append(plainNode.url(database)).append('\n');
    }
    yaml.append("home: n1\ncolos:\n  - name: users\n    key_type: bigint\n    tables: {users: id}\n    shards: 2\n")
        .append("    placement: ").append(withPlainNode ? "[n1, n2]" : "[n1, n1]").append('\n')
        .append(tlsYaml);
    Path file = Files.createTempFile(dir, "shardgate", ".yaml");
    Files.writeString(file, yaml);
    Topology topology = TopologyLoader.load(file);
    new Provisioner(topology).provision();
    RouterServer server = new RouterServer(topology, RouterSettings.load(file));
    return new Router(server, server.start("127.0.0.1", 0).getPort(), topology);
  }

  /** A running router and its port. */
  private record Router(RouterServer server, int port, Topology topology) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  private Connection connect(Router router) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + router.port() + "/" + database
        + "?user=postgres&sslmode=disable&preferQueryMode=simple");
  }

  private static boolean backendUsesTls(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertTrue(rs.next());
      return rs.getBoolean(1);
    }
  }

  /** A key whose shard is on {@code node}. */
  private static long keyOn(Topology topology, String node) {
    Colo colo = topology.coloOfTable("users").orElseThrow();
    for (long k = 1; ; k++) {
      if (topology.shardForValue(colo, Long.toString(k)).node().equals(node)) {
        return k;
      }
    }
  }

  @Test
  void verifyFullEncryptsEveryBackendConnection() throws Exception {
    try (Router router = router("tls:\n  backend_mode: verify-full\n  backend_root_cert: " + nodeCert.cert() + "\n",
        false); Connection c = connect(router); Statement s = c.createStatement()) {
      assertTrue(backendUsesTls(c), "home connection over TLS");
      s.executeUpdate("INSERT INTO users (id, name) VALUES (101, 'over tls')");
      try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 101")) {
        assertTrue(rs.next());
        assertEquals("over tls", rs.getString(1));
      }
    }
  }

  @Test
  void preferUsesTlsWhenOfferedAndDisabledDoesNot() throws Exception {
    try (Router router = router("tls:\n  backend_mode: prefer\n", false); Connection c = connect(router)) {
      assertTrue(backendUsesTls(c));
    }
    try (Router router = router("tls:\n  backend_mode: disable\n", false); Connection c = connect(router)) {
      assertFalse(backendUsesTls(c));
    }
  }

  @Test
  void preferFallsBackToPlainTextOnANodeWithoutTls() throws Exception {
    try (Router router = router("tls:\n  backend_mode: prefer\n", true); Connection c = connect(router);
         Statement s = c.createStatement()) {
      long key = keyOn(router.topology(), "n2");
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + key + ", 'plain')");
      try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = " + key)) {
        assertTrue(rs.next());
        assertEquals("plain", rs.getString(1));
      }
      assertTrue(backendUsesTls(c), "the home node offers TLS and gets it");
    }
  }

  @Test
  void requireRefusesANodeWithoutTlsWithAClearErrorAndKeepsServing() throws Exception {
    try (Router router = router("tls:\n  backend_mode: require\n", true); Connection c = connect(router);
         Statement s = c.createStatement()) {
      long plainKey = keyOn(router.topology(), "n2");
      long tlsKey = keyOn(router.topology(), "n1");
      for (int attempt = 0; attempt < 2; attempt++) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT name FROM users WHERE id = " + plainKey));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("node \"n2\" does not accept TLS connections"), e.getMessage());
      }
      // the same session, and the TLS node, still work
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + tlsKey + ", 'still serving') ON CONFLICT (id) DO NOTHING");
      try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = " + tlsKey)) {
        assertTrue(rs.next());
      }
      assertTrue(backendUsesTls(c));
    }
  }

  @Test
  void aNodeCertificateFromAnotherCaIsRefused() throws Exception {
    try (Router router = router("tls:\n  backend_mode: verify-ca\n  backend_root_cert: " + otherCa.cert() + "\n",
        false)) {
      SQLException e = assertThrows(SQLException.class, () -> connect(router).close());
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().contains("cannot connect to node \"n1\" over TLS"), e.getMessage());
    }
    try (Router router = router("tls:\n  backend_mode: verify-ca\n  backend_root_cert: " + nodeCert.cert() + "\n",
        false); Connection c = connect(router)) {
      assertTrue(backendUsesTls(c));
    }
  }
}
