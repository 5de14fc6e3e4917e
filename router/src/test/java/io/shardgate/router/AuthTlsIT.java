package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.LocalPostgres;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.router.frontend.RouterServer;
import io.shardgate.router.tls.TestCertificates;
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

/** Client authentication (SCRAM-SHA-256, md5), TLS to clients, and SCRAM from the router to a node. */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTlsIT {
  private ShardedFixture scram;
  private ShardedFixture md5;
  private Path certDir;
  private TestCertificates cert;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    certDir = Files.createTempDirectory("shardgate-certs");
    cert = TestCertificates.selfSigned(certDir, "router", "dns:localhost,ip:127.0.0.1");
    scram = new ShardedFixture(cluster, "auth:\n  method: scram-sha-256\n  users:\n    - name: app\n      password: s3cret\n"
        + "tls:\n  mode: required\n  cert: " + cert.cert() + "\n  key: " + cert.key() + "\n");
    md5 = new ShardedFixture(cluster, "auth:\n  method: md5\n  users:\n    - name: app\n      password: s3cret\n");
  }

  @AfterAll
  void stop() {
    scram.close();
    md5.close();
  }

  private Connection connect(ShardedFixture fx, String user, String password, String ssl) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fx.port + "/" + fx.database + "?user=" + user
        + "&password=" + password + ssl);
  }

  private static int one(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void scramOverVerifiedTls() throws Exception {
    try (Connection c = connect(scram, "app", "s3cret", "&sslmode=verify-full&sslrootcert=" + cert.cert())) {
      assertEquals(1, one(c));
    }
  }

  @Test
  void wrongPasswordAndUnknownUserFailAlike() {
    SQLException wrong = assertThrows(SQLException.class, () -> connect(scram, "app", "nope", "&sslmode=require"));
    SQLException unknown = assertThrows(SQLException.class, () -> connect(scram, "mallory", "nope", "&sslmode=require"));
    assertEquals("28P01", wrong.getSQLState());
    assertEquals("28P01", unknown.getSQLState());
    assertTrue(wrong.getMessage().contains("password authentication failed for user \"app\""), wrong.getMessage());
    assertTrue(unknown.getMessage().contains("password authentication failed for user \"mallory\""), unknown.getMessage());
  }

  @Test
  void plainTextIsRefusedWhenTlsIsRequired() {
    SQLException e = assertThrows(SQLException.class, () -> connect(scram, "app", "s3cret", "&sslmode=disable"));
    assertEquals("28000", e.getSQLState());
  }

  @Test
  void md5Authentication() throws Exception {
    try (Connection c = connect(md5, "app", "s3cret", "&sslmode=disable")) {
      assertEquals(1, one(c));
    }
    SQLException e = assertThrows(SQLException.class, () -> connect(md5, "app", "wrong", "&sslmode=disable"));
    assertEquals("28P01", e.getSQLState());
  }

  @Test
  void routerLogsInToANodeWithScram() throws Exception {
    try (LocalCluster single = LocalCluster.startThrowaway(1)) {
      LocalPostgres node = single.node(0);
      String db = single.createDatabase("scramnode");
      LocalCluster.execute(node, "postgres", "SET password_encryption = 'scram-sha-256'; "
          + "CREATE ROLE sg_node LOGIN PASSWORD 'n0de-pass'");
      LocalCluster.execute(node, db, "CREATE TABLE users (id bigint PRIMARY KEY, name text); GRANT ALL ON users TO sg_node; "
          + "GRANT CREATE ON DATABASE " + db + " TO sg_node");
      Files.writeString(node.dataDir().resolve("pg_hba.conf"),
          "host all sg_node 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\n");
      LocalCluster.execute(node, "postgres", "SELECT pg_reload_conf()");
      var topology = TopologyLoader.parse("nodes:\n  - name: n1\n    url: postgresql://sg_node:n0de-pass@127.0.0.1:"
          + node.port() + "/" + db + "\nhome: n1\ncolos:\n  - name: users\n    key_type: bigint\n    tables: {users: id}\n"
          + "    shards: 2\n");
      new io.shardgate.topology.Provisioner(topology).provision();
      try (RouterServer router = new RouterServer(topology)) {
        int port = router.start("127.0.0.1", 0).getPort();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db
            + "?user=whoever&sslmode=disable"); Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO users (id, name) VALUES (1, 'via scram')");
          ResultSet rs = s.executeQuery("SELECT name, current_user FROM users WHERE id = 1");
          assertTrue(rs.next());
          assertEquals("via scram", rs.getString(1));
          assertEquals("sg_node", rs.getString(2));
        }
      }
    }
  }
}
