package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** limits.client_idle_timeout (FATAL 57P05) and limits.idle_in_transaction_timeout (FATAL 25P03, rolled back). */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdleTimeoutIT {
  private ShardedFixture fx;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    fx = new ShardedFixture(cluster, "limits:\n  client_idle_timeout: 700ms\n  idle_in_transaction_timeout: 500ms\n");
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  @Test
  void anIdleClientIsClosedWithIdleSessionTimeout() throws Exception {
    try (RawClient idle = new RawClient(fx.port, fx.database)) {
      RawClient.Error e = idle.errorThenClose();
      assertEquals(new RawClient.Error("FATAL", "57P05", "terminating connection due to idle-session timeout"), e);
    }
    routerStillServes();
  }

  @Test
  void anIdleTransactionIsRolledBackAndClosed() throws Exception {
    long id = 9_100_001;
    try (RawClient client = new RawClient(fx.port, fx.database)) {
      assertNull(client.query("BEGIN; INSERT INTO users (id, name) VALUES (" + id + ", 'never committed')"));
      assertEquals('T', client.status);
      RawClient.Error e = client.errorThenClose();
      assertEquals("FATAL", e.severity());
      assertEquals("25P03", e.sqlState());
      assertEquals("terminating connection due to idle-in-transaction timeout", e.message());
    }
    try (Connection c = fx.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM users WHERE id = " + id)) {
      assertTrue(rs.next());
      assertEquals(0, rs.getLong(1), "the transaction was rolled back");
    }
    for (int node = 0; node < 2; node++) {
      try (Connection c = fx.direct(node); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
               + "AND state LIKE 'idle in transaction%' AND application_name = 'shardgate'")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong(1), "no backend left in the transaction on node " + node);
      }
    }
  }

  @Test
  void pgJdbcInAnExtendedProtocolTransactionIsRolledBack() throws Exception {
    long id = 9_100_002;
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fx.port + "/" + fx.database
        + "?user=postgres&sslmode=disable&prepareThreshold=1")) {
      c.setAutoCommit(false);
      try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO users (id, name) VALUES (?, ?)")) {
        insert.setLong(1, id);
        insert.setString(2, "extended, never committed");
        assertEquals(1, insert.executeUpdate());
      }
      Thread.sleep(2_000); // configuration: well past idle_in_transaction_timeout (500ms)
      java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, c::commit);
      assertTrue("25P03".equals(e.getSQLState()) || e.getSQLState().startsWith("08"), e.getSQLState() + " " + e);
      assertTrue(c.isClosed() || !c.isValid(5), "the router closed the connection");
    }
    try (Connection c = fx.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM users WHERE id = " + id)) {
      assertTrue(rs.next());
      assertEquals(0, rs.getLong(1), "rolled back");
    }
  }

  @Test
  void aLongStatementIsNotIdle() throws Exception {
    try (RawClient client = new RawClient(fx.port, fx.database)) {
      assertNull(client.query("SELECT pg_sleep(1.5)"), "a statement longer than the idle timeout runs to its end");
      assertEquals('I', client.status);
      assertEquals("57P05", client.errorThenClose().sqlState());
    }
  }

  @Test
  void aClientThatKeepsTalkingStaysConnected() throws Exception {
    try (RawClient client = new RawClient(fx.port, fx.database)) {
      for (int i = 0; i < 6; i++) {
        assertNull(client.query("SELECT pg_sleep(0.2)"));
      }
      assertEquals('I', client.status);
    }
  }

  private void routerStillServes() throws Exception {
    try (Connection c = fx.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT name FROM plans ORDER BY name")) {
      assertTrue(rs.next());
      assertEquals("free", rs.getString(1));
    }
  }
}
