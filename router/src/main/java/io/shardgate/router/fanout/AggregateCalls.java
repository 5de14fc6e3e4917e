package io.shardgate.router.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelectKeyword;

/**
 * Which calls are aggregates, by PostgreSQL's built-in aggregate names (a user-defined aggregate looks like
 * any other function to a parser, so it cannot be recognised), and which of them the merge re-combines.
 */
final class AggregateCalls {
  /** Re-combinable from per-shard partials by the engine's aggregate operators. */
  static final Set<String> COMBINABLE = Set.of("count", "sum", "min", "max", "avg", "bool_and", "bool_or",
      "every");

  /** Order-dependent: computed by the merge from the raw per-row inputs the shards return. */
  static final Set<String> ORDERED = Set.of("string_agg", "array_agg");

  private static final Set<String> OTHER = Set.of("json_agg", "jsonb_agg",
      "json_object_agg", "jsonb_object_agg", "json_agg_strict", "jsonb_agg_strict", "json_object_agg_strict",
      "jsonb_object_agg_strict", "json_object_agg_unique", "jsonb_object_agg_unique",
      "json_object_agg_unique_strict", "jsonb_object_agg_unique_strict", "json_arrayagg", "json_objectagg",
      "xmlagg", "bit_and", "bit_or", "bit_xor", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop",
      "var_samp", "corr", "covar_pop", "covar_samp", "regr_avgx", "regr_avgy", "regr_count", "regr_intercept",
      "regr_r2", "regr_slope", "regr_sxx", "regr_sxy", "regr_syy", "percentile_cont", "percentile_disc",
      "mode", "any_value", "range_agg", "range_intersect_agg", "grouping", "array_concat_agg", "listagg",
      "group_concat", "collect", "fusion", "intersection");

  private AggregateCalls() {}

  /** The function's name, lower case, without schema; null for anything but a function call. */
  static String name(SqlNode node) {
    if (!(node instanceof SqlCall call) || !(call.getOperator() instanceof SqlFunction f)) {
      return null;
    }
    String n = f.getName();
    int dot = n.lastIndexOf('.');
    return (dot >= 0 ? n.substring(dot + 1) : n).toLowerCase(Locale.ROOT);
  }

  /** Whether {@code node} itself is an aggregate call (or one wrapped in FILTER / WITHIN GROUP). */
  static boolean isAggregate(SqlNode node) {
    if (node instanceof SqlCall c && (c.getKind() == SqlKind.FILTER || c.getKind() == SqlKind.WITHIN_GROUP)) {
      return true;
    }
    String n = name(node);
    return n != null && (COMBINABLE.contains(n) || ORDERED.contains(n) || OTHER.contains(n));
  }

  /** Whether {@code node} contains an aggregate call anywhere (subqueries excluded: they are refused). */
  static boolean contains(SqlNode node) {
    return !find(node).isEmpty();
  }

  /** The outermost aggregate calls in {@code node}, FILTER / WITHIN GROUP wrappers included. */
  static List<SqlCall> find(SqlNode node) {
    List<SqlCall> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(SqlNode node, List<SqlCall> out) {
    if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        collect(n, out);
      }
    } else if (node instanceof SqlCall call) {
      if (call.getKind() == SqlKind.OVER) {
        return; // a window function: computed per row, not an aggregate of the statement
      }
      if (isAggregate(call)) {
        out.add(call);
        return;
      }
      for (SqlNode n : call.getOperandList()) {
        collect(n, out);
      }
    }
  }

  /**
   * Why the aggregate {@code call} cannot be merged, or null when it can: a combinable function without
   * DISTINCT (harmless for min, max, bool_and, bool_or and every), WITHIN GROUP or OVER.
   */
  static String unsupported(SqlCall call) {
    if (isOrdered(call)) {
      return orderedUnsupported(call);
    }
    SqlCall inner = unwrapFilter(call);
    if (inner.getKind() == SqlKind.WITHIN_GROUP) {
      return "WITHIN GROUP";
    }
    String n = name(inner);
    if (n == null || !COMBINABLE.contains(n)) {
      return n == null ? inner.getKind().toString() : n;
    }
    if (inner.getFunctionQuantifier() != null
        && inner.getFunctionQuantifier().getValue() == SqlSelectKeyword.DISTINCT
        && (n.equals("count") || n.equals("sum") || n.equals("avg"))) {
      return n + "(DISTINCT ...)";
    }
    return null;
  }

  /** Whether {@code call} is count(DISTINCT x) of one argument without FILTER (the merge counts x exactly). */
  static boolean isCountDistinct(SqlCall call) {
    return call.getKind() != SqlKind.FILTER && "count".equals(name(call)) && call.getFunctionQuantifier() != null
        && call.getFunctionQuantifier().getValue() == SqlSelectKeyword.DISTINCT && call.operandCount() == 1;
  }

  /** The aggregate call inside a FILTER wrapper, or the call itself. */
  static SqlCall unwrapFilter(SqlCall call) {
    return call.getKind() == SqlKind.FILTER ? (SqlCall) call.operand(0) : call;
  }

  /**
   * The function call itself: inside FILTER, and inside the WITHIN GROUP node Calcite makes of an ORDER BY
   * written within the parentheses of string_agg / array_agg.
   */
  static SqlCall unwrap(SqlCall call) {
    SqlCall inner = unwrapFilter(call);
    if (inner.getKind() == SqlKind.WITHIN_GROUP && inner.operand(0) instanceof SqlCall f
        && ORDERED.contains(String.valueOf(name(f)))) {
      return f;
    }
    return inner;
  }

  /** Whether {@code call} is string_agg or array_agg (merged from raw per-row inputs). */
  static boolean isOrdered(SqlCall call) {
    return ORDERED.contains(String.valueOf(name(unwrap(call))));
  }

  /** Why string_agg / array_agg {@code call} cannot be merged, or null. */
  private static String orderedUnsupported(SqlCall call) {
    SqlCall f = unwrap(call);
    String n = name(f);
    if (call.getKind() == SqlKind.FILTER) {
      return n + "(...) FILTER (...)";
    }
    if (f.getFunctionQuantifier() != null && f.getFunctionQuantifier().getValue() == SqlSelectKeyword.DISTINCT) {
      return n + "(DISTINCT ...)";
    }
    return null;
  }
}
