package io.shardgate.router;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.LocalPostgres;
import io.shardgate.router.frontend.RouterServer;
import io.shardgate.topology.Provisioner;
import io.shardgate.topology.Topology;
import io.shardgate.topology.TopologyLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A real sharded cluster for router tests: a fresh database on every node with the given tables,
 * a users colo (users.id, orders.user_id) of 8 shards over the nodes, reference table countries,
 * unsharded table plans on the home node, provisioned shard schemas, and a router on a free port.
 */
final class ShardedFixture implements AutoCloseable {
  static final String[] COLO_TABLES = {
      "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text)",
      "CREATE TABLE orders (id bigserial, user_id bigint NOT NULL, total numeric(12,2), PRIMARY KEY (user_id, id))",
      "CREATE TABLE countries (code text PRIMARY KEY, name text)",
      "INSERT INTO countries VALUES ('DE', 'Germany'), ('JP', 'Japan')"};
  static final String[] HOME_TABLES = {
      "CREATE TABLE plans (name text PRIMARY KEY, price numeric)",
      "INSERT INTO plans VALUES ('free', 0), ('team', 20)"};

  final LocalCluster cluster;
  final String database;
  final Topology topology;
  final RouterServer router;
  final int port;
  /** The config file (topology and router settings) the router was started with. */
  final java.nio.file.Path configFile;

  ShardedFixture(LocalCluster cluster) throws Exception {
    this(cluster, "");
  }

  /** With extra config sections (auth, tls) appended to the generated topology YAML. */
  ShardedFixture(LocalCluster cluster, String extraYaml) throws Exception {
    this.cluster = cluster;
    this.database = cluster.createDatabase("routing");
    for (int i = 0; i < cluster.nodes().size(); i++) {
      for (String ddl : COLO_TABLES) {
        LocalCluster.execute(cluster.node(i), database, ddl);
      }
      if (i == 0) {
        for (String ddl : HOME_TABLES) {
          LocalCluster.execute(cluster.node(i), database, ddl);
        }
      }
    }
    StringBuilder yaml = new StringBuilder("listen: 127.0.0.1:0\nnodes:\n");
    List<String> placement = new ArrayList<>();
    for (int i = 0; i < cluster.nodes().size(); i++) {
      yaml.append("  - name: n").append(i + 1).append("\n    url: ").append(cluster.node(i).url(database)).append('\n');
    }
    for (int s = 0; s < 8; s++) {
      placement.add("n" + (s * cluster.nodes().size() / 8 + 1));
    }
    yaml.append("home: n1\ncolos:\n  - name: users\n    key_type: bigint\n    tables: {users: id, orders: user_id}\n")
        .append("    shards: 8\n    placement: ").append(placement).append("\nreference_tables: [countries]\n");
    yaml.append(extraYaml);
    java.nio.file.Path file = java.nio.file.Files.createTempFile("shardgate-test", ".yaml");
    java.nio.file.Files.writeString(file, yaml);
    this.configFile = file;
    this.topology = TopologyLoader.load(file);
    new Provisioner(topology).provision();
    this.router = new RouterServer(topology, io.shardgate.router.RouterSettings.load(file));
    this.port = router.start("127.0.0.1", 0).getPort();
  }

  /** A pgJDBC connection through the router (simple query protocol). */
  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database
        + "?user=postgres&preferQueryMode=simple&sslmode=disable");
  }

  /** A direct connection to one node. */
  Connection direct(int node) throws SQLException {
    return DriverManager.getConnection(cluster.node(node).jdbcUrl(database));
  }

  LocalPostgres node(int i) {
    return cluster.node(i);
  }

  @Override
  public void close() {
    router.close();
  }
}
