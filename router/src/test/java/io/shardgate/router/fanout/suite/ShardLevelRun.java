package io.shardgate.router.fanout.suite;

import io.shardgate.engine.ListRowStream;
import io.shardgate.engine.RowStream;
import io.shardgate.pgwire.message.DataRow;
import io.shardgate.pgwire.message.RowDescription;
import io.shardgate.router.fanout.FanoutPlan;
import io.shardgate.router.fanout.FanoutPlanner;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Shard;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement the router's planner does not route to every shard yet (a join within a colo, a set operation
 * naming a table twice), run as {@link FanoutPlanner} plans it: the shard SQL on each of the colo's 8 shard
 * schemas, straight to the nodes in text format, and the plan's merge over the answers. What the router would
 * return once the planner routes such statements to every shard.
 */
final class ShardLevelRun implements AutoCloseable {
  private final SuiteCluster sc;
  private final Map<String, Connection> shards = new HashMap<>();
  private final Map<String, Integer> oids = new HashMap<>();
  private final Map<Integer, String> names = new HashMap<>();

  ShardLevelRun(SuiteCluster sc) throws SQLException {
    this.sc = sc;
    try (Connection c = sc.plain(""); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT typname, oid::int FROM pg_type")) {
      while (rs.next()) {
        oids.put(rs.getString(1), rs.getInt(2));
        names.put(rs.getInt(2), rs.getString(1));
      }
    }
  }

  /** The merged answer: a header of name:type per column, then the rows as text. */
  List<List<String>> run(String sql, String coloName, List<String> header) throws SQLException {
    Colo colo = sc.topology.colo(coloName).orElseThrow();
    FanoutPlan plan = FanoutPlanner.plan(sql, colo.shards().size());
    List<RowStream> streams = new ArrayList<>();
    for (Shard shard : colo.shards()) {
      streams.add(query(shard, plan.shardSql()));
    }
    List<List<String>> rows = new ArrayList<>();
    try (RowStream merged = plan.open(streams)) {
      for (RowDescription.Field f : merged.description().fields()) {
        header.add(f.name() + ":" + names.get(f.typeOid()));
      }
      for (DataRow r = merged.next(); r != null; r = merged.next()) {
        List<String> row = new ArrayList<>();
        for (byte[] v : r.values()) {
          row.add(v == null ? null : new String(v, StandardCharsets.UTF_8));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private RowStream query(Shard shard, String sql) throws SQLException {
    Connection c = shards.get(shard.schemaName());
    if (c == null) {
      int node = Integer.parseInt(shard.node().substring(1)) - 1;
      c = DriverManager.getConnection(sc.cluster.node(node).jdbcUrl(sc.database) + "&preferQueryMode=simple"
          + "&options=-c%20search_path%3D" + shard.schemaName());
      shards.put(shard.schemaName(), c);
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<RowDescription.Field> fields = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        fields.add(new RowDescription.Field(md.getColumnLabel(i), 0, (short) 0, oids.get(md.getColumnTypeName(i)),
            (short) -1, -1, (short) 0));
      }
      List<DataRow> rows = new ArrayList<>();
      while (rs.next()) {
        String[] values = new String[md.getColumnCount()];
        for (int i = 0; i < values.length; i++) {
          values[i] = rs.getString(i + 1);
        }
        rows.add(DataRow.ofText(values));
      }
      return new ListRowStream(new RowDescription(fields), rows);
    }
  }

  @Override
  public void close() throws SQLException {
    for (Connection c : shards.values()) {
      c.close();
    }
  }
}
