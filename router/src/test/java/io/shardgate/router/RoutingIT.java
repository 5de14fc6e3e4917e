package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Issue 2's end-to-end checks: rows routed by PostgreSQL's own hash, refusals that leave the session usable. */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingIT {
  private ShardedFixture fx;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster);
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  @Test
  void everyInsertedRowLandsOnTheShardPostgresHashAssigns() throws Exception {
    Random random = new Random(7);
    List<Long> ids = new ArrayList<>(List.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE));
    for (int i = 0; i < 300; i++) {
      ids.add(random.nextLong());
    }
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      for (long id : ids) {
        assertEquals(1, s.executeUpdate("INSERT INTO users (id, name) VALUES (" + id + ", 'u" + id + "')"));
      }
      for (long id : ids) {
        ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = " + id);
        assertTrue(rs.next(), "row " + id + " readable through the router");
        assertEquals("u" + id, rs.getString(1));
      }
    }
    Colo colo = fx.topology.coloOfTable("users").orElseThrow();
    Map<Long, Long> pgHash = new HashMap<>();
    try (Connection d = fx.direct(0); Statement s = d.createStatement()) {
      // PostgreSQL's own hash, not Shardgate's, decides where each row must be.
      ResultSet rs = s.executeQuery("SELECT x, hashint8extended(x, 0) FROM unnest(ARRAY" + ids + "::bigint[]) x");
      while (rs.next()) {
        pgHash.put(rs.getLong(1), rs.getLong(2));
      }
    }
    for (int n = 0; n < fx.topology.nodes().size(); n++) {
      String nodeName = fx.topology.nodes().get(n).name();
      try (Connection d = fx.direct(n); Statement s = d.createStatement()) {
        Map<Long, Integer> baseCount = new HashMap<>();
        ResultSet base = s.executeQuery("SELECT id FROM public.users");
        while (base.next()) {
          baseCount.merge(base.getLong(1), 1, Integer::sum);
        }
        for (long id : ids) {
          Shard expected = shardContaining(colo, pgHash.get(id));
          boolean here = expected.node().equals(nodeName);
          assertEquals(here ? 1 : null, baseCount.get(id), "row " + id + " on node " + nodeName);
        }
        for (Shard shard : colo.shards()) {
          if (!shard.node().equals(nodeName)) {
            continue;
          }
          ResultSet rs = s.executeQuery("SELECT id FROM " + shard.schemaName() + ".users");
          List<Long> inView = new ArrayList<>();
          while (rs.next()) {
            inView.add(rs.getLong(1));
          }
          for (long id : ids) {
            boolean belongs = shardContaining(colo, pgHash.get(id)).number() == shard.number();
            assertEquals(belongs, inView.contains(id), "row " + id + " in " + shard.schemaName());
          }
        }
      }
    }
  }

  private static Shard shardContaining(Colo colo, long hash) {
    return colo.shards().stream().filter(sh -> sh.range().contains(hash)).findFirst().orElseThrow();
  }

  @Test
  void shardViewRefusesARowOfAnotherShard() throws Exception {
    Colo colo = fx.topology.coloOfTable("users").orElseThrow();
    Shard shard = colo.shards().get(0);
    long foreign = 0;
    while (shardContaining(colo, io.shardgate.topology.PgHash.hashInt8(foreign)).number() == 0) {
      foreign++;
    }
    int node = fx.topology.nodes().indexOf(fx.topology.node(shard.node()));
    try (Connection d = fx.direct(node); Statement s = d.createStatement()) {
      long id = foreign;
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO " + shard.schemaName() + ".users (id, name) VALUES (" + id + ", 'x')"));
      assertEquals("44000", e.getSQLState());
    }
  }

  @Test
  void statementWithoutShardKeyIsRefusedAndTheSessionGoesOn() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      // a key-less UPDATE runs on every shard now (CorpusBroadcastIT); an INSERT without its key cannot
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO users (name) VALUES ('x')"));
      assertEquals("0A000", e.getSQLState());
      assertTrue(e.getMessage().contains("\"users\""), e.getMessage());
      assertTrue(e.getMessage().contains("\"id\""), e.getMessage());
      ResultSet rs = s.executeQuery("SELECT 41 + 1");
      assertTrue(rs.next());
      assertEquals(42, rs.getInt(1));
    }
  }

  @Test
  void unknownTableGetsPostgresOwnErrorAndTheSessionGoesOn() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
      assertEquals("42P01", e.getSQLState());
      assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
      ResultSet rs = s.executeQuery("SELECT name FROM plans ORDER BY price");
      assertTrue(rs.next());
      assertEquals("free", rs.getString(1));
    }
  }

  @Test
  void crossColoAndQualifiedNamesAreRefused() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      SQLException qualified = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM public.users WHERE id = 1"));
      assertEquals("0A000", qualified.getSQLState());
      SQLException mixed = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT * FROM users u JOIN plans p ON p.name = u.name WHERE u.id = 1"));
      assertEquals("0A000", mixed.getSQLState());
      ResultSet rs = s.executeQuery("SELECT count(*) FROM countries");
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
    }
  }

  @Test
  void joinWithReferenceTableRunsOnTheShard() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email) VALUES (555, 'ref', 'DE')");
      ResultSet rs = s.executeQuery("SELECT c.name FROM users u JOIN countries c ON c.code = u.email WHERE u.id = 555");
      assertTrue(rs.next());
      assertEquals("Germany", rs.getString(1));
    }
  }

  @Test
  void singleShardTransactionsCommitAndRollBack() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO users (id, name) VALUES (9001, 'kept')");
      s.executeUpdate("INSERT INTO orders (user_id, total) VALUES (9001, 12.50)");
      c.commit();
      s.executeUpdate("INSERT INTO users (id, name) VALUES (9002, 'dropped')");
      c.rollback();
      // a transaction reaches other shards too; an error aborts all of it
      s.executeUpdate("INSERT INTO users (id, name) VALUES (9003, 'dropped too')");
      long other = 9004;
      Colo colo = fx.topology.coloOfTable("users").orElseThrow();
      while (fx.topology.shardForValue(colo, Long.toString(other)).number()
          == fx.topology.shardForValue(colo, "9003").number()) {
        other++;
      }
      long otherId = other;
      assertFalse(s.executeQuery("SELECT * FROM users WHERE id = " + otherId).next());
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1 / 0 FROM users WHERE id = " + otherId));
      assertEquals("22012", e.getSQLState());
      SQLException aborted = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM users WHERE id = 9003"));
      assertEquals("25P02", aborted.getSQLState());
      c.rollback();
      c.setAutoCommit(true);
      assertTrue(s.executeQuery("SELECT 1 FROM users WHERE id = 9001").next());
      assertTrue(s.executeQuery("SELECT 1 FROM orders WHERE user_id = 9001").next());
      assertFalse(s.executeQuery("SELECT 1 FROM users WHERE id = 9002").next());
      assertFalse(s.executeQuery("SELECT 1 FROM users WHERE id = 9003").next());
    }
  }

  @Test
  void multiStatementStringRunsEachStatementOnItsShard() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO users (id, name) VALUES (7001, 'a'); INSERT INTO users (id, name) VALUES (7002, 'b'); "
          + "SELECT name FROM plans");
      ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 7002");
      assertTrue(rs.next());
      assertEquals("b", rs.getString(1));
    }
  }

  @Test
  void listenGetsNotificationsFromOtherClients() throws Exception {
    try (Connection listener = fx.connect(); Connection notifier = fx.connect();
         Statement l = listener.createStatement(); Statement n = notifier.createStatement()) {
      l.execute("LISTEN shardgate_events");
      for (int i = 0; i < 3; i++) {
        n.execute("SELECT 1 FROM users WHERE id = " + i); // the notifier's pooled connections are shared and busy
        n.execute("NOTIFY shardgate_events, 'hello " + i + "'");
      }
      org.postgresql.PGConnection pg = listener.unwrap(org.postgresql.PGConnection.class);
      List<String> got = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 10_000;
      while (got.size() < 3 && System.currentTimeMillis() < deadline) {
        org.postgresql.PGNotification[] batch = pg.getNotifications(500);
        if (batch != null) {
          for (org.postgresql.PGNotification note : batch) {
            got.add(note.getName() + ":" + note.getParameter());
          }
        }
      }
      assertEquals(List.of("shardgate_events:hello 0", "shardgate_events:hello 1", "shardgate_events:hello 2"), got);
      l.execute("UNLISTEN *");
      n.execute("NOTIFY shardgate_events, 'after'");
      org.postgresql.PGNotification[] none = pg.getNotifications(500);
      assertTrue(none == null || none.length == 0, "no notification after UNLISTEN");
    }
  }

  @Test
  void shardgateExplainShowsTheRoute() throws Exception {
    Colo colo = fx.topology.coloOfTable("users").orElseThrow();
    Shard expected = fx.topology.shardForValue(colo, "42");
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SHARDGATE EXPLAIN SELECT * FROM users WHERE id = 42");
      assertTrue(rs.next());
      assertEquals("Shard", rs.getString("route"));
      assertEquals(expected.schemaName(), rs.getString("shard"));
      assertEquals(expected.node(), rs.getString("node"));
      assertEquals("SELECT * FROM users WHERE id = 42", rs.getString("sql"));
      assertFalse(rs.next());
      rs = s.executeQuery("SHARDGATE EXPLAIN SELECT * FROM plans");
      assertTrue(rs.next());
      assertEquals("Home", rs.getString(1));
      assertEquals("n1", rs.getString(3));
      rs = s.executeQuery("SHARDGATE EXPLAIN UPDATE users SET name = 'x'");
      assertTrue(rs.next());
      assertEquals("Broadcast", rs.getString(1));
      rs = s.executeQuery("SHARDGATE EXPLAIN INSERT INTO users (name) VALUES ('x')");
      assertTrue(rs.next());
      assertEquals("Refused", rs.getString(1));
      assertTrue(rs.getString(4).startsWith("0A000"), rs.getString(4));
      rs = s.executeQuery("SHARDGATE EXPLAIN ALTER TABLE users ADD COLUMN z int");
      int nodes = 0;
      while (rs.next()) {
        assertTrue(rs.getString(1).startsWith("EveryNode"));
        nodes++;
      }
      assertEquals(2, nodes);
    }
  }
}
