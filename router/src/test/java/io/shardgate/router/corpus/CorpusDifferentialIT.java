package io.shardgate.router.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import io.shardgate.sql.analysis.StatementKind;
import io.shardgate.sql.lexer.SqlLexer;
import io.shardgate.sql.lexer.Token;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test of the corpus: {@link CorpusData} is loaded into one plain PostgreSQL database and, through
 * the router, into the sharded layout of {@link CorpusCluster}; then every corpus statement the router routes
 * (see corpus/routes.json) that reads (SELECT, VALUES, SHOW) or writes rows (INSERT, UPDATE, DELETE, MERGE;
 * inside a transaction rolled back on both sides) runs through the router with pgJDBC, in the extended and in
 * the simple query protocol ({@link CorpusParameters} bound to its {@code $n}), and directly on the plain
 * database. Errors (by SQLSTATE),
 * column names and types, update counts and rows must agree: as multisets, in order where ORDER BY is total
 * ({@link #ORDERED}), or by shape only where the values depend on the server ({@link #SHAPE_ONLY}).
 *
 * <p>Known router bugs are listed in {@link KnownBugs}: those of {@link KnownBugs#DIFFERENTIAL} (wrong answers)
 * must still differ, so that a fix fails the test until it is removed from the list; a statement refused because
 * of {@link KnownBugs#PARENTHESISED_KEY} may also be answered right by a fan-out (that bug is tracked by
 * CorpusRoutingIT). Any other difference fails the test. A scatter route the fan-out engine refuses (0A000)
 * is counted as skipped: an honest refusal, not a wrong answer.
 */
@PostgresNodes(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusDifferentialIT {
  private static final Set<StatementKind> READS =
      Set.of(StatementKind.SELECT, StatementKind.VALUES, StatementKind.SHOW);
  private static final Set<StatementKind> WRITES =
      Set.of(StatementKind.INSERT, StatementKind.UPDATE, StatementKind.DELETE, StatementKind.MERGE);

  /** Statements whose ORDER BY is a total order on the data set: their rows are compared in order. */
  private static final Set<String> ORDERED = Set.of("rails_migrations", "dj_trunc_month", "hib_paging",
      "node_pg_range", "nowait", "offset_before_limit", "limit_all", "skip_locked", "distinct_on", "rails_columns");

  /** Statements whose values legitimately differ between two databases: columns and row counts are compared. */
  private static final Map<String, String> SHAPE_ONLY = Map.of(
      "regclass_cast", "an OID of the database it runs in",
      "extract_epoch", "the clock",
      "gen_series_ts", "the clock (dates of now())",
      "stat_activity", "other sessions of the server",
      "table_size", "the physical size of a base table; through the router it is the home node's base table",
      "tablesample", "the physical layout of the table's pages",
      "casts_mixed", "LIMIT 1 without ORDER BY picks any row",
      "coalesce_etc", "LIMIT 1 without ORDER BY picks any row",
      "insert_default_kw", "RETURNING created_at DEFAULT now()",
      // A session-level advisory lock outlives the statement on the pooled backend connection that took it
      // (transaction pooling): the second protocol's try-lock says t on that connection and f on any other one.
      "advisory_try", "which pooled backend connection holds the lock an earlier client took");

  private CorpusCluster corpus;
  private String plainDatabase;
  private LocalCluster cluster;

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
        viaRouter.execute(insert); // a refusal here is a bug of the data set or of the router: fail loudly
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
  void everyRowLandedOnceWhereTheTopologyPutsIt() throws Exception {
    List<String> tables = new ArrayList<>(CorpusCluster.TENANT_TABLES);
    tables.addAll(List.of("pgbench_accounts", "categories", "jobs", "blog_post"));
    try (Connection plain = plain(); Connection n1 = corpus.direct(0); Connection n2 = corpus.direct(1)) {
      for (String table : tables) {
        long expected = count(plain, table);
        long onN1 = count(n1, table);
        long onN2 = count(n2, table);
        if (CorpusCluster.REFERENCE_TABLES.contains(table)) {
          assertEquals(List.of(expected, expected), List.of(onN1, onN2), table + ": a full copy on every node");
        } else if (CorpusCluster.HOME_TABLES.contains(table)) {
          assertEquals(List.of(expected, 0L), List.of(onN1, onN2), table + ": on the home node only");
        } else {
          assertEquals(expected, onN1 + onN2, table + ": every row on exactly one node");
          assertTrue(expected > 0, table + " has rows");
        }
      }
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM public." + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * In the extended protocol the router sees {@code $n} and routes on the Bind values; in the simple protocol
   * pgJDBC inlines the values as literals and the router routes on those.
   */
  @ParameterizedTest(name = "{0} query protocol")
  @ValueSource(strings = {"extended", "simple"})
  void routedCorpusStatementsAnswerAsPlainPostgres(String protocol) throws Exception {
    boolean simple = protocol.equals("simple");
    CorpusPlanner planner = new CorpusPlanner(corpus.topology);
    Map<String, Integer> skipped = new TreeMap<>();
    List<String> mismatches = new ArrayList<>();
    Map<String, List<String>> knownStillFailing = new TreeMap<>();
    List<String> knownNowPassing = new ArrayList<>();
    int ran = 0;
    int matched = 0;
    try (Connection router = corpus.connect(simple); Connection plain = plain(); Connection n1 = corpus.direct(0);
         Connection n2 = corpus.direct(1)) {
      for (CorpusStatement s : Corpus.statements()) {
        CorpusPlanner.PlannedRoute route = planner.plan(s.serverSql());
        StatementKind kind = route.analysis().kind();
        boolean write = WRITES.contains(kind) || (kind == StatementKind.SELECT && modifiesInCte(s.sql()));
        if (route.refused()) {
          skipped.merge("refused by the router", 1, Integer::sum);
          continue;
        }
        if (!write && !READS.contains(kind)) {
          skipped.merge("not a read or row write (" + route.kind() + ", " + kind + ")", 1, Integer::sum);
          continue;
        }
        List<String> values = CorpusParameters.of(s);
        for (Connection c : List.of(plain, n1, n2)) {
          try (Statement reset = c.createStatement()) {
            reset.execute(CorpusData.RESET_SEQUENCES);
          }
        }
        QueryOutcome expected = run(plain, s, values, write);
        QueryOutcome actual = run(router, s, values, write);
        if (route.kind().equals("scatter") && actual.fanoutRefused() && !expected.failed()) {
          // an honest refusal, not a wrong answer: the fan-out engine does not take this statement (yet)
          String why = actual.error().lines().findFirst().orElse("");
          skipped.merge("scatter refused at run time: " + why, 1, Integer::sum);
          continue;
        }
        if (route.kind().equals("broadcast") && actual.fanoutRefused() && !expected.failed()) {
          // refused inside the transaction this test rolls back (and in the extended protocol): CorpusBroadcastIT
          // runs these writes outside a transaction
          skipped.merge("broadcast write refused here (checked by CorpusBroadcastIT)", 1, Integer::sum);
          continue;
        }
        ran++;
        QueryOutcome.Comparison how = SHAPE_ONLY.containsKey(s.id()) ? QueryOutcome.Comparison.SHAPE
            : ORDERED.contains(s.id()) ? QueryOutcome.Comparison.ORDERED : QueryOutcome.Comparison.MULTISET;
        String difference = expected.difference(actual, how);
        String line = s.id() + " [" + route.route() + (write ? ", write rolled back" : "") + "]: " + difference;
        String known = KnownBugs.differential(simple, s.id());
        if (difference == null) {
          matched++;
          if (KnownBugs.DIFFERENTIAL.containsKey(s.id())) {
            knownNowPassing.add(s.id());
          }
        } else if (known != null) {
          knownStillFailing.computeIfAbsent(known, k -> new ArrayList<>()).add(line);
        } else {
          mismatches.add(line);
        }
      }
    }
    StringBuilder report = new StringBuilder("corpus differential (" + protocol + " protocol): ran " + ran
        + ", matched " + matched
        + ", known bugs " + knownStillFailing.values().stream().mapToInt(List::size).sum()
        + ", new mismatches " + mismatches.size());
    skipped.forEach((why, n) -> report.append("\n  skipped ").append(n).append(": ").append(why));
    knownStillFailing.forEach((diagnosis, lines) -> {
      report.append("\n  KNOWN BUG: ").append(diagnosis);
      lines.forEach(l -> report.append("\n    ").append(l.replace("\n", "\n    ")));
    });
    mismatches.forEach(m -> report.append("\n  MISMATCH ").append(m));
    System.out.println(report);
    if (!mismatches.isEmpty() || !knownNowPassing.isEmpty()) {
      fail(mismatches.size() + " corpus statements answer differently through the router"
          + (knownNowPassing.isEmpty() ? "" : "; known bugs now fixed (remove them from KnownBugs): " + knownNowPassing)
          + ":\n  " + String.join("\n  ", mismatches));
    }
    assertTrue(ran > 0);
  }

  /** pgJDBC's column metadata of a shard's rows, outside and inside a transaction: {@link KnownBugs#JDBC_METADATA}. */
  @Test
  void jdbcColumnMetadataThroughTheRouter() throws Exception {
    String sql = "SELECT id, email, name FROM users WHERE tenant_id = 42"; // tenant_0007, on n2
    String expected;
    String outside;
    String inTransaction;
    try (Connection plain = plain(); Connection fresh = corpus.connect()) {
      expected = columnMetadata(plain, sql);
      outside = columnMetadata(fresh, sql);
    }
    // a new connection: pgJDBC caches column metadata per connection
    try (Connection router = corpus.connect()) {
      router.setAutoCommit(false);
      try {
        inTransaction = columnMetadata(router, sql);
      } catch (SQLException e) {
        inTransaction = e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse("");
      } finally {
        router.rollback();
        router.setAutoCommit(true);
      }
    }
    // where the row comes from is the shard's business: compare everything but the schema of the base table
    boolean same = withoutSchema(expected).equals(withoutSchema(outside))
        && withoutSchema(expected).equals(withoutSchema(inTransaction));
    System.out.println("jdbc column metadata: plain " + expected + "\n  router " + outside
        + "\n  router in a transaction "
        + inTransaction + (same ? "" : "\n  KNOWN " + KnownBugs.JDBC_METADATA));
    assertTrue(!same, "known bug fixed (" + KnownBugs.JDBC_METADATA + "): make this test assert equality");
  }

  private static String withoutSchema(String metadata) {
    return metadata.replaceAll(" of [^,\\]]*\\.", " of ");
  }

  /** Type name, nullability, auto-increment and base table of each column, as pgJDBC reports them. */
  private static String columnMetadata(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      var md = rs.getMetaData();
      var pg = md.unwrap(org.postgresql.PGResultSetMetaData.class);
      List<String> out = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.add(md.getColumnLabel(i) + " " + md.getColumnTypeName(i) + (md.isNullable(i) == 0 ? " not null" : "")
            + (md.isAutoIncrement(i) ? " auto" : "") + " of " + pg.getBaseSchemaName(i) + "." + pg.getBaseTableName(i));
      }
      return out.toString();
    }
  }

  /** Runs a statement; a write inside a transaction that is rolled back, so every statement sees the same data. */
  private static QueryOutcome run(Connection c, CorpusStatement s, List<String> values, boolean write)
      throws SQLException {
    if (!write) {
      return QueryOutcome.run(c, s, values);
    }
    c.setAutoCommit(false);
    try {
      return QueryOutcome.run(c, s, values);
    } finally {
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  /** Whether a WITH query holds a data-modifying statement ({@code name AS (INSERT|UPDATE|DELETE|MERGE ...)}). */
  private static boolean modifiesInCte(String sql) {
    List<Token> t = SqlLexer.significantTokens(sql);
    for (int i = 0; i + 2 < t.size(); i++) {
      if (t.get(i).isWord(sql, "as") && t.get(i + 1).isChar(sql, '(')) {
        Token w = t.get(i + 2);
        if (w.isWord(sql, "insert") || w.isWord(sql, "update") || w.isWord(sql, "delete") || w.isWord(sql, "merge")) {
          return true;
        }
      }
    }
    return false;
  }
}
