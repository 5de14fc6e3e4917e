package io.shardgate.router.corpus;

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
import java.sql.SQLException;
import java.util.List;

/**
 * The corpus schema sharded over two nodes (8 shards per colo, first four on n1, last four on n2):
 *
 * <ul>
 *   <li>colo {@code tenant}, bigint key {@code tenant_id}: every table that belongs to one tenant (users is
 *       keyed by tenant_id here, not by id: a SaaS application's users belong to a tenant, so a tenant's
 *       orders, users and accounts join on one shard).</li>
 *   <li>colo {@code pgbench}, integer key {@code aid}: pgbench_accounts alone, the only big pgbench table.</li>
 *   <li>reference table {@code categories}: a small, read-mostly lookup table that products join by
 *       {@code category_id} alone (join_10_line); as a colo table that join would carry no shard key.</li>
 *   <li>home (n1), unsharded: the queue (jobs), web sessions, Django/Rails/Prisma bookkeeping tables
 *       (auth_user, django_session, blog_post, schema_migrations, ar_internal_metadata, "User", "Post"),
 *       pgbench's branches/tellers/history (tiny or append-only, updated by bid/tid), and events_p. "User"
 *       and "Post" are not listed in unsharded_tables: the topology file folds names to lower case.</li>
 * </ul>
 *
 * schema.sql is loaded into every node (colo tables must exist on every node holding shards; the
 * unsharded ones matter only on n1 but are harmless elsewhere), then the shard schemas are provisioned.
 */
final class CorpusCluster implements AutoCloseable {
  static final List<String> TENANT_TABLES = List.of("users", "orders", "order_items", "products", "inventory",
      "inventory_updates", "events", "accounts", "transfers", "settings", "notifications", "audit_log", "daily_stats");
  static final List<String> REFERENCE_TABLES = List.of("categories");
  static final List<String> HOME_TABLES = List.of("jobs", "sessions", "auth_user", "django_session", "blog_post",
      "schema_migrations", "ar_internal_metadata", "pgbench_branches", "pgbench_tellers", "pgbench_history",
      "events_p");

  final LocalCluster cluster;
  final String database;
  final Topology topology;
  final Path topologyFile;
  private RouterServer router;
  private int port;

  CorpusCluster(LocalCluster cluster) throws Exception {
    this.cluster = cluster;
    this.database = cluster.createDatabase("corpus");
    for (int i = 0; i < cluster.nodes().size(); i++) {
      LocalCluster.execute(cluster.node(i), database, Corpus.schema());
    }
    StringBuilder yaml = new StringBuilder("listen: 127.0.0.1:0\nnodes:\n");
    for (int i = 0; i < cluster.nodes().size(); i++) {
      yaml.append("  - name: n").append(i + 1).append("\n    url: ").append(cluster.node(i).url(database)).append('\n');
    }
    yaml.append("home: n1\ncolos:\n")
        .append("  - name: tenant\n    key_type: bigint\n    tables: {")
        .append(String.join(", ", TENANT_TABLES.stream().map(t -> t + ": tenant_id").toList())).append("}\n")
        .append("    shards: 8\n")
        .append("  - name: pgbench\n    key_type: integer\n    tables: {pgbench_accounts: aid}\n    shards: 8\n")
        .append("reference_tables: ").append(REFERENCE_TABLES).append('\n')
        .append("unsharded_tables: ").append(HOME_TABLES).append('\n');
    topologyFile = Files.createTempFile("shardgate-corpus", ".yaml");
    Files.writeString(topologyFile, yaml);
    topology = TopologyLoader.load(topologyFile);
    new Provisioner(topology).provision();
  }

  /** Starts a router on a free port (once). */
  CorpusCluster startRouter() throws Exception {
    if (router == null) {
      router = new RouterServer(topology, RouterSettings.load(topologyFile));
      port = router.start("127.0.0.1", 0).getPort();
    }
    return this;
  }

  /** The router's port. */
  int port() {
    return port;
  }

  /** A pgJDBC connection through the router, extended query protocol, string parameters typed by the server. */
  Connection connect() throws SQLException {
    return connect(false);
  }

  /** As {@link #connect()}; with {@code simple}, pgJDBC's simple query protocol (parameters inlined as literals). */
  Connection connect(boolean simple) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database
        + "?user=postgres&sslmode=disable&stringtype=unspecified" + (simple ? "&preferQueryMode=simple" : ""));
  }

  /** A direct connection to node {@code i} (0 = n1, the home node). */
  Connection direct(int i) throws SQLException {
    return DriverManager.getConnection(cluster.node(i).jdbcUrl(database));
  }

  @Override
  public void close() {
    if (router != null) {
      router.close();
    }
  }
}
