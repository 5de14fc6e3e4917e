package io.shardgate.router.fanout;

/**
 * Plans a SELECT on the tables of one colo that has no shard-key value, to run on every shard of the colo:
 * the SQL each shard runs and the merge that turns the shards' answers into the answer one PostgreSQL
 * holding all the rows would give. Pure: no I/O, no catalog; everything comes from the statement's text.
 *
 * <p>Supported: projections and WHERE ({@code Concat}); ORDER BY by output column, position or expression,
 * ASC/DESC, NULLS FIRST/LAST ({@code MergeSort}, sort keys outside the select list as hidden columns);
 * LIMIT / OFFSET / FETCH FIRST constants (shards get LIMIT offset + count); DISTINCT ({@code HashDistinct});
 * count, sum, min, max, avg (as sum and count), bool_and, bool_or and every, with or without FILTER, GROUP BY
 * on columns, positions or expressions, HAVING with comparisons, AND/OR/NOT, IS NULL and BETWEEN
 * ({@code HashAggregate}, {@code Filter}, {@code Sort}). Anything else is refused with a
 * {@link FanoutRefusal} (SQLSTATE 0A000) rather than answered wrongly.
 *
 * <p>Text order and grouping in the merge are by bytes (the "C" collation): on databases with another
 * collation, ORDER BY, min and max of text merge in a different order than the shards sort.
 */
public final class FanoutPlanner {
  private FanoutPlanner() {}

  /**
   * The plan for {@code sql} on {@code shards} shards.
   *
   * @throws io.shardgate.router.errors.SqlError a {@link FanoutRefusal} (0A000) for what cannot be merged, or
   *     PostgreSQL's own error for a statement it would reject (e.g. 42P10 for ORDER BY 9 of two columns)
   */
  public static FanoutPlan plan(String sql, int shards) {
    return plan(sql, shards, ShardKeys.NONE);
  }

  /**
   * The plan for {@code sql} on {@code shards} shards of a colo whose tables have the shard keys {@code keys}:
   * window functions partitioned by a shard key run on the shards.
   */
  public static FanoutPlan plan(String sql, int shards, ShardKeys keys) {
    if (shards < 1) {
      throw new IllegalArgumentException("a fan-out needs at least one shard");
    }
    SetOperationPlanner.Parts setOperation = SetOperationPlanner.split(sql);
    if (setOperation != null) {
      return SetOperationPlanner.plan(setOperation, shards);
    }
    SelectStatement statement = SelectStatement.parse(sql, keys);
    return statement.aggregates()
        ? AggregatePlanner.plan(statement, shards)
        : RowPlanner.plan(statement, shards);
  }
}
