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

/**
 * Issue 5: a fan-out that runs longer than limits.fanout_timeout is cancelled on every shard (57014); a fan-out whose
 * shards run a rewritten statement still gets the checks PostgreSQL makes of the original.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanoutTimeoutIT {
  private ShardedFixture fx;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster, "limits:\n  fanout_timeout: 300ms\n");
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      for (int id = 1; id <= 40; id++) {
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + id + ", 'u" + id + "')");
      }
    }
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  private int sleepingBackends() throws SQLException {
    int n = 0;
    for (int i = 0; i < 2; i++) {
      try (Connection d = fx.direct(i); ResultSet rs = d.createStatement().executeQuery(
          "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep%' "
              + "AND pid <> pg_backend_pid()")) {
        rs.next();
        n += rs.getInt(1);
      }
    }
    return n;
  }

  @Test
  void aSlowFanoutIsCancelledOnEveryShardAndTheSessionGoesOn() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT id, pg_sleep(5) FROM users ORDER BY id"));
      assertEquals("57014", e.getSQLState(), e.getMessage());
      int left = sleepingBackends();
      for (int i = 0; i < 50 && left > 0; i++) {
        Thread.sleep(100);
        left = sleepingBackends();
      }
      assertEquals(0, left, "every shard's statement was cancelled");
      ResultSet rs = s.executeQuery("SELECT count(*) FROM users");
      assertTrue(rs.next());
      assertEquals(40, rs.getInt(1));
    }
  }

  @Test
  void rawRowAggregatesKeepPostgresqlsGroupingCheck() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement()) {
      // name depends on the grouped primary key: valid in PostgreSQL, so valid here
      ResultSet rs = s.executeQuery("SELECT id, name, string_agg(name, ',') FROM users GROUP BY id ORDER BY id");
      int rows = 0;
      while (rs.next()) {
        assertEquals(rs.getString(2), rs.getString(3));
        rows++;
      }
      assertEquals(40, rows);
      // name is neither grouped nor aggregated: PostgreSQL's 42803, not an answer
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT email, name, string_agg(name, ',') FROM users GROUP BY email"));
      assertEquals("42803", e.getSQLState(), e.getMessage());
      rs = s.executeQuery("SELECT count(*) FROM users");
      assertTrue(rs.next());
    }
  }
}
