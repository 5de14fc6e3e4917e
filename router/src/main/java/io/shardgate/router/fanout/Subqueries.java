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
    expression(select.getSelectList(), "the select list");
    expression(select.getWhere(), "WHERE");
    expression(select.getGroup(), "GROUP BY");
    expression(select.getHaving(), "HAVING");
    expression(orderList, "ORDER BY");
    from(select.getFrom());
  }

  /** Refuses a query or a window function anywhere in {@code node}. */
  private static void expression(SqlNode node, String where) {
    if (node == null) {
      return;
    }
    if (node.getKind().belongsTo(SqlKind.QUERY)) {
      throw FanoutRefusal.subquery(where);
    }
    if (node.getKind() == SqlKind.OVER) {
      throw FanoutRefusal.construct("a window function",
          "each shard would compute it over that shard's rows only.");
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        expression(n, where);
      }
    } else if (node instanceof SqlCall call) {
      for (SqlNode n : call.getOperandList()) {
        expression(n, where);
      }
    }
  }

  private static void from(SqlNode node) {
    if (node == null) {
      return;
    }
    switch (node.getKind()) {
      case IDENTIFIER, VALUES -> {
      }
      case JOIN -> {
        SqlJoin join = (SqlJoin) node;
        from(join.getLeft());
        from(join.getRight());
        expression(join.getCondition(), "JOIN ... ON");
      }
      case AS, LATERAL, TABLESAMPLE -> from(((SqlCall) node).operand(0));
      case SELECT -> derived((SqlSelect) node);
      case ORDER_BY -> {
        SqlOrderBy ob = (SqlOrderBy) node;
        if (ob.fetch != null || ob.offset != null) {
          throw FanoutRefusal.construct("LIMIT / OFFSET in a subquery in FROM",
              "each shard would keep its own first rows.");
        }
        from(ob.query);
      }
      case COLLECTION_TABLE -> expression(((SqlCall) node).operand(0), "a function in FROM");
      default -> throw FanoutRefusal.subquery("FROM (" + node.getKind() + ")");
    }
  }

  /** A derived table in FROM: allowed when it works row by row. */
  private static void derived(SqlSelect s) {
    boolean aggregates = s.getGroup() != null || s.getHaving() != null
        || AggregateCalls.contains(s.getSelectList());
    if (aggregates || s.isDistinct() || (s.getWindowList() != null && !s.getWindowList().isEmpty())
        || s.getFetch() != null || s.getOffset() != null) {
      throw FanoutRefusal.construct("a subquery in FROM with aggregates, DISTINCT or LIMIT",
          "each shard would compute it over that shard's rows only.");
    }
    check(s, null);
  }
}
