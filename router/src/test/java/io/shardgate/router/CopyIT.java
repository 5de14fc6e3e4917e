package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/** COPY through the router: split by shard key on the way in, one stream on the way out, all or nothing. */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopyIT {
  private ShardedFixture fx;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster);
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  private CopyManager copy(Connection c) throws SQLException {
    return new CopyManager(c.unwrap(BaseConnection.class));
  }

  /** Rows of public.users per shard, as PostgreSQL's own hash places them, counted on the nodes. */
  private Map<Integer, Long> rowsPerShard(String where) throws Exception {
    Map<Integer, Long> counts = new HashMap<>();
    Colo colo = fx.topology.coloOfTable("users").orElseThrow();
    for (Shard shard : colo.shards()) {
      int n = fx.topology.nodes().indexOf(fx.topology.node(shard.node()));
      try (Connection d = fx.direct(n); Statement s = d.createStatement()) {
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + shard.schemaName() + ".users WHERE " + where);
        rs.next();
        counts.put(shard.number(), rs.getLong(1));
      }
    }
    return counts;
  }

  private long totalDirect(String where) throws Exception {
    long total = 0;
    for (int n = 0; n < 2; n++) {
      try (Connection d = fx.direct(n); Statement s = d.createStatement()) {
        ResultSet rs = s.executeQuery("SELECT count(*) FROM public.users WHERE " + where);
        rs.next();
        total += rs.getLong(1);
      }
    }
    return total;
  }

  @Test
  void copyFromStdinSplitsRowsByShardKey() throws Exception {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      data.append(200_000 + i).append('\t').append("copy\\tname ").append(i).append('\t').append(i % 3 == 0 ? "\\N" : "e" + i)
          .append('\n');
    }
    try (Connection c = fx.connect()) {
      long n = copy(c).copyIn("COPY users (id, name, email) FROM STDIN", new StringReader(data.toString()));
      assertEquals(1000, n);
    }
    assertEquals(1000, totalDirect("id >= 200000 AND id < 201000"), "each row stored once");
    Map<Integer, Long> perShard = rowsPerShard("id >= 200000 AND id < 201000");
    assertEquals(1000, perShard.values().stream().mapToLong(Long::longValue).sum(), "each row visible in its own shard view");
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT name, email FROM users WHERE id = 200003");
      assertTrue(rs.next());
      assertEquals("copy\tname 3", rs.getString(1));
      assertEquals(null, rs.getString(2));
    }
  }

  @Test
  void csvWithHeaderQuotesAndNoColumnList() throws Exception {
    String csv = "id,name,email\n"
        + "210001,\"Smith, Ann\",a@x\n"
        + "210002,\"multi\nline\",\n"
        + "210003,\"say \"\"hi\"\"\",c@x\n";
    try (Connection c = fx.connect()) {
      long n = copy(c).copyIn("COPY users FROM STDIN WITH (FORMAT csv, HEADER true)", new StringReader(csv));
      assertEquals(3, n);
      try (Statement s = c.createStatement()) {
        ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 210002");
        assertTrue(rs.next());
        assertEquals("multi\nline", rs.getString(1));
        rs = s.executeQuery("SELECT name FROM users WHERE id = 210003");
        assertTrue(rs.next());
        assertEquals("say \"hi\"", rs.getString(1));
      }
    }
  }

  @Test
  void rowWithoutKeyLoadsNothing() throws Exception {
    String data = "220001\tok\n\\N\tno key\n220002\tok too\n";
    try (Connection c = fx.connect()) {
      SQLException e = assertThrows(SQLException.class,
          () -> copy(c).copyIn("COPY users (id, name) FROM STDIN", new StringReader(data)));
      assertEquals("22P04", e.getSQLState());
      try (Statement s = c.createStatement()) {
        assertTrue(s.executeQuery("SELECT 1").next(), "session goes on");
      }
    }
    assertEquals(0, totalDirect("id IN (220001, 220002)"));
  }

  @Test
  void constraintViolationOnOneShardRollsBackEveryShard() throws Exception {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      data.append(230_000 + i).append("\tx\n");
    }
    data.append("230050\tduplicate\n");
    try (Connection c = fx.connect()) {
      SQLException e = assertThrows(SQLException.class,
          () -> copy(c).copyIn("COPY users (id, name) FROM STDIN", new StringReader(data.toString())));
      assertEquals("23505", e.getSQLState());
    }
    assertEquals(0, totalDirect("id >= 230000 AND id < 230100"), "nothing half-loaded");
  }

  @Test
  void copyToStdoutStreamsEveryShardOnce() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      for (int i = 0; i < 50; i++) {
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + (240_000 + i) + ", 'out')");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long n = copy(c).copyOut("COPY users TO STDOUT WITH (FORMAT csv, HEADER)", out);
      String text = out.toString(StandardCharsets.UTF_8);
      long expected = totalDirect("true");
      assertEquals(expected, n);
      String[] lines = text.split("\n");
      assertEquals("id,name,email", lines[0]);
      assertEquals(1, text.lines().filter(l -> l.equals("id,name,email")).count(), "one header for all shards");
      assertEquals(50, text.lines().filter(l -> l.endsWith(",out,")).count());
    }
  }

  @Test
  void unshardedTablesCopyThroughTheHomeNode() throws Exception {
    try (Connection c = fx.connect()) {
      long n = copy(c).copyIn("COPY plans (name, price) FROM STDIN", new StringReader("gold\t99\nsilver\t49\n"));
      assertEquals(2, n);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copy(c).copyOut("COPY (SELECT name FROM plans ORDER BY price) TO STDOUT", out);
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("silver\ngold"), out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void clientVanishingMidCopyLoadsNothingAndRouterServesOthers() throws Exception {
    Connection c = fx.connect();
    CopyIn in = copy(c).copyIn("COPY users (id, name) FROM STDIN");
    byte[] rows = "250001\ta\n250002\tb\n".getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(rows, 0, rows.length);
    in.flushCopy();
    ((org.postgresql.jdbc.PgConnection) c).getQueryExecutor().close();
    Thread.sleep(500);
    try (Connection other = fx.connect(); Statement s = other.createStatement()) {
      assertTrue(s.executeQuery("SELECT 1").next());
    }
    assertEquals(0, totalDirect("id IN (250001, 250002)"));
    for (int n = 0; n < 2; n++) {
      try (Connection d = fx.direct(n); Statement s = d.createStatement()) {
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            + "AND (state LIKE 'idle in transaction%' OR query LIKE 'COPY%' AND state = 'active')");
        rs.next();
        assertEquals(0, rs.getInt(1), "no backend stuck in COPY or in a transaction on node " + n);
      }
    }
  }
}
