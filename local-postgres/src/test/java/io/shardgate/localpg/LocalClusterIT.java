package io.shardgate.localpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@PostgresNodes(2)
class LocalClusterIT {
  @Test
  void startsTwoNodesWithTheSettingsShardgateNeeds(LocalCluster cluster) throws Exception {
    assertEquals(2, cluster.nodes().size());
    assertNotEquals(cluster.node(0).port(), cluster.node(1).port());
    String db = cluster.createDatabase("probe");
    for (LocalPostgres node : cluster.nodes()) {
      try (Connection c = DriverManager.getConnection(node.jdbcUrl(db)); Statement s = c.createStatement()) {
        ResultSet rs = s.executeQuery("SELECT current_setting('wal_level'), "
            + "current_setting('max_prepared_transactions')::int, current_setting('max_wal_senders')::int, "
            + "current_setting('max_replication_slots')::int, current_database()");
        rs.next();
        assertEquals("logical", rs.getString(1));
        assertEquals(64, rs.getInt(2));
        assertEquals(10, rs.getInt(3));
        assertEquals(10, rs.getInt(4));
        assertEquals(db, rs.getString(5));
      }
    }
  }
}
