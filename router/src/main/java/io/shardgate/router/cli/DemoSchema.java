package io.shardgate.router.cli;

import io.shardgate.localpg.LocalCluster;
import io.shardgate.localpg.LocalPostgres;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import io.shardgate.topology.Topology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The demo's sample schema, config and rows. */
final class DemoSchema {
  static final String DATABASE = "app";
  private static final int USERS = 200;
  private static final int ORGS = 20;
  private static final String[] COLO_DDL = {
      "CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint, name text NOT NULL, email text, created_at timestamptz DEFAULT now())",
      "CREATE TABLE orders (id bigserial, user_id bigint NOT NULL, total numeric(12,2), status text DEFAULT 'new', PRIMARY KEY (user_id, id))",
      "CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL, plan text)",
      "CREATE TABLE projects (org_id bigint NOT NULL, id bigint NOT NULL, name text, PRIMARY KEY (org_id, id))",
      "CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL)",
      "INSERT INTO countries VALUES ('DE', 'Germany'), ('FR', 'France'), ('JP', 'Japan'), ('US', 'United States'), ('BR', 'Brazil')"};
  private static final String[] HOME_DDL = {
      "CREATE TABLE plans (name text PRIMARY KEY, price numeric(8,2))",
      "INSERT INTO plans VALUES ('free', 0), ('team', 20), ('enterprise', 400)"};

  private final LocalCluster cluster;
  private final int shards;

  DemoSchema(LocalCluster cluster, int shards) {
    this.cluster = cluster;
    this.shards = shards;
  }

  /** The topology config: shards spread over the nodes in contiguous blocks. */
  String configYaml(String listen) {
    StringBuilder y = new StringBuilder("listen: ").append(listen).append("\nnodes:\n");
    for (int i = 0; i < cluster.nodes().size(); i++) {
      y.append("  - name: n").append(i + 1).append("\n    url: ").append(cluster.node(i).url(DATABASE)).append('\n');
    }
    y.append("home: n1\ncolos:\n");
    y.append("  - name: users\n    key_type: bigint\n    tables: {users: id, orders: user_id}\n    shards: ").append(shards)
        .append("\n    placement: ").append(placement()).append('\n');
    y.append("  - name: orgs\n    key_type: bigint\n    tables: {orgs: id, projects: org_id}\n    shards: ").append(shards)
        .append("\n    placement: ").append(placement()).append('\n');
    y.append("reference_tables: [countries]\n");
    return y.toString();
  }

  private String placement() {
    List<String> p = new ArrayList<>();
    int n = cluster.nodes().size();
    for (int s = 0; s < shards; s++) {
      p.add("n" + (s * n / shards + 1));
    }
    return p.toString();
  }

  /** Creates the database and tables where they are missing; returns true when it created them. */
  boolean createIfMissing() throws SQLException {
    boolean created = false;
    for (int i = 0; i < cluster.nodes().size(); i++) {
      LocalPostgres node = cluster.node(i);
      try (Connection c = DriverManager.getConnection(node.jdbcUrl("postgres")); Statement s = c.createStatement()) {
        ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
        if (rs.next()) {
          continue;
        }
        s.execute("CREATE DATABASE " + DATABASE);
      }
      created = true;
      try (Connection c = DriverManager.getConnection(node.jdbcUrl(DATABASE)); Statement s = c.createStatement()) {
        for (String ddl : COLO_DDL) {
          s.execute(ddl);
        }
        if (i == 0) {
          for (String ddl : HOME_DDL) {
            s.execute(ddl);
          }
        }
      }
    }
    return created;
  }

  /** Inserts sample users, orders, orgs and projects on the node that holds each row's shard. */
  void loadSampleRows(Topology topology) throws SQLException {
    Colo users = topology.coloOfTable("users").orElseThrow();
    Colo orgs = topology.coloOfTable("orgs").orElseThrow();
    List<Connection> conns = new ArrayList<>();
    try {
      for (LocalPostgres node : cluster.nodes()) {
        Connection c = DriverManager.getConnection(node.jdbcUrl(DATABASE));
        c.setAutoCommit(false);
        conns.add(c);
      }
      for (long id = 1; id <= USERS; id++) {
        Connection c = conns.get(nodeIndex(topology, topology.shardForValue(users, Long.toString(id))));
        try (PreparedStatement p = c.prepareStatement("INSERT INTO users (id, org_id, name, email) VALUES (?, ?, ?, ?)")) {
          p.setLong(1, id);
          p.setLong(2, 1 + id % ORGS);
          p.setString(3, "user " + id);
          p.setString(4, "user" + id + "@example.com");
          p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO orders (user_id, total, status) VALUES (?, ?, ?)")) {
          for (int k = 0; k < id % 4; k++) {
            p.setLong(1, id);
            p.setBigDecimal(2, java.math.BigDecimal.valueOf(id * 7 + k * 3, 1));
            p.setString(3, k % 2 == 0 ? "paid" : "new");
            p.executeUpdate();
          }
        }
      }
      for (long id = 1; id <= ORGS; id++) {
        Connection c = conns.get(nodeIndex(topology, topology.shardForValue(orgs, Long.toString(id))));
        try (PreparedStatement p = c.prepareStatement("INSERT INTO orgs VALUES (?, ?, ?)")) {
          p.setLong(1, id);
          p.setString(2, "org " + id);
          p.setString(3, id % 3 == 0 ? "enterprise" : "team");
          p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO projects VALUES (?, ?, ?)")) {
          p.setLong(1, id);
          p.setLong(2, 1);
          p.setString(3, "project of org " + id);
          p.executeUpdate();
        }
      }
      for (Connection c : conns) {
        c.commit();
      }
    } finally {
      for (Connection c : conns) {
        c.close();
      }
    }
  }

  private static int nodeIndex(Topology topology, Shard shard) {
    return topology.nodes().indexOf(topology.node(shard.node()));
  }
}
