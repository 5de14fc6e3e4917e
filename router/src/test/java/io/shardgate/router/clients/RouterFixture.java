package io.shardgate.router.clients;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.LocalPostgres;
import io.shardgate.router.RouterSettings;
import io.shardgate.router.frontend.RouterServer;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Provisioner;
import io.shardgate.topology.Shard;
import io.shardgate.topology.Topology;
import io.shardgate.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A real sharded cluster for client tests, modelled on the router package's ShardedFixture: a fresh
 * database on every node, tables and rows made by a {@link Schema} (which sees the topology, so it
 * can put rows on the node of their shard), provisioned shard schemas, and a router on a free port.
 */
final class RouterFixture implements AutoCloseable {
  /** Creates the tables (and rows) on the nodes, before the shard schemas are provisioned. */
  @FunctionalInterface
  interface Schema {
    void create(RouterFixture fx) throws Exception;
  }

  /** ShardedFixture's colo: users keyed by users.id and orders.user_id. */
  private static final String USERS_COLO_YAML = "  - name: users\n    key_type: bigint\n    tables: {users: id, orders: user_id}\n";
  private static final String[] USERS_TABLES = {
      "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text)",
      "CREATE TABLE orders (id bigserial, user_id bigint NOT NULL, total numeric(12,2), PRIMARY KEY (user_id, id))",
      "CREATE TABLE countries (code text PRIMARY KEY, name text)",
      "INSERT INTO countries VALUES ('DE', 'Germany'), ('JP', 'Japan')"};
  private static final String[] HOME_TABLES = {
      "CREATE TABLE plans (name text PRIMARY KEY, price numeric)",
      "INSERT INTO plans VALUES ('free', 0), ('team', 20)"};

  final LocalCluster cluster;
  final String database;
  final Topology topology;
  final RouterServer router;
  final int port;

  /**
   * Each of {@code colos} is one entry of the YAML list under {@code colos:} without shards and
   * placement: every colo gets 8 shards spread over the nodes in contiguous blocks (n1 first).
   * {@code referenceTables} is the YAML list of reference tables.
   */
  RouterFixture(LocalCluster cluster, String prefix, List<String> colos, String referenceTables, Schema schema)
      throws Exception {
    this(cluster, prefix, colos, referenceTables, schema, "");
  }

  /** With extra router config sections ({@code tls:}, {@code limits:}...) appended to the YAML. */
  RouterFixture(LocalCluster cluster, String prefix, List<String> colos, String referenceTables, Schema schema,
      String extraYaml) throws Exception {
    this.cluster = cluster;
    this.database = cluster.createDatabase(prefix);
    StringBuilder yaml = new StringBuilder("listen: 127.0.0.1:0\nnodes:\n");
    List<String> placement = new ArrayList<>();
    for (int i = 0; i < cluster.nodes().size(); i++) {
      yaml.append("  - name: n").append(i + 1).append("\n    url: ").append(cluster.node(i).url(database)).append('\n');
    }
    for (int s = 0; s < 8; s++) {
      placement.add("n" + (s * cluster.nodes().size() / 8 + 1));
    }
    String shards = "    shards: 8\n    placement: " + placement + "\n";
    yaml.append("home: n1\ncolos:\n");
    for (String colo : colos) {
      yaml.append(colo).append(shards);
    }
    yaml.append("reference_tables: ").append(referenceTables).append('\n').append(extraYaml);
    Path file = Files.createTempFile("shardgate-clients", ".yaml");
    file.toFile().deleteOnExit();
    Files.writeString(file, yaml);
    this.topology = TopologyLoader.load(file);
    schema.create(this);
    new Provisioner(topology).provision();
    this.router = new RouterServer(topology, RouterSettings.load(file));
    this.port = router.start("127.0.0.1", 0).getPort();
  }

  /** ShardedFixture's tables: the users colo, reference table countries, unsharded plans on n1. */
  static RouterFixture usersColo(LocalCluster cluster, String prefix) throws Exception {
    return usersColo(cluster, prefix, "");
  }

  /** {@link #usersColo(LocalCluster, String)} with extra router config sections. */
  static RouterFixture usersColo(LocalCluster cluster, String prefix, String extraYaml) throws Exception {
    return new RouterFixture(cluster, prefix, List.of(USERS_COLO_YAML), "[countries]", fx -> {
      for (int i = 0; i < fx.nodeCount(); i++) {
        for (String ddl : USERS_TABLES) {
          fx.execute(i, ddl);
        }
      }
      for (String ddl : HOME_TABLES) {
        fx.execute(0, ddl);
      }
    }, extraYaml);
  }

  int nodeCount() {
    return cluster.nodes().size();
  }

  LocalPostgres node(int i) {
    return cluster.node(i);
  }

  /** The index of the node named {@code name} (n1 is 0). */
  int nodeIndex(String name) {
    return topology.nodes().indexOf(topology.node(name));
  }

  /** The shard of {@code table}'s colo that holds the key given as text. */
  Shard shardOf(String table, String keyText) {
    Colo colo = topology.coloOfTable(table).orElseThrow();
    return topology.shardForValue(colo, keyText);
  }

  /** A direct pgJDBC connection to one node, bypassing the router. */
  Connection direct(int node) throws SQLException {
    return DriverManager.getConnection(cluster.node(node).jdbcUrl(database));
  }

  /** Runs SQL directly on one node. */
  void execute(int node, String sql) {
    LocalCluster.execute(cluster.node(node), database, sql);
  }

  /** The first column of the first row of {@code sql} (a number) run directly on every node, added up. */
  long sumOverNodes(String sql) throws SQLException {
    long sum = 0;
    for (int i = 0; i < nodeCount(); i++) {
      try (Connection c = direct(i); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        if (rs.next()) {
          sum += rs.getLong(1);
        }
      }
    }
    return sum;
  }

  /** libpq command-line options (host, port, user) that reach the router, for psql and pgbench. */
  List<String> libpqArgs() {
    return List.of("-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres");
  }

  @Override
  public void close() {
    router.close();
  }
}
