package io.shardgate.router.fanout;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;

/**
 * Refuses what would run per shard and so see one shard's rows only: subqueries outside FROM (a scalar
 * subquery, IN, EXISTS), window functions, and derived tables in FROM that aggregate, DISTINCT, window or
 * limit. A derived table that only filters and projects is row by row, so it may stay.
 */
final class Subqueries {
  private Subqueries() {}

  static void check(SqlSelect select, SqlNodeList orderList) {
    check(select, orderList, ShardKeys.NONE);
  }

  /**
   * As {@link #check(SqlSelect, SqlNodeList)}, allowing window functions in the select list and ORDER BY of a
   * statement without aggregates when they partition by a shard key of {@code keys} (each shard holds whole
   * partitions, so it computes them as one database would).
   */
  static void check(SqlSelect select, SqlNodeList orderList, ShardKeys keys) {
    boolean grouped = select.getGroup() != null || select.getHaving() != null
        || AggregateCalls.contains(select.getSelectList()) || AggregateCalls.contains(orderList);
    Windows windows = new Windows(select, keys, grouped);
    expression(select.getSelectList(), "the select list", windows);
    expression(select.getWhere(), "WHERE", null);
    expression(select.getGroup(), "GROUP BY", null);
    expression(select.getHaving(), "HAVING", null);
    expression(orderList, "ORDER BY", windows);
    from(select.getFrom(), keys);
  }

  /** Where window functions may be pushed down to the shards. */
  private record Windows(SqlSelect select, ShardKeys keys, boolean grouped) {}

  /** Refuses a query anywhere in {@code node}, and a window function unless {@code windows} lets it run on shards. */
  private static void expression(SqlNode node, String where, Windows windows) {
    if (node == null) {
      return;
    }
    if (node.getKind().belongsTo(SqlKind.QUERY)) {
      throw FanoutRefusal.subquery(where);
    }
    if (node.getKind() == SqlKind.OVER) {
      SqlNode spec = ((SqlCall) node).operand(1);
      if (windows != null && windows.grouped()) {
        throw FanoutRefusal.construct("a window function in a statement with aggregates or GROUP BY",
            "the merge would have to compute it over the combined groups.");
      }
      if (windows == null || !(spec instanceof org.apache.calcite.sql.SqlWindow w)
          || !windows.keys().partitionsByKey(w, windows.select())) {
        throw FanoutRefusal.construct("a window function whose PARTITION BY does not include the shard key",
            "each shard would compute it over that shard's rows only.");
      }
      expression(((SqlCall) node).operand(0), where, null);
      return;
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        expression(n, where, windows);
      }
    } else if (node instanceof SqlCall call) {
      for (SqlNode n : call.getOperandList()) {
        expression(n, where, windows);
      }
    }
  }

  private static void from(SqlNode node, ShardKeys keys) {
    if (node == null) {
      return;
    }
    switch (node.getKind()) {
      case IDENTIFIER, VALUES -> {
      }
      case JOIN -> {
        SqlJoin join = (SqlJoin) node;
        org.apache.calcite.sql.JoinType type = join.getJoinType();
        boolean leftKept = type == org.apache.calcite.sql.JoinType.LEFT || type == org.apache.calcite.sql.JoinType.FULL;
        boolean rightKept = type == org.apache.calcite.sql.JoinType.RIGHT
            || type == org.apache.calcite.sql.JoinType.FULL;
        if ((leftKept && !keys.holdsColoTable(join.getLeft())) || (rightKept && !keys.holdsColoTable(join.getRight()))) {
          throw FanoutRefusal.construct("an outer join that keeps the rows of a table outside the colo",
              "every shard would add that table's unmatched rows.");
        }
        from(join.getLeft(), keys);
        from(join.getRight(), keys);
        expression(join.getCondition(), "JOIN ... ON", null);
      }
      case AS, LATERAL, TABLESAMPLE -> from(((SqlCall) node).operand(0), keys);
      case SELECT -> derived((SqlSelect) node, keys);
      case ORDER_BY -> {
        SqlOrderBy ob = (SqlOrderBy) node;
        if (ob.fetch != null || ob.offset != null) {
          throw FanoutRefusal.construct("LIMIT / OFFSET in a subquery in FROM",
              "each shard would keep its own first rows.");
        }
        from(ob.query, keys);
      }
      case COLLECTION_TABLE -> expression(((SqlCall) node).operand(0), "a function in FROM", null);
      default -> throw FanoutRefusal.subquery("FROM (" + node.getKind() + ")");
    }
  }

  /** A derived table in FROM: allowed when it works row by row. */
  private static void derived(SqlSelect s, ShardKeys keys) {
    boolean aggregates = s.getGroup() != null || s.getHaving() != null
        || AggregateCalls.contains(s.getSelectList());
    if (aggregates || s.isDistinct() || (s.getWindowList() != null && !s.getWindowList().isEmpty())
        || s.getFetch() != null || s.getOffset() != null) {
      throw FanoutRefusal.construct("a subquery in FROM with aggregates, DISTINCT or LIMIT",
          "each shard would compute it over that shard's rows only.");
    }
    check(s, null, keys);
  }
}
