package io.shardgate.router.fanout.suite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.PostgresNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The fan-out differential suite: generated and hand-written SELECTs through the router (two colos of 8 shards
 * on 2 nodes, a reference table) and on one plain PostgreSQL holding every row. Answers must be equal: column
 * names and types, then rows in order where the ORDER BY fixes it and as multisets otherwise; an error must be
 * PostgreSQL's (same SQLSTATE); a refusal (0A000) counts separately and is accepted only where the statement
 * names why. Every fourth statement without {@code ?} is also run through the extended protocol with binary
 * results. Counts per feature class go to stdout and target/fanout/suite-report.md.
 */
@PostgresNodes(2)
class FanoutSuiteIT {
  private static final long SEED = 20261122L;
  private static final int PER_FEATURE = 30;

  private record Outcome(List<String> header, List<List<String>> rows, String sqlState, String message) {
    static Outcome error(SQLException e) {
      return new Outcome(null, null, e.getSQLState(), e.getMessage());
    }

    boolean failed() {
      return sqlState != null;
    }
  }

  /** Per feature class: statements, equal answers, equal errors, accepted refusals, failures. */
  private static final class Tally {
    int statements;
    int equal;
    int errors;
    int refused;
    int failed;
  }

  @Test
  void routerAnswersEveryStatementAsOnePostgresWould(LocalCluster cluster) throws Exception {
    try (SuiteCluster sc = new SuiteCluster(cluster)) {
      sc.copy("accounts", SuiteData.accounts());
      sc.copy("events", SuiteData.events());
      sc.copy("devices", SuiteData.devices());
      for (int i = 0; i < cluster.nodes().size(); i++) {
        LocalCluster.execute(cluster.node(i), sc.database, SuiteData.REGION_ROWS);
      }
      LocalCluster.execute(cluster.node(0), sc.plainDatabase, SuiteData.REGION_ROWS);
      List<SuiteStatement> statements = new ArrayList<>(new StatementGrammar(SEED).generate(PER_FEATURE));
      statements.addAll(HandWritten.statements());
      Map<String, Tally> tallies = new TreeMap<>();
      List<String> failures = new ArrayList<>();
      List<String> refusals = new ArrayList<>();
      String simple = "&preferQueryMode=simple";
      String binary = "&preferQueryMode=extended&prepareThreshold=-1&binaryTransfer=true";
      try (Connection plainSimple = sc.plain(simple); Connection routedSimple = sc.routed(simple);
           Connection plainBinary = sc.plain(binary); Connection routedBinary = sc.routed(binary)) {
        int n = 0;
        for (SuiteStatement s : statements) {
          boolean extended = !s.parameters().isEmpty();
          run(s, extended ? plainBinary : plainSimple, extended ? routedBinary : routedSimple,
              tallies.computeIfAbsent(s.feature(), k -> new Tally()), failures, refusals, "");
          if (!extended && n++ % 4 == 0 && !s.sql().contains("?")) {
            run(s, plainBinary, routedBinary, tallies.computeIfAbsent("extended protocol, binary results",
                k -> new Tally()), failures, refusals, " [extended, binary]");
          }
        }
      }
      String report = report(tallies, refusals);
      System.out.println(report);
      Path file = Path.of("target", "fanout", "suite-report.md");
      Files.createDirectories(file.getParent());
      Files.writeString(file, report + "\n## Failures\n\n" + String.join("\n\n", failures) + "\n");
      assertTrue(failures.isEmpty(), failures.size() + " statements answered differently:\n\n"
          + String.join("\n\n", failures.subList(0, Math.min(40, failures.size()))));
    }
  }

  private static void run(SuiteStatement s, Connection plain, Connection routed, Tally tally, List<String> failures,
                          List<String> refusals, String mode) {
    tally.statements++;
    Outcome expected = execute(plain, s);
    Outcome actual = execute(routed, s);
    String problem = null;
    if (actual.failed() && "0A000".equals(actual.sqlState()) && !"0A000".equals(expected.sqlState())) {
      if (s.refusal() != null) {
        tally.refused++;
        refusals.add(s.feature() + mode + ": " + s.sql() + "\n  -> " + actual.message().lines().findFirst().orElse("")
            + "\n  accepted: " + s.refusal());
        return;
      }
      problem = "refused: " + actual.message();
    } else if (expected.failed() || actual.failed()) {
      if (expected.failed() && actual.failed() && expected.sqlState().equals(actual.sqlState())) {
        tally.errors++;
        return;
      }
      problem = "PostgreSQL: " + (expected.failed() ? expected.sqlState() + " " + expected.message() : "rows")
          + "\n  router: " + (actual.failed() ? actual.sqlState() + " " + actual.message() : "rows");
    } else {
      problem = compare(s, expected, actual);
    }
    if (problem == null) {
      tally.equal++;
    } else {
      tally.failed++;
      failures.add(s.feature() + mode + ": " + s.sql() + "\n  " + problem);
    }
  }

