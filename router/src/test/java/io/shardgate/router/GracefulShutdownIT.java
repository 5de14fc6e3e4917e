package io.shardgate.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.io.IOException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** RouterServer.close() (what SIGTERM runs): no new connections, running work finishes, idle clients get 57P01. */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GracefulShutdownIT {

  @Test
  void openTransactionsAndStatementsFinishWhileIdleClientsAreEnded(LocalCluster cluster) throws Exception {
    ShardedFixture fx = new ShardedFixture(cluster, "limits:\n  shutdown_drain: 60s\n");
    long id = 9_200_001;
    try (Connection tx = fx.connect(); RawClient idle = new RawClient(fx.port, fx.database);
         RawClient sleeper = new RawClient(fx.port, fx.database)) {
      tx.setAutoCommit(false);
      try (Statement s = tx.createStatement()) {
        s.executeUpdate("INSERT INTO users (id, name) VALUES (" + id + ", 'committed during shutdown')");
      }
      sleeper.send("SELECT 42 FROM pg_sleep(1)");
      awaitRunningOnHome(fx, "SELECT 42 FROM pg_sleep(1)");

      CompletableFuture<Void> closing = CompletableFuture.runAsync(fx::close);

      RawClient.Error idleEnd = idle.errorThenClose();
      assertEquals(new RawClient.Error("FATAL", "57P01", "terminating connection due to administrator command"), idleEnd);
      assertThrows(IOException.class, () -> new Socket("127.0.0.1", fx.port).close(), "no new connections");

      assertNull(sleeper.untilReady(), "the running statement finished");
      assertEquals("57P01", sleeper.errorThenClose().sqlState());

      tx.commit(); // the transaction may still finish
      closing.get(60, TimeUnit.SECONDS); // every session has ended, this one after its COMMIT
      SQLException after = assertThrows(SQLException.class, () -> {
        try (Statement s = tx.createStatement()) {
          s.executeQuery("SELECT 1");
        }
      });
      assertTrue(after.getMessage().contains("administrator command") || "57P01".equals(after.getSQLState())
          || "08006".equals(after.getSQLState()), after.toString());
    }
    assertEquals(1, countOnNodes(fx, id), "the row committed during shutdown is there");
  }

  @Test
  void aTransactionStillOpenAfterTheDrainIsEndedAndRolledBack(LocalCluster cluster) throws Exception {
    ShardedFixture fx = new ShardedFixture(cluster, "limits:\n  shutdown_drain: 300ms\n");
    long id = 9_200_002;
    try (RawClient client = new RawClient(fx.port, fx.database)) {
      assertNull(client.query("BEGIN; INSERT INTO users (id, name) VALUES (" + id + ", 'never committed')"));
      assertEquals('T', client.status);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(fx::close);
      assertEquals("57P01", client.errorThenClose().sqlState());
      closing.get(60, TimeUnit.SECONDS);
    }
    assertEquals(0, countOnNodes(fx, id), "rolled back");
  }

  /** Waits (not a timing assertion) until the home node runs {@code sql}, so the router has started it. */
  private static void awaitRunningOnHome(ShardedFixture fx, String sql) throws Exception {
    try (Connection c = fx.direct(0); Statement s = c.createStatement()) {
      for (int i = 0; i < 500; i++) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query = '" + sql + "'")) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.sleep(10);
      }
    }
    throw new AssertionError(sql + " never started on the home node");
  }

  private static long countOnNodes(ShardedFixture fx, long id) throws SQLException {
    long n = 0;
    for (int node = 0; node < 2; node++) {
      try (Connection c = fx.direct(node); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) FROM public.users WHERE id = " + id)) {
        rs.next();
        n += rs.getLong(1);
      }
    }
    return n;
  }
}
