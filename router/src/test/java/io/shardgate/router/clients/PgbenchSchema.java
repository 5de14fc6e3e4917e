package io.shardgate.router.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * pgbench's tables on a sharded cluster: pgbench_accounts in colo {@code accounts} keyed by aid,
 * pgbench_branches, pgbench_tellers and pgbench_history unsharded on the home node n1. pgbench
 * itself creates and fills them on each node (its DDL, server-side generated rows, primary keys);
 * each node then keeps only the accounts of its own shards.
 */
final class PgbenchSchema {
  static final String COLO_YAML = "  - name: accounts\n    key_type: integer\n    tables: {pgbench_accounts: aid}\n";
  static final int ACCOUNTS_PER_SCALE = 100_000;

  private PgbenchSchema() {}

  /** A router over pgbench's tables at {@code scale}, initialised with the pgbench at {@code pgbench}. */
  static RouterFixture start(LocalCluster cluster, Path pgbench, int scale) throws Exception {
    return new RouterFixture(cluster, "pgbench", List.of(COLO_YAML), "[]", fx -> load(fx, pgbench, scale));
  }

  private static void load(RouterFixture fx, Path pgbench, int scale) {
    Colo colo = fx.topology.colo("accounts").orElseThrow();
    String hash = colo.keyType().sqlHash("aid");
    for (int i = 0; i < fx.nodeCount(); i++) {
      // pgbench -i straight into the node: d(rop) t(ables) G(enerate rows on the server) p(rimary keys)
      ClientProcess.Result init = ClientProcess.run(List.of(pgbench.toString(), "-i", "-I", "dtGp", "-s",
          Integer.toString(scale), "-h", fx.node(i).host(), "-p", Integer.toString(fx.node(i).port()), "-U", "postgres",
          fx.database), null, null, Map.of(), Duration.ofSeconds(60));
      assertEquals(0, init.exitCode(), init.transcript());
      String nodeName = fx.topology.nodes().get(i).name();
      List<String> ranges = new ArrayList<>();
      for (Shard shard : colo.shards()) {
        if (shard.node().equals(nodeName)) {
          ranges.add("(" + shard.range().sqlPredicate(hash) + ")");
        }
      }
      fx.execute(i, "DELETE FROM pgbench_accounts WHERE NOT (" + (ranges.isEmpty() ? "false" : String.join(" OR ", ranges)) + ")");
      if (!nodeName.equals(fx.topology.home())) {
        // unsharded tables live on the home node only: a statement sent elsewhere fails loudly
        fx.execute(i, "DROP TABLE pgbench_branches, pgbench_tellers, pgbench_history");
      }
      fx.execute(i, "VACUUM ANALYZE pgbench_accounts");
    }
  }
}
