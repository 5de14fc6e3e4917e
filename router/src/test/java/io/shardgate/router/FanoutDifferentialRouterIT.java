package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Key-less SELECTs through the router (8 shards on 2 nodes) against the same rows in one plain
 * PostgreSQL database: column names and rows must be equal (in order where ORDER BY fixes it).
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanoutDifferentialRouterIT {
  private ShardedFixture fx;
  private String plainUrl;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster);
    String plain = cluster.createDatabase("plain");
    plainUrl = cluster.node(0).jdbcUrl(plain);
    Random random = new Random(42);
    List<String> users = new ArrayList<>();
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      long id = random.nextInt(1_000_000) - 500_000L + i * 1_000_000L;
      String name = i % 7 == 0 ? "NULL" : "'" + (i % 5 == 0 ? "Zoë " : "user ") + (i % 37) + "'";
      String email = i % 3 == 0 ? "NULL" : "'e" + (i % 11) + "@x'";
      users.add("INSERT INTO users (id, name, email) VALUES (" + id + ", " + name + ", " + email + ")");
      for (int k = 0; k < i % 4; k++) {
        String total = k == 2 ? "NULL" : (random.nextInt(100_000) / 100.0) + "";
        orders.add("INSERT INTO orders (user_id, total) VALUES (" + id + ", " + total + ")");
      }
    }
    try (Connection p = DriverManager.getConnection(plainUrl); Statement ps = p.createStatement();
         Connection r = fx.connect(); Statement rs = r.createStatement()) {
      for (String ddl : ShardedFixture.COLO_TABLES) {
        ps.execute(ddl);
      }
      for (String sql : users) {
        ps.execute(sql);
        rs.execute(sql);
      }
      for (String sql : orders) {
        ps.execute(sql);
        rs.execute(sql);
      }
    }
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  /** How pgJDBC talks: the simple protocol, the extended one (text, unnamed statements), or binary named ones. */
  enum Mode {
    SIMPLE("&preferQueryMode=simple"),
    EXTENDED("&preferQueryMode=extended&prepareThreshold=0"),
    EXTENDED_BINARY("&preferQueryMode=extended&prepareThreshold=-1&binaryTransfer=true");

    final String options;

    Mode(String options) {
      this.options = options;
    }
  }

  private Connection plain(Mode mode) throws Exception {
    return DriverManager.getConnection(plainUrl + mode.options);
  }

  private Connection routed(Mode mode) throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fx.port + "/" + fx.database
        + "?user=postgres&sslmode=disable" + mode.options);
  }

  private static List<String> rows(Connection c, String sql, Object... parameters) throws Exception {
    List<String> out = new ArrayList<>();
    try (java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      // twice: pgJDBC describes and prepares on the first run and binds a named statement on the second
      s.executeQuery().close();
      try (ResultSet rs = s.executeQuery()) {
        out.addAll(read(rs));
      }
    }
    return out;
  }

  private static List<String> read(ResultSet rs) throws Exception {
    List<String> out = new ArrayList<>();
    {
      ResultSetMetaData md = rs.getMetaData();
      StringBuilder header = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        header.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append('|');
      }
      out.add(header.toString());
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.append(rs.getString(i)).append('|');
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  static final String[] STATEMENTS = {
      "SELECT count(*) FROM users",
      "SELECT count(*), count(name), count(email) FROM users",
      "SELECT min(id), max(id), sum(id), avg(id) FROM users",
      "SELECT sum(total), avg(total), min(total), max(total), count(total) FROM orders",
      "SELECT name, count(*) FROM users GROUP BY name",
      "SELECT name, count(*) AS n FROM users GROUP BY name ORDER BY n DESC, name NULLS FIRST",
      "SELECT email, sum(id) FROM users GROUP BY email HAVING count(*) > 10",
      "SELECT user_id, sum(total) AS s FROM orders GROUP BY user_id ORDER BY s DESC NULLS LAST, user_id LIMIT 10",
      "SELECT id, name FROM users ORDER BY id LIMIT 25",
      "SELECT id, name FROM users ORDER BY id DESC LIMIT 10 OFFSET 5",
      "SELECT * FROM users ORDER BY id LIMIT 7",
      "SELECT name FROM users ORDER BY id LIMIT 12",
      "SELECT id FROM users WHERE name LIKE 'Zo%' ORDER BY name, id",
      "SELECT DISTINCT name FROM users",
      "SELECT DISTINCT email FROM users ORDER BY email NULLS FIRST",
      "SELECT id, email FROM users WHERE email IS NULL",
      "SELECT u.name, c.name FROM users u JOIN countries c ON c.code = u.email",
      "SELECT bool_and(id > 0), bool_or(id > 0) FROM users",
      "SELECT total FROM orders ORDER BY total NULLS FIRST, user_id, id FETCH FIRST 5 ROWS ONLY",
      "SELECT count(*) FROM orders WHERE total > 500",
      // set operations of the colo's SELECTs: each shard returns its rows of every branch, the merge combines them
      "SELECT name FROM users WHERE id > 0 UNION ALL SELECT name FROM users WHERE email IS NULL",
      "SELECT id FROM users UNION SELECT user_id FROM orders ORDER BY 1 DESC LIMIT 30",
      "SELECT name FROM users UNION SELECT email FROM users UNION SELECT name FROM users WHERE id < 0",
      "SELECT id FROM users INTERSECT SELECT user_id FROM orders WHERE total > 300 ORDER BY id",
      "SELECT user_id FROM orders INTERSECT ALL SELECT user_id FROM orders WHERE total IS NULL",
      "(SELECT id FROM users) EXCEPT (SELECT user_id FROM orders) ORDER BY 1 LIMIT 20",
      "SELECT email FROM users EXCEPT ALL SELECT email FROM users WHERE name IS NULL",
      "SELECT u.name FROM users u JOIN countries c ON c.code = u.email UNION SELECT name FROM users WHERE id < 0"};

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> statements() {
    return java.util.Arrays.stream(Mode.values()).flatMap(m -> java.util.Arrays.stream(STATEMENTS)
        .map(sql -> org.junit.jupiter.params.provider.Arguments.of(m, sql)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @org.junit.jupiter.params.provider.MethodSource("statements")
  void routerAnswersAsOnePostgresWould(Mode mode, String sql) throws Exception {
    compare(mode, sql);
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> parameterized() {
    return java.util.Arrays.stream(Mode.values()).flatMap(m -> java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(m, "SELECT id, name FROM users WHERE id > ? ORDER BY id LIMIT 10",
            new Object[] {1_000_000L}),
        org.junit.jupiter.params.provider.Arguments.of(m, "SELECT name, count(*) FROM users WHERE name <> ? GROUP BY name",
            new Object[] {"user 3"}),
        org.junit.jupiter.params.provider.Arguments.of(m,
            "SELECT user_id, sum(total), avg(total) FROM orders WHERE total > ? GROUP BY user_id ORDER BY user_id",
            new Object[] {new java.math.BigDecimal("10.5")}),
        org.junit.jupiter.params.provider.Arguments.of(m, "SELECT count(*), min(id), max(name) FROM users WHERE id < ? AND name LIKE ?",
            new Object[] {50_000_000L, "user%"})));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @org.junit.jupiter.params.provider.MethodSource("parameterized")
  void boundParametersReachEveryShard(Mode mode, String sql, Object[] parameters) throws Exception {
    compare(mode, sql, parameters);
  }

  /** A branch of a set operation that reads no colo table: every shard would return its rows, so it is refused. */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.EnumSource(Mode.class)
  void aSetOperationBranchWithoutAColoTableIsRefused(Mode mode) throws Exception {
    for (String sql : new String[] {"SELECT id FROM users UNION ALL SELECT 0",
        "SELECT code FROM countries UNION SELECT name FROM users"}) {
      try (Connection r = routed(mode); java.sql.PreparedStatement s = r.prepareStatement(sql)) {
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
            () -> s.executeQuery().close(), sql);
        assertEquals("0A000", e.getSQLState(), sql);
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("of the set operation reads no sharded "
            + "table, so every shard would return its rows"), e.getMessage());
      }
    }
  }

  private void compare(Mode mode, String sql, Object... parameters) throws Exception {
    List<String> direct;
    List<String> routed;
    try (Connection p = plain(mode); Connection r = routed(mode)) {
      direct = rows(p, sql, parameters);
      routed = rows(r, sql, parameters);
    }
    assertEquals(direct.get(0), routed.get(0), "columns of " + sql);
    boolean ordered = sql.contains("ORDER BY");
    List<String> d = new ArrayList<>(direct.subList(1, direct.size()));
    List<String> g = new ArrayList<>(routed.subList(1, routed.size()));
    if (!ordered) {
      Collections.sort(d);
      Collections.sort(g);
    }
    assertEquals(d, g, sql);
  }
}
