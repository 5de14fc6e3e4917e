package io.shardgate.router.fanout;

import io.shardgate.router.errors.SqlError;

/**
 * The catalogue of statements the fan-out planner refuses, each a {@link SqlError} with SQLSTATE 0A000
 * (feature_not_supported), a message naming the construct, a detail saying why merging cannot give the
 * single-database answer, and a hint.
 */
public final class FanoutRefusal {
  /** feature_not_supported. */
  public static final String SQLSTATE = "0A000";

  private static final String WHY = "Without a shard-key value the statement runs on every shard of its colo and "
      + "the router merges the shards' answers; ";
  private static final String ONE_SHARD = "Add an equality on the shard key so that one shard answers the statement.";

  private FanoutRefusal() {}

  private static SqlError of(String message, String detail, String hint) {
    return new SqlError(SQLSTATE, message, detail, hint);
  }

  /** Not a plain SELECT (VALUES, TABLE, a parenthesised query...). */
  public static SqlError notSelect() {
    return of("only a SELECT can run on every shard", null, ONE_SHARD);
  }

  /** More than one statement in the text. */
  public static SqlError severalStatements() {
    return of("cannot run several statements on every shard at once", null, "Send one statement at a time.");
  }

  /** Calcite's parser could not read the statement (or the router's view of it). */
  public static SqlError unparsable(String reason) {
    return of("cannot plan this SELECT for every shard: the router could not parse it",
        reason, ONE_SHARD);
  }

  /** A construct whose per-shard results cannot be merged into the single-database answer. */
  public static SqlError construct(String construct, String because) {
    return of(construct + " is not supported in a statement that runs on every shard", WHY + because, ONE_SHARD);
  }

  /** A subquery: it would see only the rows of each shard. */
  public static SqlError subquery(String where) {
    return construct("a subquery in " + where, "a subquery would run on each shard over that shard's rows only.");
  }

  /** An aggregate that cannot be re-combined from per-shard partial results. */
  public static SqlError aggregate(String call) {
    return construct("aggregate " + call,
        "it cannot be combined from the shards' partial results (count, sum, min, max, avg, bool_and, bool_or "
            + "and every are re-combined; string_agg and array_agg without DISTINCT or FILTER are merged from "
            + "the shards' rows).");
  }

  /** An expression over aggregates in the select list, HAVING or ORDER BY. */
  public static SqlError expressionOverAggregate(String expression) {
    return of("expression over aggregates \"" + expression + "\" is not supported in a statement that runs on every "
            + "shard",
        WHY + "the router combines plain aggregate calls but does not compute expressions over them.",
        "Select the aggregates themselves and compute the expression in the application, or " + lower(ONE_SHARD));
  }

  /** A HAVING condition the router cannot evaluate over the merged groups. */
  public static SqlError having(String what) {
    return of("HAVING condition " + what + " is not supported in a statement that runs on every shard",
        WHY + "HAVING is evaluated by the router after the groups are combined, and it understands only "
            + "comparisons, AND, OR, NOT, IS [NOT] NULL and BETWEEN of aggregates, grouping columns and constants.",
        "Simplify the condition, or " + lower(ONE_SHARD));
  }

  /** LIMIT / OFFSET / FETCH the router cannot read as a constant. */
  public static SqlError limit(String clause) {
    return of("LIMIT / OFFSET " + clause + " is not supported in a statement that runs on every shard",
        WHY + "the router applies LIMIT and OFFSET itself and needs them as integer constants.",
        "Write LIMIT and OFFSET as integer constants, or " + lower(ONE_SHARD));
  }

  /** A GROUP BY name that could be an input column or an output column alias. */
  public static SqlError groupByAlias(String name) {
    return of("GROUP BY \"" + name + "\" is ambiguous in a statement that runs on every shard",
        WHY + "\"" + name + "\" names an output column but may also be an input column, which PostgreSQL would "
            + "prefer; the router cannot tell which.",
        "Write GROUP BY with the column's position or its expression.");
  }

  /** An ORDER BY collation the merge cannot follow. */
  public static SqlError collation(String name) {
    return of("ORDER BY ... COLLATE " + name + " is not supported in a statement that runs on every shard",
        WHY + "the router merges sorted text by its bytes, the \"C\" collation, only.",
        "Use COLLATE \"C\", or " + lower(ONE_SHARD));
  }

  /** A parsed expression for a message, in PostgreSQL's spelling (the client's own text where it is at hand). */
  static String show(org.apache.calcite.sql.SqlNode node) {
    return node.toSqlString(org.apache.calcite.sql.dialect.PostgresqlSqlDialect.DEFAULT).getSql();
  }

  private static String lower(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