  private static Outcome execute(Connection c, SuiteStatement s) {
    try {
      if (s.parameters().isEmpty() && !c.getMetaData().getURL().contains("binaryTransfer")) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(s.sql())) {
          return read(rs, s.approximate());
        }
      }
      try (PreparedStatement ps = c.prepareStatement(s.sql())) {
        for (int i = 0; i < s.parameters().size(); i++) {
          ps.setObject(i + 1, s.parameters().get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          return read(rs, s.approximate());
        }
      }
    } catch (SQLException e) {
      return Outcome.error(e);
    }
  }

  private static Outcome read(ResultSet rs, boolean approximate) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> header = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      header.add(md.getColumnLabel(i) + ":" + md.getColumnTypeName(i));
    }
    List<List<String>> rows = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        String type = md.getColumnTypeName(i);
        String v = type.equals("bytea") && rs.getBytes(i) != null ? java.util.HexFormat.of().formatHex(rs.getBytes(i))
            : rs.getString(i);
        if (approximate && v != null && (type.equals("float8") || type.equals("float4"))) {
          v = approximately(v, type.equals("float4") ? 5 : 12);
        }
        row.add(v);
      }
      rows.add(row);
    }
    return new Outcome(header, rows, null, null);
  }

  /** A float to {@code digits} significant digits: sums in another order differ in the last bits. */
  private static String approximately(String v, int digits) {
    try {
      double d = Double.parseDouble(v);
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return v;
      }
      return Math.abs(d) < 1e-9 ? "~0" : String.format(Locale.ROOT, "%." + digits + "g", d);
    } catch (NumberFormatException e) {
      return v;
    }
  }

  /** Null when equal; else what differs. */
  private static String compare(SuiteStatement s, Outcome expected, Outcome actual) {
    if (!expected.header().equals(actual.header())) {
      return "columns: PostgreSQL " + expected.header() + ", router " + actual.header();
    }
    List<List<String>> e = expected.rows();
    List<List<String>> a = actual.rows();
    if (s.order() != null && s.order().length == 0) {
      return e.equals(a) ? null : "rows in order differ:\n  PostgreSQL " + head(e) + "\n  router     " + head(a);
    }
    if (s.order() != null) {
      List<List<String>> ek = keys(e, s.order());
      List<List<String>> ak = keys(a, s.order());
      if (!ek.equals(ak)) {
        return "order keys differ:\n  PostgreSQL " + head(ek) + "\n  router     " + head(ak);
      }
    }
    List<String> es = sorted(e);
    List<String> as = sorted(a);
    return es.equals(as) ? null : "rows differ (as multisets):\n  PostgreSQL " + head(es) + "\n  router     "
        + head(as);
  }

  private static List<List<String>> keys(List<List<String>> rows, int[] columns) {
    return rows.stream().map(r -> Arrays.stream(columns).mapToObj(r::get).toList()).toList();
  }

  private static List<String> sorted(List<List<String>> rows) {
    return rows.stream().map(String::valueOf).sorted().toList();
  }

  private static String head(List<?> rows) {
    return rows.size() + " rows " + rows.subList(0, Math.min(6, rows.size()));
  }

  private static String report(Map<String, Tally> tallies, List<String> refusals) {
    StringBuilder sb = new StringBuilder("# Fan-out differential suite\n\n")
        .append("| feature class | statements | equal answers | equal errors | refused (0A000) | failed |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    Tally total = new Tally();
    tallies.forEach((feature, t) -> {
      sb.append("| ").append(feature).append(" | ").append(t.statements).append(" | ").append(t.equal)
          .append(" | ").append(t.errors).append(" | ").append(t.refused).append(" | ").append(t.failed)
          .append(" |\n");
      total.statements += t.statements;
      total.equal += t.equal;
      total.errors += t.errors;
      total.refused += t.refused;
      total.failed += t.failed;
    });
    sb.append("| **all** | ").append(total.statements).append(" | ").append(total.equal).append(" | ")
        .append(total.errors).append(" | ").append(total.refused).append(" | ")
        .append(total.failed).append(" |\n");
    sb.append("\n## Refusals\n\n");
    refusals.forEach(r -> sb.append("- ").append(r.replace("\n", "\n  ")).append('\n'));
    return sb.toString();
  }
}
