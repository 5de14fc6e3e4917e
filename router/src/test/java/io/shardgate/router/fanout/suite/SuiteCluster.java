package io.shardgate.router.fanout.suite;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.router.RouterSettings;
import io.shardgate.router.frontend.RouterServer;
import io.shardgate.topology.Provisioner;
import io.shardgate.topology.Topology;
import io.shardgate.topology.TopologyLoader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * The suite's schema twice: sharded (colo {@code acct}: accounts by id and events by account_id, bigint; colo
 * {@code dev}: devices by serial, text; 8 shards each, four per node; reference table regions) behind a router,
 * and whole in one plain database on the first node. The same rows go into both, by COPY.
 */
final class SuiteCluster implements AutoCloseable {
  static final String SCHEMA = """
      CREATE TABLE accounts (id bigint PRIMARY KEY, name text, region text, score numeric(12,3), balance float8,
        ratio real, active boolean, opened date, seen timestamptz, tags text[], profile jsonb, token uuid,
        small int2, qty int4, blob bytea, note varchar(20), code char(3));
      CREATE TABLE events (account_id bigint NOT NULL, seq int NOT NULL, kind text, amount numeric,
        at timestamp, PRIMARY KEY (account_id, seq));
      CREATE TABLE devices (serial text PRIMARY KEY, owner text, model text, price numeric(10,2), weight real,
        made date);
      CREATE TABLE regions (code text PRIMARY KEY, label text);
      """;

  final LocalCluster cluster;
  final String database;
  final String plainDatabase;
  final Topology topology;
  private final RouterServer router;
  private final int port;

  SuiteCluster(LocalCluster cluster) throws Exception {
    this.cluster = cluster;
    this.database = cluster.createDatabase("suite");
    this.plainDatabase = cluster.createDatabase("suiteplain");
    for (int i = 0; i < cluster.nodes().size(); i++) {
      LocalCluster.execute(cluster.node(i), database, SCHEMA);
    }
    LocalCluster.execute(cluster.node(0), plainDatabase, SCHEMA);
    StringBuilder yaml = new StringBuilder("listen: 127.0.0.1:0\nnodes:\n");
    for (int i = 0; i < cluster.nodes().size(); i++) {
      yaml.append("  - name: n").append(i + 1).append("\n    url: ").append(cluster.node(i).url(database)).append('\n');
    }
    yaml.append("home: n1\ncolos:\n")
        .append("  - name: acct\n    key_type: bigint\n    tables: {accounts: id, events: account_id}\n    shards: 8\n")
        .append("  - name: dev\n    key_type: text\n    tables: {devices: serial}\n    shards: 8\n")
        .append("reference_tables: [regions]\n");
    Path file = Files.createTempFile("shardgate-suite", ".yaml");
    Files.writeString(file, yaml);
    topology = TopologyLoader.load(file);
    new Provisioner(topology).provision();
    router = new RouterServer(topology, RouterSettings.load(file));
    port = router.start("127.0.0.1", 0).getPort();
  }

  /** A pgJDBC connection through the router; {@code options} are extra URL parameters ("&..."). */
  Connection routed(String options) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database
        + "?user=postgres&sslmode=disable" + options);
  }

  /** A pgJDBC connection to the plain database holding every row. */
  Connection plain(String options) throws SQLException {
    return DriverManager.getConnection(cluster.node(0).jdbcUrl(plainDatabase) + options);
  }

  /** Loads {@code csv} into {@code table} of both: through the router (split by shard key) and directly. */
  void copy(String table, String csv) throws Exception {
    String sql = "COPY " + table + " FROM STDIN (FORMAT csv)";
    try (Connection r = routed("&preferQueryMode=simple"); Connection p = plain("")) {
      r.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(csv));
      p.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(csv));
    }
  }

  @Override
  public void close() {
    router.close();
  }
}
