package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.LocalPostgres;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.router.frontend.RouterServer;
import io.shardgate.router.tx.Failpoint;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Provisioner;
import io.shardgate.topology.Topology;
import io.shardgate.topology.TopologyLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's crash tests of two-phase commit. The router runs as a real process and is killed with SIGKILL at
 * each step between PREPARE and COMMIT PREPARED of a transaction that wrote on three nodes; a new router's
 * recovery must then leave the transaction fully committed or fully rolled back on every node, with no
 * prepared transaction left anywhere. Also: a node stopped during PREPARE, and a node lost after the decision.
 */
@PostgresNodes(3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoPhaseCrashIT {
  private LocalCluster cluster;
  private String database;
  private Path config;
  private Topology topology;
  private final AtomicLong nextId = new AtomicLong(1000);

  @BeforeAll
  void setUp(LocalCluster cluster) throws Exception {
    this.cluster = cluster;
    this.database = cluster.createDatabase("twophase");
    StringBuilder yaml = new StringBuilder("listen: 127.0.0.1:0\nnodes:\n");
    for (int i = 0; i < 3; i++) {
      LocalCluster.execute(cluster.node(i), database, "CREATE TABLE users (id bigint PRIMARY KEY, name text)");
      yaml.append("  - name: n").append(i + 1).append("\n    url: ").append(cluster.node(i).url(database)).append('\n');
    }
    yaml.append("home: n1\ncolos:\n  - name: users\n    key_type: bigint\n    tables: {users: id}\n    shards: 6\n")
        .append("    placement: [n1, n1, n2, n2, n3, n3]\ntransactions:\n  recovery_interval_s: 3600\n");
    config = Files.createTempFile("shardgate-2pc", ".yaml");
    Files.writeString(config, yaml);
    topology = TopologyLoader.load(config);
    new Provisioner(topology).provision();
  }

  @AfterAll
  void tearDown() throws Exception {
    Files.deleteIfExists(config);
  }

  private long idOn(int node) {
    Colo colo = topology.coloOfTable("users").orElseThrow();
    while (true) {
      long id = nextId.incrementAndGet();
      if (topology.shardForValue(colo, Long.toString(id)).node().equals("n" + (node + 1))) {
        return id;
      }
    }
  }

  private boolean onNode(int node, long id) throws SQLException {
    try (Connection c = DriverManager.getConnection(cluster.node(node).jdbcUrl(database));
         ResultSet rs = c.createStatement().executeQuery("SELECT 1 FROM public.users WHERE id = " + id)) {
      return rs.next();
    }
  }

  private int prepared(int node) throws SQLException {
    try (Connection c = DriverManager.getConnection(cluster.node(node).jdbcUrl(database));
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private Connection connectTo(int port) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database
        + "?user=postgres&sslmode=disable&preferQueryMode=simple");
  }

  /** A router process with {@code failpoint} armed; its stderr lines go to {@code lines}. */
  private record RouterProcess(Process process, int port, LinkedBlockingQueue<String> lines) {}

  private RouterProcess startRouter(String failpoint) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path jar = Path.of("target", "shardgate.jar").toAbsolutePath();
    assertTrue(Files.exists(jar), "the shaded jar is built in the package phase: " + jar);
    Process p = new ProcessBuilder(java.toString(), "-Dshardgate.failpoint=" + failpoint, "-jar", jar.toString(),
        "serve", "--config", config.toString(), "--listen", "127.0.0.1:0").redirectErrorStream(true).start();
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (java.io.IOException ignored) {
        // the process died
      }
    });
    reader.setDaemon(true);
    reader.start();
    String listening = await(lines, "shardgate listening on ");
    int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1).trim());
    return new RouterProcess(p, port, lines);
  }

  private static String await(LinkedBlockingQueue<String> lines, String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        continue;
      }
      seen.add(line);
      int at = line.indexOf(prefix);
      if (at >= 0) {
        return line.substring(at);
      }
    }
    throw new AssertionError("router never printed \"" + prefix + "\"; it printed:\n" + String.join("\n", seen));
  }

  /** A new router on the same config: its recovery finishes what the killed one left. */
  private void recover() throws Exception {
    try (RouterServer router = new RouterServer(topology, RouterSettings.load(config))) {
      router.start("127.0.0.1", 0);
      router.recoverInDoubt();
    }
  }

  @ParameterizedTest(name = "SIGKILL {0}: {1}")
  @CsvSource({
      "after-prepare, rolled back",
      "after-decision, committed",
      "after-first-commit-prepared, committed"})
  void routerKilledBetweenPrepareAndCommitPrepared(String failpoint, String expected) throws Exception {
    long[] ids = {idOn(0), idOn(1), idOn(2)};
    RouterProcess router = startRouter(failpoint);
    try {
      Connection c = connectTo(router.port());
      Statement s = c.createStatement();
      s.execute("BEGIN");
      for (long id : ids) {
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + id + ", 'crash')");
      }
      CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
        try {
          s.execute("COMMIT");
        } catch (SQLException e) {
          // the router dies under it
        }
      });
      assertNotNull(await(router.lines(), "FAILPOINT " + failpoint));
      router.process().destroyForcibly(); // SIGKILL
      assertTrue(router.process().waitFor(30, TimeUnit.SECONDS));
      commit.get(30, TimeUnit.SECONDS);
      c.close();
    } finally {
      router.process().destroyForcibly();
    }
    assertTrue(prepared(1) + prepared(2) > 0, "the killed router left prepared transactions behind");
    recover();
    boolean committed = expected.equals("committed");
    for (int n = 0; n < 3; n++) {
      assertEquals(committed, onNode(n, ids[n]), "node n" + (n + 1) + " after recovery of " + failpoint);
      assertEquals(0, prepared(n), "no prepared transaction left on n" + (n + 1));
    }
  }

  @Test
  void routerKilledAfterTheDecisionWithoutAnAnchor() throws Exception {
    // writes on n2 and n3 only: the commit record goes to the control node n1 in a transaction of its own
    long[] ids = {idOn(1), idOn(2)};
    RouterProcess router = startRouter(Failpoint.AFTER_DECISION);
    try (Connection c = connectTo(router.port()); Statement s = c.createStatement()) {
      s.execute("BEGIN");
      for (long id : ids) {
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + id + ", 'no anchor')");
      }
      CompletableFuture.runAsync(() -> {
        try {
          s.execute("COMMIT");
        } catch (SQLException e) {
          // the router dies under it
        }
      });
      await(router.lines(), "FAILPOINT " + Failpoint.AFTER_DECISION);
      router.process().destroyForcibly();
      router.process().waitFor(30, TimeUnit.SECONDS);
    } catch (SQLException e) {
      // closing the dead connection
    } finally {
      router.process().destroyForcibly();
    }
    assertEquals(2, prepared(1) + prepared(2));
    recover();
    assertTrue(onNode(1, ids[0]));
    assertTrue(onNode(2, ids[1]));
    assertEquals(0, prepared(0) + prepared(1) + prepared(2));
  }

  @Test
  void nodeStoppedDuringPrepare() throws Exception {
    long[] ids = {idOn(0), idOn(1), idOn(2)};
    LocalPostgres n3 = cluster.node(2);
    try (RouterServer router = new RouterServer(topology, RouterSettings.load(config))) {
      int port = router.start("127.0.0.1", 0).getPort();
      Failpoint.arm(Failpoint.BEFORE_PREPARE, n3::kill);
      try (Connection c = connectTo(port); Statement s = c.createStatement()) {
        s.execute("BEGIN");
        for (long id : ids) {
          s.executeUpdate("INSERT INTO users (id, name) VALUES (" + id + ", 'node dies')");
        }
        SQLException e = assertThrows(SQLException.class, () -> s.execute("COMMIT"));
        assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + " " + e.getMessage());
      } finally {
        Failpoint.disarm(Failpoint.BEFORE_PREPARE);
        n3.restart();
      }
      router.recoverInDoubt();
    }
    for (int n = 0; n < 3; n++) {
      assertEquals(false, onNode(n, ids[n]), "rolled back on n" + (n + 1));
      assertEquals(0, prepared(n));
    }
  }

  @Test
  void nodeLostAfterTheDecisionIsCommittedByRecovery() throws Exception {
    long[] ids = {idOn(0), idOn(1), idOn(2)};
    LocalPostgres n3 = cluster.node(2);
    try (RouterServer router = new RouterServer(topology, RouterSettings.load(config))) {
      int port = router.start("127.0.0.1", 0).getPort();
      // n3 has prepared when the decision is made; it crashes before COMMIT PREPARED reaches it
      Failpoint.arm(Failpoint.AFTER_DECISION, n3::kill);
      try (Connection c = connectTo(port); Statement s = c.createStatement()) {
        s.execute("BEGIN");
        for (long id : ids) {
          s.executeUpdate("INSERT INTO users (id, name) VALUES (" + id + ", 'decided')");
        }
        s.execute("COMMIT"); // the decision is durable: the client is told COMMIT
      } finally {
        Failpoint.disarm(Failpoint.AFTER_DECISION);
        n3.restart();
      }
      assertEquals(1, prepared(2), "a prepared transaction survives the node's crash");
      router.recoverInDoubt();
    }
    for (int n = 0; n < 3; n++) {
      assertTrue(onNode(n, ids[n]), "committed on n" + (n + 1));
      assertEquals(0, prepared(n));
    }
  }
}
