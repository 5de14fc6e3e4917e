package io.shardgate.router.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Differential test of the writes the router runs on every shard (route {@code broadcast} in corpus/routes.json):
 * each runs outside a transaction through the router (simple query protocol) and on one plain PostgreSQL holding
 * the same rows; their outcomes (update counts, RETURNING rows, errors) must agree, and afterwards every written
 * table must hold the same rows on the two sides (the sharded side read from the nodes' base tables directly).
 * CorpusDifferentialIT cannot check these: it runs writes inside a transaction it rolls back, where the router
 * refuses a write on several shards.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusBroadcastIT {
  private CorpusCluster corpus;
  private LocalCluster cluster;
  private String plainDatabase;

  @BeforeAll
  void start(LocalCluster cluster) throws Exception {
    this.cluster = cluster;
    corpus = new CorpusCluster(cluster).startRouter();
    plainDatabase = cluster.createDatabase("plain");
    LocalCluster.execute(cluster.node(0), plainDatabase, Corpus.schema());
    try (Connection router = corpus.connect(); Connection plain = plain();
         Statement viaRouter = router.createStatement(); Statement direct = plain.createStatement()) {
      for (String insert : CorpusData.ROUTED) {
        direct.execute(insert);
        viaRouter.execute(insert);
      }
      for (String insert : CorpusData.EVERY_NODE) {
        direct.execute(insert);
        for (int i = 0; i < cluster.nodes().size(); i++) {
          LocalCluster.execute(cluster.node(i), corpus.database, insert);
        }
      }
    }
  }

  @AfterAll
  void stop() {
    if (corpus != null) {
      corpus.close();
    }
  }

  private Connection plain() throws SQLException {
    return DriverManager.getConnection(cluster.node(0).jdbcUrl(plainDatabase) + "&stringtype=unspecified");
  }

  @Test
  void broadcastWritesAnswerAndWriteAsPlainPostgres() throws Exception {
    CorpusPlanner planner = new CorpusPlanner(corpus.topology);
    List<String> mismatches = new ArrayList<>();
    int ran = 0;
    try (Connection router = corpus.connect(true); Connection plain = plain()) {
      for (CorpusStatement s : Corpus.statements()) {
        CorpusPlanner.PlannedRoute route = planner.plan(s.serverSql());
        if (!route.kind().equals("broadcast")) {
          continue;
        }
        ran++;
        List<String> values = CorpusParameters.of(s);
        QueryOutcome expected = QueryOutcome.run(plain, s, values);
        QueryOutcome actual = QueryOutcome.run(router, s, values);
        String difference = expected.difference(actual, QueryOutcome.Comparison.MULTISET);
        if (difference != null) {
          mismatches.add(s.id() + ": " + difference);
        }
        if (expected.failed()) {
          mismatches.add(s.id() + ": fails on plain PostgreSQL (" + expected.error() + "), so it proves nothing");
        }
        for (String table : route.analysis().writtenTables()) {
          TreeSet<String> plainRows = rows(plain, table);
          TreeSet<String> shardedRows = new TreeSet<>();
          for (int i = 0; i < cluster.nodes().size(); i++) {
            try (Connection node = corpus.direct(i)) {
              shardedRows.addAll(rows(node, table));
            }
          }
          if (!plainRows.equals(shardedRows)) {
            mismatches.add(s.id() + ": table " + table + " differs after the write");
          }
        }
      }
    }
    System.out.println("broadcast writes: ran " + ran + ", mismatches " + mismatches);
    assertTrue(ran >= 4, "the corpus has at least 4 broadcast writes, found " + ran);
    assertEquals(List.of(), mismatches);
  }

  /**
   * Every row of {@code public.table} as text (ids are unique, so a set is a multiset here), without updated_at:
   * statements that set it to now() run at different moments on the two sides.
   */
  private static TreeSet<String> rows(Connection c, String table) throws SQLException {
    TreeSet<String> out = new TreeSet<>();
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT (to_jsonb(t) - 'updated_at')::text FROM public." + table + " t")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void sumsCountsAndConcatenatesReturningRowsUnderOneDescription() throws Exception {
    String sql = "UPDATE orders SET status = status WHERE status IS NOT NULL RETURNING id, status";
    try (Connection router = corpus.connect(true); Connection plain = plain();
         Statement viaRouter = router.createStatement(); Statement direct = plain.createStatement()) {
      TreeSet<String> expected = returned(direct, sql);
      TreeSet<String> actual = returned(viaRouter, sql);
      assertTrue(expected.size() > 8, "orders on several shards");
      assertEquals(expected, actual);
      assertEquals(direct.executeUpdate("DELETE FROM order_items WHERE quantity < 0"),
          viaRouter.executeUpdate("DELETE FROM order_items WHERE quantity < 0"));
      assertEquals(direct.executeUpdate("UPDATE users SET version = version"),
          viaRouter.executeUpdate("UPDATE users SET version = version"));
    }
  }

  private static TreeSet<String> returned(Statement s, String sql) throws SQLException {
    TreeSet<String> out = new TreeSet<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      assertEquals(List.of("id", "status"), List.of(rs.getMetaData().getColumnName(1), rs.getMetaData().getColumnName(2)));
      while (rs.next()) {
        out.add(rs.getLong(1) + " " + rs.getString(2));
      }
    }
    return out;
  }

  @Test
  void aShardsErrorIsOneErrorNamingTheShardAndTheSessionGoesOn() throws Exception {
    try (Connection router = corpus.connect(true); Statement s = router.createStatement()) {
      SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          () -> s.executeQuery("UPDATE users SET email = NULL RETURNING id"));
      assertEquals("23502", e.getSQLState());
      assertTrue(e.getMessage().contains("(on shard tenant_"), e.getMessage());
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
      }
    }
  }

  /** The sum of users.version over every node's base table. */
  private long versionSum() throws Exception {
    long sum = 0;
    for (int i = 0; i < 2; i++) {
      try (Connection node = corpus.direct(i); Statement s = node.createStatement();
           ResultSet rs = s.executeQuery("SELECT coalesce(sum(version), 0) FROM public.users")) {
        rs.next();
        sum += rs.getLong(1);
      }
    }
    return sum;
  }

  @Test
  void aWriteOnSeveralShardsIsAllOrNothing() throws Exception {
    try (Connection router = corpus.connect(true); Statement s = router.createStatement()) {
      long before = versionSum();
      long rows;
      try (ResultSet rs = s.executeQuery("SELECT count(*), min(id) FROM users")) {
        rs.next();
        rows = rs.getLong(1);
        long victim = rs.getLong(2);
        // +1 on every row, but division by zero on the one row `victim`, on one shard only
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
            () -> s.executeUpdate("UPDATE users SET version = version + 1 + 0 * (1 / (id - " + victim + "))"));
        assertEquals("22012", e.getSQLState());
      }
      assertEquals(before, versionSum(), "the other shards' updates were rolled back with the failing one");
      assertEquals(rows, s.executeUpdate("UPDATE users SET version = version + 1"));
      assertEquals(before + rows, versionSum());
    }
  }

  @Test
  void insideATransactionAWriteOnSeveralShardsCommitsOrRollsBackWithIt() throws Exception {
    try (Connection router = corpus.connect(true); Statement s = router.createStatement()) {
      long before = versionSum();
      router.setAutoCommit(false);
      int updated = s.executeUpdate("UPDATE users SET version = version + 1");
      assertTrue(updated > 0);
      router.rollback();
      assertEquals(before, versionSum());
      assertEquals(updated, s.executeUpdate("UPDATE users SET version = version + 1"));
      router.commit();
      router.setAutoCommit(true);
      assertEquals(before + updated, versionSum());
    }
  }
}
