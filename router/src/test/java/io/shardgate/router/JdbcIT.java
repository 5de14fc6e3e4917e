package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** pgJDBC in its default extended-protocol mode through the router. */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcIT {
  private ShardedFixture fx;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster);
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  private Connection connect(String extra) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fx.port + "/" + fx.database
        + "?user=postgres&sslmode=disable" + extra);
  }

  @ParameterizedTest
  @ValueSource(strings = {"&prepareThreshold=1", "&prepareThreshold=5", "&prepareThreshold=0",
      "&prepareThreshold=1&binaryTransfer=true", "&prepareThreshold=-1"})
  void preparedStatementsRouteByParameter(String mode) throws Exception {
    long base = 100_000L * (Math.abs(mode.hashCode()) % 1000 + 1);
    try (Connection c = connect(mode);
         PreparedStatement ins = c.prepareStatement("INSERT INTO users (id, name) VALUES (?, ?)");
         PreparedStatement sel = c.prepareStatement("SELECT name, id FROM users WHERE id = ?")) {
      for (long id = base; id < base + 40; id++) {
        ins.setLong(1, id);
        ins.setString(2, "n" + id);
        assertEquals(1, ins.executeUpdate());
      }
      for (long id = base; id < base + 40; id++) {
        sel.setLong(1, id);
        try (ResultSet rs = sel.executeQuery()) {
          assertTrue(rs.next(), "row " + id + " in " + mode);
          assertEquals("n" + id, rs.getString(1));
          assertEquals(id, rs.getLong(2));
          assertFalse(rs.next());
        }
      }
      // an int parameter for a bigint key hashes the same
      sel.setInt(1, (int) base);
      try (ResultSet rs = sel.executeQuery()) {
        assertTrue(rs.next());
      }
    }
    try (Connection d = fx.direct(0); Connection d2 = fx.direct(1);
         Statement s1 = d.createStatement(); Statement s2 = d2.createStatement()) {
      ResultSet a = s1.executeQuery("SELECT count(*) FROM public.users WHERE id >= " + base + " AND id < " + (base + 40));
      ResultSet b = s2.executeQuery("SELECT count(*) FROM public.users WHERE id >= " + base + " AND id < " + (base + 40));
      a.next();
      b.next();
      assertEquals(40, a.getInt(1) + b.getInt(1), "each row stored exactly once");
    }
  }

  @Test
  void batchAcrossShardsInsertsEveryRow() throws Exception {
    try (Connection c = connect(""); PreparedStatement ins = c.prepareStatement("INSERT INTO users (id, name) VALUES (?, ?)")) {
      for (long id = 50_000; id < 50_100; id++) {
        ins.setLong(1, id);
        ins.setString(2, "batch");
        ins.addBatch();
      }
      int[] counts = ins.executeBatch();
      assertEquals(100, counts.length);
      try (PreparedStatement sel = c.prepareStatement("SELECT count(*) FROM users WHERE id = ? AND name = 'batch'")) {
        for (long id = 50_000; id < 50_100; id++) {
          sel.setLong(1, id);
          ResultSet rs = sel.executeQuery();
          rs.next();
          assertEquals(1, rs.getInt(1), "row " + id);
        }
      }
    }
  }

  @Test
  void transactionsWithPreparedStatements() throws Exception {
    try (Connection c = connect("&prepareThreshold=1")) {
      c.setAutoCommit(false);
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO orders (user_id, total) VALUES (?, ?)")) {
        for (int i = 0; i < 3; i++) {
          ins.setLong(1, 777);
          ins.setBigDecimal(2, new java.math.BigDecimal("1.25"));
          ins.executeUpdate();
        }
      }
      c.rollback();
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO orders (user_id, total) VALUES (?, ?)")) {
        ins.setLong(1, 778);
        ins.setBigDecimal(2, new java.math.BigDecimal("2.50"));
        ins.executeUpdate();
      }
      c.commit();
      c.setAutoCommit(true);
      try (PreparedStatement sel = c.prepareStatement("SELECT count(*), sum(total) FROM orders WHERE user_id = ?")) {
        sel.setLong(1, 777);
        ResultSet rs = sel.executeQuery();
        rs.next();
        assertEquals(0, rs.getInt(1));
        sel.setLong(1, 778);
        rs = sel.executeQuery();
        rs.next();
        assertEquals(1, rs.getInt(1));
        assertEquals(new java.math.BigDecimal("2.50"), rs.getBigDecimal(2));
      }
    }
  }

  @Test
  void fetchSizeUsesACursorInsideATransaction() throws Exception {
    try (Connection c = connect("")) {
      try (Statement s = c.createStatement()) {
        for (int i = 0; i < 25; i++) {
          s.executeUpdate("INSERT INTO orders (user_id, total) VALUES (4242, " + i + ")");
        }
      }
      c.setAutoCommit(false);
      try (PreparedStatement sel = c.prepareStatement("SELECT total FROM orders WHERE user_id = ? ORDER BY total")) {
        sel.setFetchSize(4);
        sel.setLong(1, 4242);
        ResultSet rs = sel.executeQuery();
        int n = 0;
        while (rs.next()) {
          assertEquals(n, rs.getInt(1));
          n++;
        }
        assertEquals(25, n);
      }
      c.commit();
    }
  }

  @Test
  void errorsInsideBatchesAndTheSessionGoesOn() throws Exception {
    try (Connection c = connect("&prepareThreshold=1")) {
      try (PreparedStatement bad = c.prepareStatement(
          "SELECT u.name FROM users u JOIN plans p ON p.name = u.name WHERE u.name = ?")) {
        bad.setString(1, "x");
        SQLException e = assertThrows(SQLException.class, bad::executeQuery);
        assertEquals("0A000", e.getSQLState());
      }
      try (PreparedStatement bad = c.prepareStatement("SELECT no_such_column FROM users WHERE id = ?")) {
        bad.setLong(1, 1);
        SQLException e = assertThrows(SQLException.class, bad::executeQuery);
        assertEquals("42703", e.getSQLState());
      }
      try (PreparedStatement dup = c.prepareStatement("INSERT INTO users (id, name) VALUES (?, 'dup')")) {
        dup.setLong(1, 60_001);
        dup.executeUpdate();
        SQLException e = assertThrows(SQLException.class, dup::executeUpdate);
        assertEquals("23505", e.getSQLState());
      }
      try (PreparedStatement ok = c.prepareStatement("SELECT name FROM users WHERE id = ?")) {
        ok.setLong(1, 60_001);
        ResultSet rs = ok.executeQuery();
        assertTrue(rs.next());
        assertEquals("dup", rs.getString(1));
      }
    }
  }

  @Test
  void databaseMetaDataWorks() throws Exception {
    try (Connection c = connect("")) {
      DatabaseMetaData md = c.getMetaData();
      Set<String> tables = new HashSet<>();
      try (ResultSet rs = md.getTables(null, "public", "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertTrue(tables.containsAll(Set.of("users", "orders", "plans", "countries")), tables.toString());
      Set<String> columns = new HashSet<>();
      try (ResultSet rs = md.getColumns(null, "public", "users", "%")) {
        while (rs.next()) {
          columns.add(rs.getString("COLUMN_NAME"));
        }
      }
      assertEquals(Set.of("id", "name", "email"), columns);
    }
  }

  @Test
  void cancelReachesTheShardRunningTheStatement() throws Exception {
    try (Connection c = connect(""); PreparedStatement slow = c.prepareStatement(
        "SELECT pg_sleep(30) FROM users WHERE id = ?")) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO users (id, name) VALUES (70001, 'sleepy')");
      }
      slow.setLong(1, 70001);
      CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
        try {
          Thread.sleep(500);
          slow.cancel();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, slow::executeQuery);
      assertEquals("57014", e.getSQLState());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "cancelled long before the sleep ends");
      canceller.join();
      ResultSet rs = c.createStatement().executeQuery("SELECT 1");
      assertTrue(rs.next());
    }
  }
}
