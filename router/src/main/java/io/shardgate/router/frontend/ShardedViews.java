package io.shardgate.router.frontend;

import io.shardgate.router.TopologyHolder;
import io.shardgate.router.errors.Errors;
import io.shardgate.router.errors.SqlError;
import io.shardgate.sql.analysis.Analysis;
import io.shardgate.sql.analysis.TableRef;
import io.shardgate.topology.Colo;
import io.shardgate.topology.Node;
import io.shardgate.topology.Topology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Views (and materialized views) in the home node's public schema that read a sharded table. On the
 * home node such a view sees only the rows of the shards placed there, so a statement naming one is
 * refused rather than answered with part of the data.
 */
final class ShardedViews {
  private final TopologyHolder topology;
  private volatile Map<String, String> viewToTable = Map.of();
  /** The colo tables' constraints, read at the same moments (start, after DDL). */
  final ColoConstraints constraints = new ColoConstraints();

  ShardedViews(TopologyHolder topology) {
    this.topology = topology;
  }

  /** Reads the home node's catalog (JDBC; call off the event loops). Failures leave the last list in place. */
  void refresh() {
    Topology t = topology.get();
    List<String> tables = new ArrayList<>();
    for (Colo colo : t.colos()) {
      tables.addAll(colo.tableToKeyColumn().keySet());
    }
    if (tables.isEmpty()) {
      viewToTable = Map.of();
      return;
    }
    Node home = t.homeNode();
    constraints.refresh(home, tables);
    String sql = "SELECT DISTINCT v.relname, s.relname FROM pg_catalog.pg_depend d"
        + " JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid JOIN pg_catalog.pg_class v ON v.oid = r.ev_class"
        + " JOIN pg_catalog.pg_class s ON s.oid = d.refobjid"
        + " WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND v.oid <> s.oid"
        + " AND v.relnamespace = 'public'::regnamespace AND s.relnamespace = 'public'::regnamespace"
        + " AND s.relname = ANY (?)";
    try (Connection c = DriverManager.getConnection(home.jdbcUrl(), home.jdbcProperties());
         PreparedStatement p = c.prepareStatement(sql)) {
      p.setArray(1, c.createArrayOf("text", tables.toArray()));
      Map<String, String> found = new HashMap<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), rs.getString(2));
        }
      }
      viewToTable = Map.copyOf(found);
    } catch (SQLException e) {
      // the home node is down or the database is new: routing still refuses base-table access by name
    }
  }

  /** Refuses a statement that names a view over a sharded table. */
  void check(Analysis analysis) {
    Map<String, String> views = viewToTable;
    if (views.isEmpty() || analysis.kind() == io.shardgate.sql.analysis.StatementKind.DDL) {
      return;
    }
    for (TableRef t : analysis.tables()) {
      String table = views.get(t.name());
      if (table != null && (t.schema() == null || "public".equals(t.schema()))) {
        throw new SqlError(Errors.FEATURE_NOT_SUPPORTED, "view \"" + t.name() + "\" reads sharded table \"" + table
            + "\" and cannot be routed", "On one node the view sees only the rows of that node's shards.",
            "Query \"" + table + "\" directly, with the view's conditions.");
      }
    }
  }
}
