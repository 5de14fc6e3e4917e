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
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 4: a multi-row INSERT whose rows go to several shards is split into one INSERT per shard, each with only
 * its rows, run as one statement of the transaction (all or nothing), checked on the nodes themselves.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitInsertIT {
  private ShardedFixture fx;
  private final AtomicLong nextId = new AtomicLong(70_000);

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster);
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  private Shard shardOf(long id) {
    Colo colo = fx.topology.coloOfTable("users").orElseThrow();
    return fx.topology.shardForValue(colo, Long.toString(id));
  }

  /** A fresh user id whose shard is on node {@code node} (0-based). */
  private long idOn(int node) {
    while (true) {
      long id = nextId.incrementAndGet();
      if (shardOf(id).node().equals("n" + (node + 1))) {
        return id;
      }
    }
  }

  /** Fresh ids on distinct shards, alternating nodes. */
  private long[] idsOnShards(int count) {
    long[] ids = new long[count];
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      long id;
      do {
        id = idOn(i % 2);
      } while (!seen.add(shardOf(id).number()));
      ids[i] = id;
    }
    return ids;
  }

  /** The name of user {@code id} in node {@code node}'s base table, or null. */
  private String onNode(int node, long id) throws SQLException {
    try (Connection c = fx.direct(node);
         PreparedStatement ps = c.prepareStatement("SELECT name FROM public.users WHERE id = ?")) {
      ps.setLong(1, id);
      ResultSet rs = ps.executeQuery();
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Whether user {@code id} is seen through the view of the shard its key hashes to (and only once there). */
  private boolean inItsShardView(long id) throws SQLException {
    Shard shard = shardOf(id);
    int node = Integer.parseInt(shard.node().substring(1)) - 1;
    try (Connection c = fx.direct(node); PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM \"" + shard.schemaName() + "\".users WHERE id = ?")) {
      ps.setLong(1, id);
      ResultSet rs = ps.executeQuery();
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  private static String rows(long[] ids, String name) {
    List<String> tuples = new ArrayList<>();
    for (long id : ids) {
      tuples.add("(" + id + ", '" + name + id + "')");
    }
    return String.join(", ", tuples);
  }

  @Test
  void rowsLandOnTheirShardsWithOneCommandTag() throws Exception {
    long[] ids = idsOnShards(4);
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      assertEquals(4, s.executeUpdate("INSERT INTO users (id, name) VALUES " + rows(ids, "r")));
    }
    for (long id : ids) {
      int node = Integer.parseInt(shardOf(id).node().substring(1)) - 1;
      assertEquals("r" + id, onNode(node, id));
      assertEquals(null, onNode(1 - node, id));
      assertTrue(inItsShardView(id), "row " + id + " in its shard's view");
    }
  }

  @Test
  void returningGivesEveryRow() throws Exception {
    long[] ids = idsOnShards(3);
    Set<Long> returned = new HashSet<>();
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("INSERT INTO users (id, name) VALUES " + rows(ids, "x") + " RETURNING id, name");
      while (rs.next()) {
        assertTrue(returned.add(rs.getLong(1)));
        assertEquals("x" + rs.getLong(1), rs.getString(2));
      }
    }
    assertEquals(Set.of(ids[0], ids[1], ids[2]), returned);
  }

  @Test
  void onConflictDoNothingWorksPerShard() throws Exception {
    long[] ids = idsOnShards(4);
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + ids[0] + ", 'old'), (" + ids[1] + ", 'old')");
      int inserted = s.executeUpdate("INSERT INTO users (id, name) VALUES " + rows(ids, "new")
          + " ON CONFLICT (id) DO NOTHING");
      assertEquals(2, inserted);
    }
    assertEquals("old", onNode(Integer.parseInt(shardOf(ids[0]).node().substring(1)) - 1, ids[0]));
    assertEquals("new" + ids[3], onNode(Integer.parseInt(shardOf(ids[3]).node().substring(1)) - 1, ids[3]));
  }

  @Test
  void aFailingRowLoadsNothingAnywhere() throws Exception {
    long[] ids = idsOnShards(4);
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + ids[3] + ", 'there')");
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO users (id, name) VALUES " + rows(ids, "dup")));
      assertEquals("23505", e.getSQLState());
      assertTrue(c.getAutoCommit());
      assertEquals(1, s.executeUpdate("INSERT INTO users (id, name) VALUES (" + ids[0] + ", 'after')"),
          "the session goes on after the failed statement");
    }
    assertEquals("after", onNode(Integer.parseInt(shardOf(ids[0]).node().substring(1)) - 1, ids[0]));
    for (int i = 1; i < 3; i++) {
      assertEquals(null, onNode(0, ids[i]));
      assertEquals(null, onNode(1, ids[i]));
    }
  }

  @Test
  void insideATransactionRollbackKeepsNothing() throws Exception {
    long[] ids = idsOnShards(3);
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      assertEquals(3, s.executeUpdate("INSERT INTO users (id, name) VALUES " + rows(ids, "t")));
      for (long id : ids) {
        assertTrue(s.executeQuery("SELECT 1 FROM users WHERE id = " + id).next(), "the transaction sees its rows");
      }
      c.rollback();
    }
    for (long id : ids) {
      assertEquals(null, onNode(0, id));
      assertEquals(null, onNode(1, id));
    }
  }

  @Test
  void quotingInsideRowsSplitsRight() throws Exception {
    long[] ids = idsOnShards(4);
    String[] names = {"a, (b), c", "it''s ), (", "$q$), ($q$", "-- not a comment /*"};
    String[] stored = {"a, (b), c", "it's ), (", "), (", "-- not a comment /*"};
    String sql = "/* rows, ( */ INSERT INTO users (name, id) VALUES ('" + names[0] + "', " + ids[0] + "), ('"
        + names[1] + "', " + ids[1] + "), (" + names[2] + ", " + ids[2] + "::bigint), (E'" + names[3] + "', '"
        + ids[3] + "') -- (1), (2)\n";
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      assertEquals(4, s.executeUpdate(sql));
    }
    for (int i = 0; i < 4; i++) {
      int node = Integer.parseInt(shardOf(ids[i]).node().substring(1)) - 1;
      assertEquals(stored[i], onNode(node, ids[i]));
      assertTrue(inItsShardView(ids[i]));
    }
  }

  @Test
  void rowsWithoutAPlainKeyAreRefused() throws Exception {
    long[] ids = idsOnShards(2);
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      for (String key : new String[] {"NULL", "DEFAULT", "1 + " + ids[1]}) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(
            "INSERT INTO users (id, name) VALUES (" + ids[0] + ", 'k'), (" + key + ", 'k')"));
        assertEquals("0A000", e.getSQLState(), key + ": " + e.getMessage());
      }
    }
    assertEquals(null, onNode(0, ids[0]));
    assertEquals(null, onNode(1, ids[0]));
  }

  private static void bind(PreparedStatement ps, long[] keys, long literal) throws SQLException {
    ps.setLong(1, keys[0]);
    ps.setString(2, "p" + keys[0]);
    ps.setLong(3, keys[1]);
    ps.setString(4, "e" + keys[1]);
    ps.setString(5, "p" + literal);
    ps.setString(6, "e" + literal);
    ps.setLong(7, keys[3]);
    ps.setString(8, "p" + keys[3]);
    ps.setString(9, "e" + keys[3]);
  }

  @Test
  void extendedProtocolSplitsWithItsParameters() throws Exception {
    for (boolean inTransaction : new boolean[] {false, true}) {
      long[] ids = idsOnShards(4);
      String sql = "INSERT INTO users (id, name, email) VALUES (?, ?, 'm'), (?, 'lit', ?), (" + ids[2] + ", ?, ?), "
          + "(?, ?, ?) RETURNING id, name, email";
      long[] again = idsOnShards(4);
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fx.port + "/" + fx.database
          + "?user=postgres&sslmode=disable&prepareThreshold=1");
           PreparedStatement ps = c.prepareStatement(sql)) {
        c.setAutoCommit(!inTransaction);
        bind(ps, ids, ids[2]);
        Set<String> returned = new HashSet<>();
        ResultSet rs = ps.executeQuery();
        while (rs.next()) {
          returned.add(rs.getLong(1) + "/" + rs.getString(2) + "/" + rs.getString(3));
        }
        assertEquals(Set.of(ids[0] + "/p" + ids[0] + "/m", ids[1] + "/lit/e" + ids[1],
            ids[2] + "/p" + ids[2] + "/e" + ids[2], ids[3] + "/p" + ids[3] + "/e" + ids[3]), returned);
        if (inTransaction) {
          c.rollback();
        } else {
          // again, through the named server-side statement: the literal row is there already, so nothing loads
          bind(ps, again, ids[2]);
          SQLException e = assertThrows(SQLException.class, ps::executeQuery);
          assertEquals("23505", e.getSQLState());
        }
      }
      for (int i = 0; i < 4; i++) {
        int node = Integer.parseInt(shardOf(ids[i]).node().substring(1)) - 1;
        assertEquals(inTransaction ? null : (i == 1 ? "lit" : "p" + ids[i]), onNode(node, ids[i]));
        assertEquals(null, onNode(1 - node, ids[i]));
        assertEquals(null, onNode(0, again[i]));
        assertEquals(null, onNode(1, again[i]));
      }
    }
  }

  @Test
  void explainShowsEachShardWithItsRows() throws Exception {
    long[] ids = idsOnShards(2);
    if (shardOf(ids[0]).number() > shardOf(ids[1]).number()) {
      ids = new long[] {ids[1], ids[0]}; // EXPLAIN lists the shards in order
    }
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SHARDGATE EXPLAIN INSERT INTO users (id, name) VALUES " + rows(ids, "e"));
      int n = 0;
      while (rs.next()) {
        assertEquals("Split", rs.getString(1));
        long id = ids[n++];
        assertEquals(shardOf(id).schemaName(), rs.getString(2));
        assertEquals("INSERT INTO users (id, name) VALUES (" + id + ", 'e" + id + "')", rs.getString(4));
      }
      assertEquals(2, n);
    }
  }

  /** SQLAlchemy 2.0's "insertmanyvalues" form of an INSERT of {@code tuples} (id, name, sentinel). */
  private static String insertMany(String tuples, String tail) {
    return "INSERT INTO users (name, id) SELECT p1::VARCHAR, p0::BIGINT FROM (VALUES " + tuples
        + ") AS imp_sen(p0, p1, sen_counter) ORDER BY sen_counter" + tail;
  }

  private static String sentinelRows(long[] ids, String name) {
    List<String> tuples = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      tuples.add("(" + ids[i] + ", '" + name + ids[i] + "', " + i + ")");
    }
    return String.join(", ", tuples);
  }

  @Test
  void insertManyValuesRowsLandOnTheirShardsAndAllReturn() throws Exception {
    long[] ids = idsOnShards(4);
    List<Long> returned = new ArrayList<>();
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery(insertMany(sentinelRows(ids, "m"), " RETURNING users.id, users.name"));
      while (rs.next()) {
        returned.add(rs.getLong(1));
        assertEquals("m" + rs.getLong(1), rs.getString(2));
      }
    }
    assertEquals(Set.of(ids[0], ids[1], ids[2], ids[3]), new HashSet<>(returned));
    assertEquals(4, returned.size());
    for (long id : ids) {
      int node = Integer.parseInt(shardOf(id).node().substring(1)) - 1;
      assertEquals("m" + id, onNode(node, id));
      assertEquals(null, onNode(1 - node, id));
      assertTrue(inItsShardView(id), "row " + id + " in its shard's view");
    }
  }

  @Test
  void insertManyValuesWithAFailingRowLoadsNothing() throws Exception {
    long[] ids = idsOnShards(4);
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name) VALUES (" + ids[2] + ", 'there')");
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery(insertMany(sentinelRows(ids, "dup"), " RETURNING users.id")));
      assertEquals("23505", e.getSQLState());
      SQLException refused = assertThrows(SQLException.class, () -> s.executeUpdate(insertMany(
          "(" + ids[0] + ", 'k', 0), (NULL, 'k', 1)", "")));
      assertEquals("0A000", refused.getSQLState(), refused.getMessage());
      assertTrue(refused.getMessage().contains("row 2"), refused.getMessage());
    }
    for (int i : new int[] {0, 1, 3}) {
      assertEquals(null, onNode(0, ids[i]));
      assertEquals(null, onNode(1, ids[i]));
    }
  }

  @Test
  void insertManyValuesThroughTheExtendedProtocol() throws Exception {
    for (boolean inTransaction : new boolean[] {false, true}) {
      long[] ids = idsOnShards(4);
      String sql = "INSERT INTO users (id, name, email) SELECT p0::BIGINT, p1::VARCHAR, p2::VARCHAR FROM (VALUES "
          + "(?, ?, 'm', 0), (?, 'lit', ?, 1), (" + ids[2] + ", ?, ?, 2), (?, ?, ?, 3)) AS imp_sen(p0, p1, p2, "
          + "sen_counter) ORDER BY sen_counter RETURNING users.id, users.name, users.email";
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fx.port + "/" + fx.database
          + "?user=postgres&sslmode=disable&prepareThreshold=1");
           PreparedStatement ps = c.prepareStatement(sql)) {
        c.setAutoCommit(!inTransaction);
        for (int round = 0; round < 2; round++) {
          long[] keys = round == 0 ? ids : idsOnShards(4);
          bind(ps, keys, ids[2]);
          if (round == 1) {
            // again, through the named server-side statement: the literal row is there already, so nothing loads
            assertEquals("23505", assertThrows(SQLException.class, ps::executeQuery).getSQLState());
            for (long id : keys) {
              assertEquals(null, onNode(0, id));
              assertEquals(null, onNode(1, id));
            }
            break;
          }
          Set<String> returned = new HashSet<>();
          ResultSet rs = ps.executeQuery();
          while (rs.next()) {
            returned.add(rs.getLong(1) + "/" + rs.getString(2) + "/" + rs.getString(3));
          }
          assertEquals(Set.of(ids[0] + "/p" + ids[0] + "/m", ids[1] + "/lit/e" + ids[1],
              ids[2] + "/p" + ids[2] + "/e" + ids[2], ids[3] + "/p" + ids[3] + "/e" + ids[3]), returned);
        }
        if (inTransaction) {
          c.rollback();
        }
      }
      for (int i = 0; i < 4; i++) {
        int node = Integer.parseInt(shardOf(ids[i]).node().substring(1)) - 1;
        assertEquals(inTransaction ? null : (i == 1 ? "lit" : "p" + ids[i]), onNode(node, ids[i]));
        assertEquals(null, onNode(1 - node, ids[i]));
      }
    }
  }
}
