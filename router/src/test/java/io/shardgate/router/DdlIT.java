package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** DDL on sharded tables runs on every node and the shard views follow the table's new shape. */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DdlIT {
  private ShardedFixture fx;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster);
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  private int countOnNode(int node, String sql) throws Exception {
    try (Connection d = fx.direct(node); Statement s = d.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void addAndDropColumnReshapeEveryShardView() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE users ADD COLUMN age int");
      for (long id = 880_000; id < 880_020; id++) {
        s.executeUpdate("INSERT INTO users (id, name, age) VALUES (" + id + ", 'aged', " + (id % 90) + ")");
      }
      ResultSet rs = s.executeQuery("SELECT age FROM users WHERE id = 880007");
      assertTrue(rs.next());
      assertEquals(880_007 % 90, rs.getInt(1));
      for (int n = 0; n < 2; n++) {
        assertEquals(1, countOnNode(n, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
            + "AND table_name = 'users' AND column_name = 'age'"));
        assertTrue(countOnNode(n, "SELECT count(*) FROM information_schema.columns WHERE table_schema LIKE 'users\\_%' "
            + "AND table_name = 'users' AND column_name = 'age'") >= 4, "every shard view on node " + n + " has the column");
      }
      s.execute("ALTER TABLE users DROP COLUMN age");
      SQLException gone = assertThrows(SQLException.class, () -> s.executeQuery("SELECT age FROM users WHERE id = 880007"));
      assertEquals("42703", gone.getSQLState());
      rs = s.executeQuery("SELECT name FROM users WHERE id = 880007");
      assertTrue(rs.next());
      assertEquals("aged", rs.getString(1));
    }
  }

  @Test
  void createIndexRunsOnEveryNode() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE INDEX users_name_idx ON users (name)");
    }
    for (int n = 0; n < 2; n++) {
      assertEquals(1, countOnNode(n, "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_name_idx'"));
    }
  }

  @Test
  void failedDdlChangesNothingAndKeepsTheViews() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.execute("ALTER TABLE users DROP COLUMN no_such_column"));
      assertEquals("42703", e.getSQLState());
      s.executeUpdate("INSERT INTO users (id, name) VALUES (881000, 'still routed')");
      ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 881000");
      assertTrue(rs.next());
    }
  }

  @Test
  void ddlOnUnshardedTablesGoesToTheHomeNodeOnly() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE plans ADD COLUMN note text");
    }
    assertEquals(1, countOnNode(0, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'plans' AND column_name = 'note'"));
    assertEquals(0, countOnNode(1, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'plans' AND column_name = 'note'"));
  }

  @Test
  void viewOverAShardedTableIsRefusedNotAnsweredInPart() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE VIEW user_names AS SELECT id, name FROM users");
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM user_names"));
      assertEquals("0A000", e.getSQLState());
      assertTrue(e.getMessage().contains("user_names") && e.getMessage().contains("users"), e.getMessage());
      assertTrue(s.executeQuery("SELECT 1").next(), "session goes on");
    }
  }
}
