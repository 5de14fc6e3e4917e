package io.shardgate.bench;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.router.RouterSettings;
import io.shardgate.router.frontend.RouterServer;
import io.shardgate.topology.Provisioner;
import io.shardgate.topology.Topology;
import io.shardgate.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fan-out statements through the router (8 shards on 2 nodes) against the same statements on one PostgreSQL
 * holding all rows: ORDER BY x LIMIT 100, GROUP BY with 1,000 groups, count(*) over all rows. Prints a markdown
 * table of median and p90 latencies (ms) and the router/direct ratio. Arguments: rows (default 1,000,000),
 * runs per statement (default 20).
 */
public final class FanoutBench {
  private static final String[][] STATEMENTS = {
      {"ORDER BY x LIMIT 100", "SELECT id, x FROM t ORDER BY x, id LIMIT 100"},
      {"GROUP BY with 1,000 groups", "SELECT g, count(*), sum(x), avg(x) FROM t GROUP BY g"},
      {"count(*) over all rows", "SELECT count(*) FROM t"},
      {"ORDER BY x LIMIT 100 OFFSET 10000", "SELECT id, x FROM t ORDER BY x, id LIMIT 100 OFFSET 10000"},
      {"count(DISTINCT g)", "SELECT count(DISTINCT g) FROM t"}};

  private FanoutBench() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (LocalCluster cluster = LocalCluster.startThrowaway(3)) {
      String db = cluster.createDatabase("bench");
      String ddl = "CREATE TABLE t (id bigint PRIMARY KEY, g int, x int, v text)";
      String fill = "INSERT INTO t SELECT i, i % 1000, (i::bigint * 7919) % 1000003, 'value ' || i FROM generate_series(1, "
          + rows + ") i";
      // node 0: every row (direct); nodes 1 and 2: the rows of shards 0-3 (hash < 0) and 4-7 (hash >= 0)
      LocalCluster.execute(cluster.node(0), db, ddl + ";\n" + fill);
      LocalCluster.execute(cluster.node(1), db, ddl + ";\n" + fill.replace("generate_series(1, " + rows + ") i",
          "generate_series(1, " + rows + ") i WHERE hashint8extended(i, 0) < 0"));
      LocalCluster.execute(cluster.node(2), db, ddl + ";\n" + fill.replace("generate_series(1, " + rows + ") i",
          "generate_series(1, " + rows + ") i WHERE hashint8extended(i, 0) >= 0"));
      for (int n = 0; n < 3; n++) {
        LocalCluster.execute(cluster.node(n), db, "VACUUM ANALYZE t");
      }
      String yaml = "listen: 127.0.0.1:0\nnodes:\n  - name: n1\n    url: " + cluster.node(1).url(db)
          + "\n  - name: n2\n    url: " + cluster.node(2).url(db)
          + "\nhome: n1\ncolos:\n  - name: c\n    key_type: bigint\n    tables: {t: id}\n    shards: 8\n"
          + "    placement: [n1, n1, n1, n1, n2, n2, n2, n2]\n";
      Path file = Files.createTempFile("shardgate-fanout-bench", ".yaml");
      Files.writeString(file, yaml);
      Topology topology = TopologyLoader.load(file);
      new Provisioner(topology).provision();
      try (RouterServer router = new RouterServer(topology, RouterSettings.load(file))) {
        int port = router.start("127.0.0.1", 0).getPort();
        String routed = "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=postgres&sslmode=disable"
            + "&preferQueryMode=simple";
        String direct = cluster.node(0).jdbcUrl(db) + "&preferQueryMode=simple";
        System.out.printf(Locale.ROOT, "%n%d rows; %d runs per statement after 3 warm-up runs; simple protocol%n%n",
            rows, runs);
        System.out.println("| statement | one PostgreSQL: median (p90) ms | router, 8 shards: median (p90) ms "
            + "| ratio of medians |");
        System.out.println("|---|---:|---:|---:|");
        try (Connection d = DriverManager.getConnection(direct); Connection r = DriverManager.getConnection(routed)) {
          for (String[] s : STATEMENTS) {
            double[] dt = time(d, s[1], runs);
            double[] rt = time(r, s[1], runs);
            System.out.printf(Locale.ROOT, "| %s | %.1f (%.1f) | %.1f (%.1f) | %.2f |%n", s[0], dt[0], dt[1], rt[0],
                rt[1], rt[0] / dt[0]);
          }
        }
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Median and p90 wall-clock milliseconds of {@code runs} executions (rows read to the end). */
  private static double[] time(Connection c, String sql, int runs) throws Exception {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < runs + 3; i++) {
      long t0 = System.nanoTime();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          rs.getString(1);
        }
      }
      if (i >= 3) {
        ms.add((System.nanoTime() - t0) / 1e6);
      }
    }
    double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new double[] {sorted[sorted.length / 2], sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.9)]};
  }

}
