package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * COPY FROM STDIN (FORMAT binary) into a sharded table, differential: the same binary data (made by a
 * plain PostgreSQL's COPY TO) loaded into one plain PostgreSQL and through the router into 8 shards.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinaryCopyIT {
  private ShardedFixture fx;
  private String plainDb;
  private LocalCluster cluster;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    this.cluster = cluster;
    fx = new ShardedFixture(cluster);
    plainDb = cluster.createDatabase("plain_binary_copy");
    LocalCluster.execute(cluster.node(0), plainDb, String.join(";", ShardedFixture.COLO_TABLES));
    LocalCluster.execute(cluster.node(0), plainDb, "CREATE TABLE source AS SELECT g::bigint AS id, "
        + "'name ' || g || E'\\twith tab' AS name, CASE WHEN g % 3 = 0 THEN NULL ELSE 'e' || g END AS email "
        + "FROM generate_series(400000, 400999) g");
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  private Connection plain() throws SQLException {
    return DriverManager.getConnection(cluster.node(0).jdbcUrl(plainDb));
  }

  private static CopyManager copy(Connection c) throws SQLException {
    return new CopyManager(c.unwrap(BaseConnection.class));
  }

  /** Binary COPY data of {@code query}, written by the plain PostgreSQL. */
  private byte[] binaryOf(String query) throws Exception {
    try (Connection c = plain()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copy(c).copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)", out);
      return out.toByteArray();
    }
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
      }
    }
    return rows;
  }

  /** Rows visible through the shard views (each row only in its own shard's view, on its shard's node). */
  private long rowsInShardViews(String where) throws Exception {
    long total = 0;
    Colo colo = fx.topology.coloOfTable("users").orElseThrow();
    for (Shard shard : colo.shards()) {
      int n = fx.topology.nodes().indexOf(fx.topology.node(shard.node()));
      try (Connection d = fx.direct(n); Statement s = d.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) FROM " + shard.schemaName() + ".users WHERE " + where)) {
        rs.next();
        total += rs.getLong(1);
      }
    }
    return total;
  }

  @Test
  void binaryRowsAreSplitByShardKeyAndMatchPlainPostgres() throws Exception {
    byte[] data = binaryOf("SELECT id, name, email FROM source WHERE id < 400500");
    long loaded;
    try (Connection c = fx.connect()) {
      // 7-byte CopyData messages: headers, tuples and fields all arrive cut in pieces
      loaded = copy(c).copyIn("COPY users FROM STDIN (FORMAT binary)", new ByteArrayInputStream(data), 7);
    }
    try (Connection c = plain()) {
      assertEquals(500, copy(c).copyIn("COPY users FROM STDIN (FORMAT binary)", new ByteArrayInputStream(data)));
    }
    assertEquals(500, loaded);
    String query = "SELECT id, name, email FROM users WHERE id >= 400000 AND id < 400500 ORDER BY id";
    try (Connection router = fx.connect(); Connection plain = plain()) {
      List<String> expected = rows(plain, query);
      assertEquals(500, expected.size());
      assertEquals(expected, rows(router, query));
    }
    assertEquals(500, rowsInShardViews("id >= 400000 AND id < 400500"), "every row on the node of its shard");
  }

  @Test
  void aColumnListPutsTheKeyAnywhere() throws Exception {
    byte[] data = binaryOf("SELECT email, id FROM source WHERE id >= 400500 AND id < 400600");
    try (Connection c = fx.connect()) {
      assertEquals(100, copy(c).copyIn("COPY users (email, id) FROM STDIN WITH (FORMAT binary)",
          new ByteArrayInputStream(data)));
    }
    assertEquals(100, rowsInShardViews("id >= 400500 AND id < 400600 AND name IS NULL"));
  }

  @Test
  void malformedBinaryDataLoadsNothing() throws Exception {
    byte[] data = binaryOf("SELECT id, name, email FROM source WHERE id >= 400700 AND id < 400800");
    byte[] truncated = Arrays.copyOf(data, data.length - 5); // cut inside the last tuple, no trailer
    SQLException cut = copyThroughRouter(truncated);
    assertEquals("22P04", cut.getSQLState());
    assertTrue(cut.getMessage().contains("unexpected EOF in COPY data"), cut.getMessage());

    byte[] badSignature = data.clone();
    badSignature[0] = 'X';
    SQLException sig = copyThroughRouter(badSignature);
    assertEquals("22P04", sig.getSQLState());
    assertTrue(sig.getMessage().contains("COPY file signature not recognized"), sig.getMessage());

    byte[] nullKey = binaryOf("SELECT NULL::bigint, name, email FROM source WHERE id = 400800");
    SQLException noKey = copyThroughRouter(nullKey);
    assertEquals("22P04", noKey.getSQLState());
    assertTrue(noKey.getMessage().contains("has no value for shard key column \"id\""), noKey.getMessage());

    assertEquals(0, rowsInShardViews("id >= 400700 AND id <= 400800"));
    for (int n = 0; n < 2; n++) {
      try (Connection d = fx.direct(n); Statement s = d.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) FROM public.users WHERE id >= 400700 AND id <= 400800")) {
        rs.next();
        assertEquals(0, rs.getLong(1), "nothing loaded on node " + n);
      }
    }
    try (Connection c = fx.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT name FROM plans ORDER BY name")) {
      assertTrue(rs.next(), "the router still serves");
    }
  }

  @Test
  void copyToBinaryOfOneShardRoundTrips() throws Exception {
    byte[] data = binaryOf("SELECT id, name, email FROM source WHERE id = 400900");
    try (Connection c = fx.connect()) {
      assertEquals(1, copy(c).copyIn("COPY users FROM STDIN (FORMAT binary)", new ByteArrayInputStream(data)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copy(c).copyOut("COPY (SELECT id, name, email FROM users WHERE id = 400900) TO STDOUT (FORMAT binary)", out);
      assertArrayEquals(data, out.toByteArray());
    }
  }

  @Test
  void copyToStdoutInBinaryJoinsEveryShardIntoOneValidStream() throws Exception {
    byte[] data = binaryOf("SELECT id, name, email FROM source WHERE id >= 400600 AND id < 400700");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Connection c = fx.connect()) {
      assertEquals(100, copy(c).copyIn("COPY users FROM STDIN (FORMAT binary)", new ByteArrayInputStream(data)));
      copy(c).copyOut("COPY users TO STDOUT (FORMAT binary)", out);
    }
    String query = "SELECT id, name, email FROM %s ORDER BY id";
    try (Connection plain = plain(); Connection router = fx.connect()) {
      try (Statement s = plain.createStatement()) {
        s.execute("CREATE TABLE copied_back (LIKE users)");
      }
      copy(plain).copyIn("COPY copied_back FROM STDIN (FORMAT binary)", new ByteArrayInputStream(out.toByteArray()));
      List<String> back = rows(plain, query.formatted("copied_back"));
      assertTrue(back.size() >= 100, "rows: " + back.size());
      assertEquals(rows(router, query.formatted("users")), back);
    }
  }

  private SQLException copyThroughRouter(byte[] data) {
    return assertThrows(SQLException.class, () -> {
      try (Connection c = fx.connect()) {
        copy(c).copyIn("COPY users FROM STDIN (FORMAT binary)", new ByteArrayInputStream(data));
      }
    });
  }
}
